//! Criterion benchmarks of the assessment engine on the shipped profiles:
//! one scenario against every profile (with and without traces), and every
//! situation of the spec's fact space against every profile.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use diligence_core::{assess, space, status_of};
use diligence_kb::KnowledgeBase;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let facts = kb
        .scenario("ransomware-hospitals-notified")
        .expect("example")
        .scenario
        .facts;
    let profiles = kb.profiles.len() as u64;

    let mut one = c.benchmark_group("one-scenario");
    one.throughput(Throughput::Elements(profiles));
    one.bench_function("all-profiles-with-trace", |b| {
        b.iter(|| {
            kb.profiles
                .iter()
                .map(|p| assess(p, black_box(&facts)))
                .collect::<Vec<_>>()
        })
    });
    one.bench_function("all-profiles-status-only", |b| {
        b.iter(|| {
            kb.profiles
                .iter()
                .map(|p| status_of(p, black_box(&facts)))
                .collect::<Vec<_>>()
        })
    });
    one.finish();

    let situations: Vec<_> = space::all().collect();
    let mut all = c.benchmark_group("fact-space");
    all.sample_size(10);
    all.throughput(Throughput::Elements(situations.len() as u64 * profiles));
    all.bench_function("103680-situations-x-all-profiles", |b| {
        b.iter(|| {
            let mut breaches = 0usize;
            for f in &situations {
                for p in &kb.profiles {
                    breaches +=
                        usize::from(status_of(p, black_box(f)).0 == diligence_core::Status::Breach);
                }
            }
            breaches
        })
    });
    all.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
