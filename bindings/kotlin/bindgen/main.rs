//! The bindings generator, built from the same uniffi version as the library:
//! `cargo run -p etalon-kotlin --bin uniffi-bindgen -- generate --library ...`.
//!
//! After uniffi has written the Kotlin file, [`jvm_surface`] finishes it for
//! JVM hosts: objects checked before they cross, nulls from Java refused
//! with a typed exception, static factories and overloads for Java.

mod jvm_surface;

use std::path::PathBuf;
use std::process::ExitCode;

/// The generated file, under `--out-dir`, for the package of `uniffi.toml`.
const GENERATED: &str = "ru/etalon/etalon.kt";

fn main() -> ExitCode {
    uniffi::uniffi_bindgen_main();
    let args: Vec<String> = std::env::args().collect();
    let kotlin = args
        .windows(2)
        .any(|w| w[0] == "--language" && w[1] == "kotlin");
    let out_dir = args
        .windows(2)
        .find(|w| w[0] == "--out-dir")
        .map(|w| PathBuf::from(&w[1]));
    let (true, Some(out_dir)) = (kotlin, out_dir) else {
        return ExitCode::SUCCESS;
    };
    let path = out_dir.join(GENERATED);
    let finished = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e}", path.display()))
        .and_then(|source| jvm_surface::finish(&source))
        .and_then(|text| {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
        });
    match finished {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("uniffi-bindgen: finishing the Kotlin for the JVM: {message}");
            ExitCode::FAILURE
        }
    }
}
