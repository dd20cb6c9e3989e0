#!/usr/bin/env bash
# The floor under the profile acquire (BENCHMARKS.md, issue 16): escarp's acquire with the profile
# next to a bare CDP client doing only the unavoidable steps and Playwright's own
# newContext(storageState), arms alternating over one browser that escarp launched.
# Usage: escarp-broker/bench/profiles-floor.sh   (BENCH_ROUNDS=20 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Compiles in the reactor (never installs): each module's classpath lands in its target/bench.cp.
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 java -Dbench.rounds="${BENCH_ROUNDS:-20}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat escarp-broker/target/bench.cp)" \
  dev.escarp.broker.bench.ProfileFloorBenchmark
