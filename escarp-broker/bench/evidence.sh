#!/usr/bin/env bash
# What evidence costs: the holder's CDP round trip through the relay, and release-to-free, with
# evidence off and on, side by side in one run over two real browsers (BENCHMARKS.md, issue 17).
# Usage: escarp-broker/bench/evidence.sh   (BENCH_ROUNDS=20 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Compiles in the reactor (never installs): each module's classpath lands in its target/bench.cp.
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp
java -Dbench.rounds="${BENCH_ROUNDS:-20}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat escarp-broker/target/bench.cp)" \
  dev.escarp.broker.bench.EvidenceBenchmark
