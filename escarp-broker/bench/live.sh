#!/usr/bin/env bash
# The live-view benchmark (BENCHMARKS.md): 4 slots (BENCH_SLOTS to change) watched at once in the
# console, against the same pool with the console closed, in one run. Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.verbose="${BENCH_VERBOSE:-false}" -Dbench.slots="${BENCH_SLOTS:-4}" -Dbench.rounds="${BENCH_ROUNDS:-3}" \
  -cp "$cp" \
  dev.escarp.broker.bench.LiveViewBenchmark
