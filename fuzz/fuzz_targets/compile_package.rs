//! Any bytes as one file of the standard package (the first byte chooses
//! which): compiling reports or succeeds, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let mut files = etalon::standard_files();
    let names: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    let name = &names[which as usize % names.len()];
    files.insert(name, String::from_utf8_lossy(rest).into_owned());
    let _ = etalon::Methodology::check(&files);
});
