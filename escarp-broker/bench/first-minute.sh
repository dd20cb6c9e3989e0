#!/usr/bin/env bash
# First minute against warm, for daemon builds side by side (BENCHMARKS.md): acquire latency,
# heartbeat throughput and status latency, each build in turn per round over the same 4 browsers.
# Usage: first-minute.sh [other bin/escarp ...]   (this checkout's distribution always runs first)
# BENCH_ROUNDS=3 by default. Needs chromium and wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "first-minute.sh: wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }
./mvnw -q -pl escarp-cli -am install -DskipTests
cp=$(./mvnw -q -pl escarp-broker dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
builds="$PWD/escarp-cli/target/escarp/bin/escarp"
for other in "$@"; do builds="$builds,$other"; done
java -Dbench.builds="$builds" -Dbench.rounds="${BENCH_ROUNDS:-3}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$cp" \
  dev.escarp.broker.bench.FirstMinuteBenchmark
