//! Criterion benchmarks of the log at 10⁶ entries, in memory: appending a
//! million leaves, then generating and checking an inclusion proof and a
//! consistency proof in the tree of a million leaves. Later storage work
//! compares its figures with these.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use diligence_ledger::log::{leaf_hash, verify_consistency, verify_inclusion, MemoryLog};
use std::hint::black_box;

const ENTRIES: u64 = 1_000_000;

fn entry(i: u64) -> Vec<u8> {
    format!("{{\"entry\":{i}}}").into_bytes()
}

fn log_of(n: u64) -> MemoryLog {
    let mut log = MemoryLog::new();
    for i in 0..n {
        log.append(&entry(i));
    }
    log
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("log-append");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ENTRIES));
    group.bench_function("append-1e6-leaves", |b| {
        b.iter_batched(
            || (0..ENTRIES).map(entry).collect::<Vec<_>>(),
            |entries| {
                let mut log = MemoryLog::new();
                for e in &entries {
                    log.append(e);
                }
                black_box(log.size())
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let log = log_of(ENTRIES);
    let root = log.root(ENTRIES).expect("root");
    let index = 765_432;
    let leaf = leaf_hash(&entry(index));
    let mut group = c.benchmark_group("log-proofs-at-1e6");
    group.bench_function("inclusion-proof", |b| {
        b.iter(|| log.inclusion_proof(black_box(index), ENTRIES))
    });
    let proof = log.inclusion_proof(index, ENTRIES).expect("proof");
    group.bench_function("inclusion-verify", |b| {
        b.iter(|| verify_inclusion(black_box(&proof), ENTRIES, root, index, leaf))
    });
    let old = 654_321;
    group.bench_function("consistency-proof", |b| {
        b.iter(|| log.consistency_proof(black_box(old), ENTRIES))
    });
    let proof = log.consistency_proof(old, ENTRIES).expect("proof");
    let old_root = log.root(old).expect("root");
    group.bench_function("consistency-verify", |b| {
        b.iter(|| verify_consistency(black_box(&proof), old, old_root, ENTRIES, root))
    });
    group.bench_function("root", |b| b.iter(|| log.root(black_box(ENTRIES))));
    group.finish();
}

criterion_group!(log_benches, benches);
criterion_main!(log_benches);
