//! Criterion benchmarks of the fact-space analyses on the shipped profiles:
//! the whole space against every profile (partition), the counts and
//! matrices over it, and a minimal-pair search. Throughput is reported in
//! profile evaluations per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use diligence_analysis::distinguish::closest;
use diligence_analysis::{Dendrogram, Divergence, Partition};
use diligence_core::{space, Profile};
use diligence_kb::KnowledgeBase;
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let kb = KnowledgeBase::embedded().expect("shipped data is valid");
    let profiles: Vec<&Profile> = kb.profiles.iter().collect();
    let evaluations = (space::SIZE * profiles.len()) as u64;

    let mut group = c.benchmark_group("fact-space");
    group.sample_size(20);
    group.throughput(Throughput::Elements(evaluations));
    group.bench_function("partition-all-profiles", |b| {
        b.iter(|| Partition::of(black_box(&profiles)))
    });
    group.bench_function("divergence-and-clusters-all-profiles", |b| {
        b.iter(|| {
            let d = Divergence::of(&Partition::of(black_box(&profiles)));
            Dendrogram::average_linkage(&d.profiles, &d.disagreements, d.situations)
        })
    });
    group.finish();

    let from = kb
        .scenario("ransomware-hospitals-notified")
        .expect("example")
        .scenario
        .facts;
    let (a, b) = (
        kb.profile("corfu-channel-literal").expect("a"),
        kb.profile("fra-2019").expect("b"),
    );
    let mut group = c.benchmark_group("distinguish");
    group.throughput(Throughput::Elements(2 * space::SIZE as u64));
    group.bench_function("closest-pair", |bench| {
        bench.iter(|| closest(a, b, black_box(&from)))
    });
    group.finish();
}

criterion_group!(analyses, benches);
criterion_main!(analyses);
