#!/usr/bin/env bash
# Routing across backends (issue 21): acquire latency with 4 local and 4 remote slots, side by
# side in one run, and how fast a dead remote leaves rotation and a revived one comes back.
# Usage: escarp-broker/bench/backends.sh   (BENCH_ROUNDS=30, BENCH_KILLS=5 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Compiles in the reactor (never installs): each module's classpath lands in its target/bench.cp.
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
java -Dbench.rounds="${BENCH_ROUNDS:-30}" -Dbench.kills="${BENCH_KILLS:-5}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat escarp-broker/target/bench.cp)" \
  dev.escarp.broker.bench.BackendRoutingBenchmark
