//! Any bytes as a cases table, in CSV and in JSON, beside the sample tree:
//! reading gives a dataset or an error naming where, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let tree = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data/units.csv");
    if std::fs::copy(tree, dir.path().join("units.csv")).is_err() {
        return;
    }
    for name in ["cases.csv", "cases.json"] {
        let _ = std::fs::remove_file(dir.path().join("cases.csv"));
        let _ = std::fs::remove_file(dir.path().join("cases.json"));
        if std::fs::write(dir.path().join(name), data).is_ok() {
            let _ = etalon::io::load_dataset(dir.path());
        }
    }
});
