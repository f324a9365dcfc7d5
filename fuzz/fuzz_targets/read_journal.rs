//! Any bytes as a journal file: decoding and verifying recover the complete
//! events or say what is damaged, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = etalon::journal::codec::decode(data) {
        let _ = etalon::journal::JournalState::replay(decoded.events.iter());
    }
    let _ = etalon::journal::codec::verify(data);
});
