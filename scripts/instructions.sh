#!/usr/bin/env sh
# Counts the instructions each source spends per event on the three surfaces of
# examples/throughput_report.rs (generate, parse_line, engine), with valgrind's callgrind.
# Instruction counts do not depend on the load of the machine, so they compare two builds
# where timings on a shared machine vary too much; they do not count cache misses or stalls.
#
# Usage: scripts/instructions.sh [events per surface] [source...]   (default 20000, all)
# Needs valgrind (Debian package `valgrind`).
set -eu

cd "$(dirname "$0")/.."
events=20000
case "${1:-}" in
    '' | *[!0-9]*) ;;
    *) events=$1; shift ;;
esac
cargo build --release --example throughput_report

binary=target/release/examples/throughput_report
if [ "$#" -eq 0 ]; then
    set -- $("$binary" --list)
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

printf '%-28s %12s %12s %12s\n' source generate parse_line engine
for source in "$@"; do
    valgrind --tool=callgrind --callgrind-out-file="$out/$source" "$binary" --events "$events" "$source" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes "$out/$source" 2>/dev/null | awk -v source="$source" -v events="$events" '
        function count(text) { gsub(",", "", text); return text + 0 }
        /throughput_report::generate_events/ { generate = count($1) }
        /throughput_report::parse_lines/ { lines = count($1) }
        /throughput_report::parse_engine/ { engine = count($1) }
        END { printf "%-28s %12.0f %12.0f %12.0f\n", source, generate / events, lines / events, engine / events }'
done
