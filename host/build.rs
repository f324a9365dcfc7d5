//! Embeds the standard rule package (`rules/`) into the `etalon` library, so
//! the binary and the bindings work without the source tree.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // The package lives beside the crates, at the top of the repository.
    let rules = root.join("../rules");
    println!("cargo:rerun-if-changed=../rules");
    let mut files = Vec::new();
    collect(&rules, &rules, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The files of the standard package: (path, text).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, abs) in &files {
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("standard_package.rs");
    std::fs::write(dest, out).expect("write the embedded package list");
}

/// Package files: everything but documentation.
fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, out);
        } else if !name.ends_with(".md") {
            let rel = path
                .strip_prefix(base)
                .expect("inside base")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
}
