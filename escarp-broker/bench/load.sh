#!/usr/bin/env bash
# The daemon's load benchmark (BENCHMARKS.md): 4 real browsers, the daemon as its own process,
# wrk as the load generator on the same machine. Needs chromium and wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }
# The daemon runs as people run it: `escarp daemon` from the distribution (its JVM flags, its
# class-data archive), so the CLI's distribution is built too.
# package, never install: nothing of this checkout goes into the shared ~/.m2
./mvnw -q -pl escarp-cli -am package -DskipTests
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
java -Dbench.escarp="$PWD/escarp-cli/target/escarp/bin/escarp" \
  -cp "$cp" \
  dev.escarp.broker.bench.BrokerLoadBenchmark
