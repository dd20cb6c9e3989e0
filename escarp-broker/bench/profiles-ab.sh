#!/usr/bin/env bash
# Before/after of the profile acquire (BENCHMARKS.md, issue 16): runs ProfileAcquireBenchmark of a
# base commit and of this tree alternately, BENCH_REPS pairs (3 by default) of BENCH_ROUNDS rounds
# (10 by default), so both see the same load; then the median over the runs of each one's figures.
# Usage: escarp-broker/bench/profiles-ab.sh BASE_COMMIT   (e.g. 6a1c468, the code before issue 16's
# speed work). Needs chromium. The base is unpacked into a temporary directory (never installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
base_commit=${1:?usage: profiles-ab.sh BASE_COMMIT}
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
git archive "$base_commit" | tar -x -C "$base"
. escarp-broker/bench/classpath.sh
declare -A cps
for tree in "$base" "$PWD"; do
  cps[$tree]=$(broker_classpath "$tree")
done
results=$(mktemp)
for rep in $(seq 1 "${BENCH_REPS:-3}"); do
  for tree in "$base" "$PWD"; do
    label=$([ "$tree" = "$PWD" ] && echo after || echo before)
    echo "== $label, run $rep, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    out=$(cd "$tree" && java -Dbench.rounds="${BENCH_ROUNDS:-10}" \
      -cp "${cps[$tree]}" \
      dev.escarp.broker.bench.ProfileAcquireBenchmark 2>/dev/null)
    echo "$out"
    echo "$out" | sed -n "s/^| \(.*\) | \([0-9.]*\) ms | .*| \**\([0-9.-]*\)[ ms*]*|$/$label|\1|\2|\3/p" >> "$results"
  done
done
echo
echo "| acquire | before: p50 (added) | after: p50 (added) |"
echo "|---|---|---|"
for row in "without a profile" "with the profile, slot already clean" "with the profile, wipe first"; do
  med() { grep "^$1|$row|" "$results" | cut -d'|' -f"$2" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "| $row | $(med before 3) ms ($(med before 4)) | $(med after 3) ms ($(med after 4)) |"
done
echo "median of the runs' p50s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$results"
