#!/usr/bin/env bash
# What evidence costs: the holder's CDP round trip through the relay, and release-to-free, with
# evidence off and on, side by side in one run over two real browsers (BENCHMARKS.md, issue 17).
# Usage: escarp-broker/bench/evidence.sh   (BENCH_ROUNDS=20 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.rounds="${BENCH_ROUNDS:-20}" \
  -cp "$cp" \
  dev.escarp.broker.bench.EvidenceBenchmark
