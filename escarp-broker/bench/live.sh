#!/usr/bin/env bash
# The live-view benchmark (BENCHMARKS.md): 4 slots (BENCH_SLOTS to change) watched at once in the
# console, against the same pool with the console closed, in one run. Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
java -Dbench.verbose="${BENCH_VERBOSE:-false}" -Dbench.slots="${BENCH_SLOTS:-4}" -Dbench.rounds="${BENCH_ROUNDS:-3}" \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat "$cp_file")" \
  dev.escarp.broker.bench.LiveViewBenchmark
rm -f "$cp_file"
