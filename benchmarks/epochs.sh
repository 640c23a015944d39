#!/usr/bin/env bash
# End-to-end training speed on ml-latest-small: seconds per epoch at batch 32, 256 and 1024
# (median of epochs 2..N), examples per second and the test RMSE reached.
#
#   benchmarks/epochs.sh [DATA_DIR] [EPOCHS] [BATCHES]      # defaults: data/ml-latest-small 10 32,256,1024
#
# Writes benchmarks/results/epochs.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
JAVA_HOME=$("$root/bin/find-java")
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml engine/src/main recsys/src/main benchmarks/src/main -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..."
  mvn -q -B -pl benchmarks -am package -DskipTests
fi
exec java --add-modules jdk.incubator.vector -XX:+UseParallelGC -cp "$jar" io.twotower.benchmarks.EpochTimes \
  "${1:-data/ml-latest-small}" "${2:-10}" "${3:-32,256,1024}" benchmarks/results/epochs.md
