//! What the integration tests share: the spec's doctrine ids (section 5), in
//! the spec's order.

/// The seven doctrine profiles of the spec, in its order.
pub const DOCTRINES: &[&str] = &[
    "corfu-channel-literal",
    "tallinn-manual-2",
    "coco-dias-2021",
    "gge-2015",
    "gge-2021",
    "ilc-prevention-2001",
    "specific-rules-only",
];
