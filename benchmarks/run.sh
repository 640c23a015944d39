#!/usr/bin/env bash
# Runs the JMH benchmarks and writes benchmarks/results/latest.md.
#
#   benchmarks/run.sh [--quick|--full] [extra JMH args]
#
#   --quick (default)  1 fork, 1 x 1 s warmup, 2 x 1 s measurement, a subset of the sizes: a few
#                      minutes (about 3) on 2 cores, to check that everything runs and to get rough numbers.
#   --full             the classes' own settings (2 forks, 3 x 1 s warmup, 5 x 1 s measurement) and
#                      every size: about 50 minutes on 2 cores. Run it on a quiet machine.
#   extra JMH args     appended to the command line, e.g. a benchmark regex (MatmulBenchmark), -prof gc, or
#                      sizes (-p shape=512x512x512, which also drops quick mode's own size subset).
#                      `java -jar benchmarks/target/benchmarks.jar -h` lists JMH's options.
#
# Steps: find a JDK >= 21 (bin/find-java), build benchmarks/target/benchmarks.jar when it is missing or
# older than the sources, run JMH with JSON output to benchmarks/results/<mode>-<date>.json, then turn
# that file into Markdown tables (io.twotower.benchmarks.report.ReportMain) in benchmarks/results/latest.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=quick
if [ $# -gt 0 ]; then
  case "$1" in
    --quick) mode=quick; shift ;;
    --full) mode=full; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
fi

JAVA_HOME=$("$root/bin/find-java")
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

jar=benchmarks/target/benchmarks.jar
sources=(pom.xml engine/pom.xml engine/src/main recsys/src/main benchmarks/pom.xml benchmarks/src/main)
if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..."
  mvn -q -B -pl benchmarks -am package -DskipTests
fi

case "$mode" in
  quick)
    # One fork, short iterations and, unless the extra arguments choose sizes with -p (JMH would add
    # theirs to these rather than replace them), a few of the model's own sizes.
    jmh_options=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    if [[ " $* " != *" -p "* ]]; then
      jmh_options+=(-p length=33,4096 -p shape=256x21x256,256x256x128 -p batch=256 -p layer=256x128)
    fi
    ;;
  full)
    jmh_options=()
    ;;
esac

mkdir -p benchmarks/results
stamp=$(date -u +%Y%m%d-%H%M%S)
json="benchmarks/results/$mode-$stamp.json"
cores=$(nproc 2>/dev/null || echo "?")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')

echo "running JMH ($mode mode) on $cores cores, JDK $java_version; results in $json"
# -foe: a benchmark whose @Setup finds its variants disagreeing stops the run instead of being skipped.
java -jar "$jar" "${jmh_options[@]}" -foe true -rf json -rff "$json" "$@"

extra=""
if [ $# -gt 0 ]; then extra=" with extra arguments \`$*\`"; fi
note="Mode: $mode$extra, $(date -u '+%Y-%m-%d %H:%M UTC'), ${cpu:-unknown CPU}, $cores cores, JDK $java_version. Raw JMH output: \`$json\` (not committed)."
java -cp "$jar" io.twotower.benchmarks.report.ReportMain "$json" benchmarks/results/latest.md "$note"
