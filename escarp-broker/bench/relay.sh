#!/usr/bin/env bash
# The relay benchmark (BENCHMARKS.md): relay against the browser's own endpoint in one run, with
# the daemon as its own process over 8 real browsers (BENCH_SLOTS to change). Needs chromium.
# BENCH_EVIDENCE=0 turns the daemon's evidence off (a relayed lease is watched, a direct one is not).
# BENCH_FIRST_PAGE_ROUNDS (12): counted first-page samples per arm; more settle the ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.slots="${BENCH_SLOTS:-8}" -Dbench.screencastOnly="${BENCH_SCREENCAST_ONLY:-false}" \
  -Dbench.firstPageRounds="${BENCH_FIRST_PAGE_ROUNDS:-12}" \
  -cp "$cp" \
  dev.escarp.broker.bench.RelayBenchmark
