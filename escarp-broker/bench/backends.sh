#!/usr/bin/env bash
# Routing across backends (issue 21): acquire latency with 4 local and 4 remote slots, side by
# side in one run, and how fast a dead remote leaves rotation and a revived one comes back.
# Usage: escarp-broker/bench/backends.sh   (BENCH_ROUNDS=30, BENCH_KILLS=5 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.rounds="${BENCH_ROUNDS:-30}" -Dbench.kills="${BENCH_KILLS:-5}" \
  -cp "$cp" \
  dev.escarp.broker.bench.BackendRoutingBenchmark
