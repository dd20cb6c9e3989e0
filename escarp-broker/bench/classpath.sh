# Sourced by the benchmark scripts here, from the repository root.
# broker_classpath [TREE]: compiles escarp-broker and what it needs in TREE (default: this tree; in
# the reactor, never installed) and prints the benchmark's classpath, absolute.
broker_classpath() {
  local tree
  tree=$(cd "${1:-.}" && pwd)
  (cd "$tree" && ./mvnw -q -pl escarp-broker -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >&2) || return 1
  echo "$tree/escarp-broker/target/test-classes:$tree/escarp-broker/target/classes:$(cat "$tree/escarp-broker/target/bench.cp")"
}
