//! Criterion benchmarks of the assessment engine on the shipped profiles:
//! one scenario against every profile (with and without traces), every
//! situation of the spec's fact space against every profile, and uncertain
//! scenarios (three facts unknown; every fact unknown, which is the whole
//! fact space) with conditions, decisive facts and questions.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use diligence_core::evaluate::status_of_bits;
use diligence_core::outcome::assess_all;
use diligence_core::{assess, space, status_of, Fact, Profile, UncertainFacts, Values};
use diligence_kb::KnowledgeBase;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let scenario = kb
        .scenario("ransomware-hospitals-notified")
        .expect("example")
        .scenario
        .facts;
    let facts = scenario.as_definite().expect("a definite example");
    let profiles = kb.profiles.len() as u64;
    let all: Vec<&Profile> = kb.profiles.iter().collect();

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

    let three = [Fact::Knowledge, Fact::Measures, Fact::Continuing]
        .into_iter()
        .fold(scenario, |u, f| u.with(f, Values::all(f)));
    let everything = UncertainFacts::everything();
    let mut uncertain = c.benchmark_group("uncertain-scenario");
    uncertain.throughput(Throughput::Elements(profiles));
    uncertain.bench_function("definite-all-profiles-decisive", |b| {
        b.iter(|| assess_all(&all, black_box(&scenario), true))
    });
    uncertain.bench_function("three-unknown-all-profiles-decisive", |b| {
        b.iter(|| assess_all(&all, black_box(&three), true))
    });
    uncertain.bench_function("every-fact-unknown-all-profiles-decisive", |b| {
        b.iter(|| assess_all(&all, black_box(&everything), true))
    });
    uncertain.finish();

    let situations: Vec<u64> = (0..space::SIZE).map(space::bits).collect();
    let mut space_group = c.benchmark_group("fact-space");
    space_group.sample_size(10);
    space_group.throughput(Throughput::Elements(situations.len() as u64 * profiles));
    space_group.bench_function("207360-situations-x-all-profiles", |b| {
        b.iter(|| {
            let mut breaches = 0usize;
            for &situation in &situations {
                for p in &kb.profiles {
                    breaches += usize::from(
                        status_of_bits(p, black_box(situation)).0 == diligence_core::Status::Breach,
                    );
                }
            }
            breaches
        })
    });
    space_group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
