//! The CPU cost of one `POST /api/v1/assess` without the network: reading
//! the JSON body, assessing every profile, and writing the response; each
//! step alone, so the load figures of `bench/web-load.sh` can be read
//! against them; and the whole request for a definite scenario against the
//! same scenario with three facts unknown (the aim: within 2x).

use criterion::{criterion_group, criterion_main, Criterion};
use diligence_core::outcome::assess_all;
use diligence_core::Profile;
use diligence_kb::KnowledgeBase;
use diligence_server::facts::scenario_from_json;
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The spec's example.
const BODY: &[u8] = br#"{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","knowledge":"notified","timing":"ongoing","capacity":"feasible","measures":"none"}"#;

/// The same with three facts unknown: what the State knew, what it did, and
/// whether the group keeps operating.
const UNCERTAIN: &[u8] = br#"{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","knowledge":"unknown","timing":"ongoing","capacity":"feasible","measures":"unknown","continuing":"unknown"}"#;

fn request(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let all: Vec<&Profile> = kb.profiles.iter().collect();
    let sc = scenario_from_json(BODY).expect("valid facts");
    let report = assess_all(&all, &sc.facts, false);
    let mut g = c.benchmark_group("assess_request");
    g.bench_function("read_body", |b| {
        b.iter(|| scenario_from_json(black_box(BODY)).is_ok())
    });
    g.bench_function("assess_34_traced", |b| {
        b.iter(|| assess_all(&all, black_box(&sc.facts), false))
    });
    g.bench_function("write_json", |b| {
        b.iter(|| diligence_report::json::assessment(black_box(&sc), black_box(&report)))
    });
    g.bench_function("write_json_compact_reference", |b| {
        b.iter(|| serde_json::to_vec(black_box(&report.results)))
    });
    for (name, body) in [("whole", BODY), ("whole_three_unknown", UNCERTAIN)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let sc = scenario_from_json(black_box(body)).expect("valid");
                let report = assess_all(&all, &sc.facts, false);
                diligence_report::json::assessment(&sc, &report)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, request);
criterion_main!(benches);
