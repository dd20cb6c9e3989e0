#!/usr/bin/env bash
# First minute against warm, for daemon builds side by side (BENCHMARKS.md): acquire latency,
# heartbeat throughput and status latency, each build in turn per round over the same 4 browsers.
# Usage: first-minute.sh [other bin/escarp ...]   (this checkout's distribution always runs first)
# BENCH_ROUNDS=3 by default; BENCH_CYCLES=200 acquire cycles per measurement by default (fewer when a
# busy machine cannot fit them, a browser reset each, in the daemon's first minute). Needs chromium and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "first-minute.sh: wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }
# package, never install: nothing of this checkout goes into the shared ~/.m2
./mvnw -q -pl escarp-cli -am package -DskipTests
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
builds="$PWD/escarp-cli/target/escarp/bin/escarp"
for other in "$@"; do builds="$builds,$other"; done
java -Dbench.builds="$builds" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.cycles="${BENCH_CYCLES:-200}" \
  -cp "$cp" \
  dev.escarp.broker.bench.FirstMinuteBenchmark
