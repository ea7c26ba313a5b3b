#!/usr/bin/env bash
# Runs Berth's pool benchmarks against its peers (commons-pool2, Stormpot, a thread-confined floor)
# in one JMH invocation, prints ops/ms and Berth's ratios, then the virtual-thread fairness report.
#
# Usage: benchmarks/run.sh [--quick] [extra JMH options...]
#   --quick   1 fork, 1 short warm-up and 2 short measurement iterations: a smoke run, not a result.
#   The full run: 2 forks x (3 x 2 s warm-up + 5 x 2 s measurement) per benchmark, about 10 minutes.
#   Extra options go to JMH after the defaults (a later -i or -f wins); do not pass -t: the thread
#   counts are @Threads annotations on the benchmark methods and -t would override all of them.
# Output: the JMH log, target/jmh.json, the tables; all of it also in target/run.log.
# Compare pools only within one run: ratios travel between machines, absolute numbers do not.

. "$(dirname "$0")/../.mvn/find-jdk.sh"
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
  shift
fi

jar="$here/target/benchmarks.jar"
stale=""
if [ -f "$jar" ]; then
  stale=$(find "$here/src" "$here/pom.xml" "$root/pom.xml" "$root/pool/src" "$root/pool/pom.xml" \
    "$root/resilience/src" "$root/resilience/pom.xml" -newer "$jar" -print -quit 2>/dev/null || true)
fi
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  echo "run.sh: building $jar${stale:+ (newer: $stale)}"
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)
fi

mkdir -p target
exec > >(tee target/run.log) 2>&1

if $quick; then
  iterations=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  fairness=(-Dfairness.rounds=2 -Dfairness.warmupRounds=1)
else
  iterations=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  fairness=()
fi

echo "== Berth pool benchmarks $(date -u +%Y-%m-%dT%H:%M:%SZ)"
$quick && echo "   (--quick: smoke run, numbers are not results)"
echo "   commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "nproc $(nproc), $(java -version 2>&1 | head -n 1), JAVA_HOME=$JAVA_HOME"
echo "   uncommitted files under pool/ and resilience/ (measured as they are): $(git -C "$root" status --porcelain -- pool resilience 2>/dev/null | wc -l)"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the $(nproc) cores: see the error columns)"

set -x
java -jar "$jar" 'io\.berth\.benchmarks\.(PoolCycleBenchmark|VirtualThreadsBenchmark)\.' \
  "${iterations[@]}" -prof gc -rf json -rff target/jmh.json "$@"
{ set +x; } 2>/dev/null

echo
echo "   load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 "$here/jmh-table.py" target/jmh.json
echo
java "${fairness[@]}" -cp "$jar" io.berth.benchmarks.FairnessReport
echo
echo "   load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
