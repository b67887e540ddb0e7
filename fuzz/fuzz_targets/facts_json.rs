//! Fuzz target: the facts object of the API and of saved scenarios, read
//! from arbitrary bytes through the core's reader, never panics; whatever it
//! accepts is written back (values, lists, "unknown") and reads back the
//! same.
#![no_main]

use diligence_core::UncertainFacts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(facts) = serde_json::from_slice::<UncertainFacts>(data) {
        let written = serde_json::to_vec(&facts).expect("facts serialise");
        let again: UncertainFacts =
            serde_json::from_slice(&written).expect("what is written reads back");
        assert_eq!(again, facts);
    }
});
