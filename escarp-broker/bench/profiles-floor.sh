#!/usr/bin/env bash
# The floor under the profile acquire (BENCHMARKS.md, issue 16): escarp's acquire with the profile
# next to a bare CDP client doing only the unavoidable steps and Playwright's own
# newContext(storageState), arms alternating over one browser that escarp launched.
# Usage: escarp-broker/bench/profiles-floor.sh   (BENCH_ROUNDS=20 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 java -Dbench.rounds="${BENCH_ROUNDS:-20}" \
  -cp "$cp" \
  dev.escarp.broker.bench.ProfileFloorBenchmark
