//! Fuzz target: the scenario parser never panics, whatever the bytes, and
//! every error it reports points inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = diligence_kb::parse_scenario("fuzz.toml", data) {
        assert!(e.position.line >= 1 && e.position.column >= 1);
        let _ = e.to_string();
    }
});
