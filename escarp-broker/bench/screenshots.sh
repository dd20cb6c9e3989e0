#!/usr/bin/env bash
# Takes the README's console screenshots into docs/ (a 3-slot daemon on free ports, two agents at
# work, the console in Chromium). Needs chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 java \
  -cp "escarp-broker/target/test-classes:escarp-broker/target/classes:$(cat "$cp_file")" \
  dev.escarp.broker.bench.ConsoleScreenshots "$PWD/docs"
rm -f "$cp_file"
