#!/usr/bin/env bash
# The MCP transports side by side (BENCHMARKS.md): connect to tools listed over the daemon's /mcp
# against a stdio shim's spawn, and the control plane's memory for 8 agents.
# Usage: escarp-mcp/bench/transports.sh   (BENCH_RUNS=21 by default). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -pl escarp-cli -am package -DskipTests
# In the reactor, so the sibling modules' test classes resolve without installing anything.
./mvnw -q -pl escarp-mcp -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
cp=$(cat escarp-mcp/target/bench-classpath.txt)
java -Dbench.runs="${BENCH_RUNS:-21}" -Dbench.escarp="$PWD/escarp-cli/target/escarp/bin/escarp" \
  -cp "escarp-mcp/target/test-classes:escarp-mcp/target/classes:$cp" \
  dev.escarp.mcp.bench.McpTransportBenchmark
