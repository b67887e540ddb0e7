//! Fuzz target: an AIF argument map read from arbitrary bytes never panics
//! the reader; whatever it accepts has every attack and support between
//! arguments it read, and labels under grounded semantics without panic.
#![no_main]

use diligence_argue::Semantics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(map) = diligence_report::aif::read(text) {
        let n = map.arguments.len();
        for &(x, y) in map.attacks.iter().chain(&map.supports) {
            assert!(x < n && y < n, "an edge between arguments read");
        }
        let labelled =
            diligence_report::debate::label_graph(&map.values(), &map.attacks, None, Semantics::Grounded)
                .expect("a map read labels");
        assert_eq!(labelled.labels.len(), n);
    }
});
