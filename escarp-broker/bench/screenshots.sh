#!/usr/bin/env bash
# Takes the README's console screenshots into docs/ (a 3-slot daemon on free ports, two agents at
# work, the console in Chromium). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
. escarp-broker/bench/classpath.sh
cp=$(broker_classpath)
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 java \
  -cp "$cp" \
  dev.escarp.broker.bench.ConsoleScreenshots "$PWD/docs"
