#!/usr/bin/env sh
# Prints generation and parsing rates of every registered source on one core, with their
# ratios to the performance targets (see examples/throughput_report.rs): generation, the
# source's own reader (parse_line) and the whole parse engine (framing, parse_line, OCSF
# record, raw_data). docs/benchmarks.md records the results.
#
# Usage: scripts/bench.sh [seconds per measurement] [source...]
# The criterion benchmarks (cargo bench --bench throughput) measure the same surfaces with
# confidence intervals. This script prints the quick table.
set -eu

cd "$(dirname "$0")/.."
cargo build --release --example throughput_report

binary=target/release/examples/throughput_report
if command -v taskset >/dev/null 2>&1; then
    # One core, so the numbers compare with single-core targets on any machine.
    exec taskset -c 0 "$binary" "$@"
fi
echo "taskset not found: running without pinning to one core" >&2
exec "$binary" "$@"
