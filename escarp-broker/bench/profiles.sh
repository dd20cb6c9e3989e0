#!/usr/bin/env bash
# Acquire with an auth profile (100 cookies over 3 origins, with localStorage) against acquire
# without one, side by side in one run over one real browser (BENCHMARKS.md, issue 16).
# Usage: escarp-broker/bench/profiles.sh   (BENCH_ROUNDS=40 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.rounds="${BENCH_ROUNDS:-40}" \
  -cp "$cp" \
  dev.escarp.broker.bench.ProfileAcquireBenchmark
