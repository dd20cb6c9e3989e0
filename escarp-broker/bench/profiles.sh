#!/usr/bin/env bash
# Acquire with an auth profile (100 cookies over 3 origins, with localStorage) against acquire
# without one, side by side in one run over one real browser (BENCHMARKS.md, issue 16).
# Usage: escarp-broker/bench/profiles.sh   (BENCH_ROUNDS=40 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Compiles in the reactor (never installs): each module's classpath lands in its target/bench.cp.
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
java -Dbench.rounds="${BENCH_ROUNDS:-40}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat escarp-broker/target/bench.cp)" \
  dev.escarp.broker.bench.ProfileAcquireBenchmark
