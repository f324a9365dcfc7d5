//! Compiling is deterministic and never panics, whatever the text.

use etalon::{Methodology, PackageFiles};
use proptest::prelude::*;

fn standard_files() -> PackageFiles {
    etalon::standard_files()
}

/// A comparable digest of a compiled package.
fn digest(files: &PackageFiles) -> String {
    match Methodology::compile(files) {
        Ok(m) => serde_json::to_string(&m.catalogue()).unwrap(),
        Err(d) => serde_json::to_string(&d).unwrap(),
    }
}

#[test]
fn compiling_twice_gives_equal_results() {
    let files = standard_files();
    assert_eq!(digest(&files), digest(&files));
}

/// Text that looks like TOML: keys, sections, strings and the odd stray byte.
fn tomlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[package]\n".to_string()),
        Just("[contents]\n".to_string()),
        Just("[[measure]]\n".to_string()),
        Just("[[indicator]]\n".to_string()),
        Just("[[reference]]\n".to_string()),
        Just("id = \"x\"\n".to_string()),
        Just("in_force_from = 2026-01-01\n".to_string()),
        Just("processes = [\"etalon.toml\"]\n".to_string()),
        Just("formula = \"share(a, b)\"\n".to_string()),
        Just("where = \"x == 1 and\"\n".to_string()),
        Just("normal = { min = 1e400 }\n".to_string()),
        "[a-z_]{1,8} = [0-9]{1,30}\n",
        "[a-z_]{1,8} = \"[^\"\\\\]{0,12}\"\n",
        "[\\PC]{0,20}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_manifest_text_makes_compile_panic(text in tomlish()) {
        let mut files = standard_files();
        files.insert("etalon.toml", text.clone());
        let first = digest(&files);
        prop_assert_eq!(first, digest(&files));
    }

    #[test]
    fn no_edit_of_a_rule_file_makes_compile_panic(
        file in 0usize..16,
        at in any::<prop::sample::Index>(),
        insert in "[\\PC]{0,12}",
        cut in 0usize..40,
    ) {
        let mut files = standard_files();
        let names: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
        let name = &names[file % names.len()];
        let text = files.get(name).unwrap_or_default().to_string();
        let mut pos = at.index(text.len() + 1);
        while !text.is_char_boundary(pos) { pos -= 1; }
        let mut end = (pos + cut).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let edited = format!("{}{}{}", &text[..pos], insert, &text[end..]);
        files.insert(name, edited);
        let _ = Methodology::check(&files);
    }
}
