#!/usr/bin/env bash
# Start-up benchmark: wall time of `escarp status` (a real daemon answering, with an empty pool so
# no browser is needed) against `java -version` on the same JDK, alternating, RUNS times each.
# Prints both medians and their ratio. Builds the distribution first if it is missing.
#   escarp-cli/bench/startup.sh            (RUNS=31 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
escarp=escarp-cli/target/escarp/bin/escarp
[ -x "$escarp" ] || ./mvnw -q -DskipTests -pl escarp-cli -am package

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=$(( 20000 + RANDOM % 30000 )); while ! port_free "$port"; do port=$((port + 1)); done
ESCARP_HOME=$(mktemp -d); ESCARP_POOL_SIZE=0; ESCARP_API_PORT=$port
export ESCARP_HOME ESCARP_POOL_SIZE ESCARP_API_PORT
trap '"$escarp" daemon stop >/dev/null 2>&1 || true; rm -rf "$ESCARP_HOME"' EXIT
"$escarp" daemon --background >/dev/null
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
status=(); version=()
for _ in $(seq 1 "${RUNS:-31}"); do
  status+=("$(ms "$escarp" status)")
  version+=("$(ms "$java" -version)")
done
s=$(printf '%s\n' "${status[@]}" | median); v=$(printf '%s\n' "${version[@]}" | median)
echo "escarp status: median ${s} ms; java -version: median ${v} ms; ratio $(awk "BEGIN {printf \"%.1f\", $s / $v}")x"
echo "(runs: ${#status[@]} each; JDK: $("$java" -version 2>&1 | head -1); $(nproc) cores)"
