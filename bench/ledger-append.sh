#!/usr/bin/env bash
# The ledger's storage under load, on SQLite and on PostgreSQL, in one run:
#
# - signed appends per second through the store: entries pre-signed (before
#   the clock starts) by 40 States' points of contact, over ENTRIES/4 cases
#   of 4 entries, appended by CALLERS concurrent callers, each waiting for
#   its answer; the store checks every signature, record and case chain,
#   hashes the tree and signs a checkpoint per group commit;
# - the baseline, measured in the same run: the same rows (same columns,
#   bytes and hashes) inserted raw into a table of the same database, in
#   transactions of the store's largest batch, with no signature, chain or
#   tree work; and the ratio signed / raw;
# - the inclusion-proof time at PROOF_LEAVES leaves (10^6 by default): the
#   tree is built by a fast path (its leaves hashed in memory and its stored
#   hashes written in bulk, no entries or signatures), then PROOFS proofs of
#   random leaves are asked of the store, timed, and verified.
#
#   bench/ledger-append.sh [ENTRIES [CALLERS]]   defaults 20000 and 64
#   PROOF_LEAVES=1000000 PROOFS=2000             the proof part
#
# It builds the release binaries, runs SQLite in a temporary folder and
# PostgreSQL in a throw-away cluster (scripts/with-postgres, which installs
# it from Debian's packages when missing), and removes both on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

entries=${1:-20000}
callers=${2:-64}
proof_leaves=${PROOF_LEAVES:-1000000}
proofs=${PROOFS:-2000}

cargo build --release --locked -q -p diligence-ledger-store --bin ledger-store-load
bin=$(pwd)/target/release/ledger-store-load

dir=$(mktemp -d "${TMPDIR:-/tmp}/ledger-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "machine: $(nproc) cores; SQLite in WAL mode, synchronous=FULL; PostgreSQL with its defaults"
scripts/with-postgres sh -c '"$0" bench --dir "$1" --postgres "$DILIGENCE_TEST_POSTGRES" \
  --entries "$2" --callers "$3" --proof-leaves "$4" --proofs "$5"' \
  "$bin" "$dir" "$entries" "$callers" "$proof_leaves" "$proofs"
