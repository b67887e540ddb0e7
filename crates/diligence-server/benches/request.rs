//! The CPU cost of one `POST /api/v1/assess` without the network: reading
//! the JSON body, assessing every profile with full traces, and writing the
//! response; and each step alone, so the load figures of
//! `bench/web-load.sh` can be read against them.

use criterion::{criterion_group, criterion_main, Criterion};
use diligence_core::assess;
use diligence_kb::KnowledgeBase;
use diligence_server::facts::scenario_from_json;
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BODY: &[u8] = br#"{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","knowledge":"notified","timing":"ongoing","capacity":"feasible","measures":"none"}"#;

fn request(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("the embedded knowledge base is valid");
    let sc = scenario_from_json(BODY).expect("valid facts");
    let results: Vec<_> = kb.profiles.iter().map(|p| assess(p, &sc.facts)).collect();
    let mut g = c.benchmark_group("assess_request");
    g.bench_function("read_body", |b| {
        b.iter(|| scenario_from_json(black_box(BODY)).is_ok())
    });
    g.bench_function("assess_34_traced", |b| {
        b.iter(|| {
            kb.profiles
                .iter()
                .map(|p| assess(p, black_box(&sc.facts)))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("write_json", |b| {
        b.iter(|| diligence_report::json::assessment(black_box(&sc), black_box(&results)))
    });
    g.bench_function("write_json_compact_reference", |b| {
        b.iter(|| serde_json::to_vec(black_box(&results)))
    });
    g.bench_function("whole", |b| {
        b.iter(|| {
            let sc = scenario_from_json(black_box(BODY)).expect("valid");
            let results: Vec<_> = kb.profiles.iter().map(|p| assess(p, &sc.facts)).collect();
            diligence_report::json::assessment(&sc, &results)
        })
    });
    g.finish();
}

criterion_group!(benches, request);
criterion_main!(benches);
