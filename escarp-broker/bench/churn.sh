#!/usr/bin/env bash
# The churn benchmark (BENCHMARKS.md, issue 19): clients x slots x seconds of
# acquire(wait_s) -> heartbeat -> release per client, against a real daemon (its own process) over
# real headless Chromium, each reset strategy in turn in one run. Needs chromium.
#   BENCH_CELLS      clients x slots cells (default 1x4,4x4,8x4,8x8,16x16)
#   BENCH_STRATEGIES ESCARP_RESET_STRATEGY values to compare (default full,reuse)
#   BENCH_SECONDS    measured seconds per cell and strategy (default 15; 5 s warm-up before)
#   BENCH_ROUNDS     how many times the whole grid runs (default 1)
#   BENCH_POLICY     ESCARP_RESET_POLICY for the daemon (default: the daemon's, tabs)
#   BENCH_EVIDENCE   ESCARP_EVIDENCE_KEEP for the daemon (default: the daemon's, 50; 0 turns evidence off)
#   BENCH_BASE       a checkout of another commit (e.g. `git archive <commit> | tar -x -C /tmp/base`): its daemon
#                    runs each cell too, right before this one's (built here with its own ./mvnw, no install)
#   BENCH_DAEMON_JAVA_OPTS  JAVA_TOOL_OPTIONS for the daemons (e.g. -XX:StartFlightRecording=filename=/tmp/churn.jfr)
#   BENCH_DRIVE      1: each holder connects to its cdp_ws_url once per lease, attaches to the page, evaluates
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
base_cp=""
if [ -n "${BENCH_BASE:-}" ]; then
  base_cp=$(broker_classpath "$BENCH_BASE")
fi
java -Dbench.cells="${BENCH_CELLS:-1x4,4x4,8x4,8x8,16x16}" -Dbench.strategies="${BENCH_STRATEGIES:-full,reuse}" \
  -Dbench.seconds="${BENCH_SECONDS:-15}" -Dbench.rounds="${BENCH_ROUNDS:-1}" -Dbench.policy="${BENCH_POLICY:-}" \
  -Dbench.evidence="${BENCH_EVIDENCE:-}" -Dbench.base="$base_cp" -Dbench.daemonJavaOptions="${BENCH_DAEMON_JAVA_OPTS:-}" -Dbench.drive="$([ "${BENCH_DRIVE:-0}" = 1 ] && echo true || echo false)" \
  -cp "$cp" \
  dev.escarp.broker.bench.ChurnBenchmark
