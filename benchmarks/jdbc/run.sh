#!/usr/bin/env bash
# Runs the JDBC comparison in one go and prints tables with Berth's ratio to each peer and a verdict
# per goal of the issue:
#   1. JdbcCycleBenchmark (JMH, stub driver): Berth, HikariCP, Agroal, DBCP2, Vibur, Tomcat JDBC and
#      c3p0; connection and statement cycles at 2 threads on 32, 4 threads on 2 (plus the acquire
#      wait's percentiles) and 1,000 virtual threads on 10; each pool of each method in its own fork.
#   2. VirtualPinningReport: the same 1,000 virtual threads per pool, one JVM per pool, with JFR
#      counting jdk.VirtualThreadPinned events; again with a JDK 21 if one is found (PIN_JAVA).
#   3. PgbenchLike: pgbench's select-only and tpcb-like transactions through JDBC against the real
#      PostgreSQL, HikariCP against Berth, 10 connections, 50 platform and 50 virtual threads.
#
# Usage, from anywhere: benchmarks/jdbc/run.sh [--quick] [extra JMH options...]
#   --quick  a smoke run (4 minutes when tried): JMH 1 fork, 1 x 1 s warm-up, 2 x 1 s measurement;
#            pinning windows of 300 ms; pgbench-like runs of 3 s after 1 s. Numbers are not results.
#   The full run, estimated from the quick one (not yet timed), takes about 30 minutes: JMH 2 forks
#   x (3 x 2 s warm-up + 5 x 2 s measurement) for 42 method/pool pairs (about 25 min), pinning
#   3 x 1 s rounds per pool (about 1 min), pgbench-like 8 runs of 5 s warm-up + 20 s (about 4 min).
#   Extra options go to JMH after the defaults (a later -f or -i wins; -p pool=berth,hikari runs two
#   pools). Do not pass -t: thread counts are @Threads annotations of the benchmark methods.
# Environment: PIN_JAVA (a JDK 21 `java` for a second pinning run; found under /usr/lib/jvm when
#   unset), SKIP_PINNING=1, SKIP_PG=1, PG_HOST (127.0.0.1), PG_PORT (5432), PG_DB (test),
#   PG_USER (postgres), PG_SCALE (10, used only when the pgbench tables are missing),
#   PG_CONNECTIONS (10), PG_CLIENTS (50), PG_DURATION (20 s), PG_WARMUP (5 s).
# Output: everything in benchmarks/target/jdbc-run.log; the raw results in benchmarks/target/
#   jdbc-jmh.json, jdbc-pinning*.jsonl, jdbc-pgbench.jsonl. The jar is rebuilt when any source of
#   benchmarks/, testkit/, jdbc/, pool/ or resilience/ is newer than it.
# Compare pools only within one run: ratios travel between machines, absolute numbers do not.

. "$(dirname "$0")/../../.mvn/find-jdk.sh"
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench="$(cd "$here/.." && pwd)"
root="$(cd "$bench/.." && pwd)"
cd "$bench"

quick=false
if [ "${1:-}" = "--quick" ]; then
  quick=true
  shift
fi
PG_HOST=${PG_HOST:-127.0.0.1} PG_PORT=${PG_PORT:-5432} PG_DB=${PG_DB:-test} PG_USER=${PG_USER:-postgres}
PG_SCALE=${PG_SCALE:-10} PG_CONNECTIONS=${PG_CONNECTIONS:-10} PG_CLIENTS=${PG_CLIENTS:-50}
if $quick; then
  iterations=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  pinning=(-Dpinning.windowMillis=300 -Dpinning.rounds=2 -Dpinning.warmupRounds=1)
  PG_DURATION=${PG_DURATION:-3} PG_WARMUP=${PG_WARMUP:-1}
else
  iterations=(-f 2 -wi 3 -w 2s -i 5 -r 2s)
  pinning=()
  PG_DURATION=${PG_DURATION:-20} PG_WARMUP=${PG_WARMUP:-5}
fi

jar="$bench/target/benchmarks.jar"
sources=()
for m in benchmarks testkit jdbc pool resilience; do sources+=("$root/$m/src" "$root/$m/pom.xml"); done
stale=""
if [ -f "$jar" ]; then
  stale=$(find "${sources[@]}" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null || true)
fi
if [ ! -f "$jar" ] || [ -n "$stale" ]; then
  echo "run.sh: building $jar${stale:+ (newer: $stale)}"
  (cd "$root" && ./mvnw -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)
fi

mkdir -p target
rm -f target/jdbc-jmh.json target/jdbc-pinning*.jsonl target/jdbc-pgbench.jsonl
exec > >(tee target/jdbc-run.log) 2>&1

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== Berth JDBC benchmarks $(date -u +%Y-%m-%dT%H:%M:%SZ)"
$quick && echo "   (--quick: smoke run, numbers are not results)"
echo "   commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "nproc $(nproc), $(java -version 2>&1 | head -n 1), JAVA_HOME=$JAVA_HOME"
echo "   uncommitted files under benchmarks/ testkit/ jdbc/ pool/ resilience/ (measured as they are):" \
  "$(git -C "$root" status --porcelain -- benchmarks testkit jdbc pool resilience 2>/dev/null | wc -l)"
echo "   load average before: $(load) (other processes compete for the $(nproc) cores: see the error columns)"
started=$(date +%s)

echo
echo "== 1. JdbcCycleBenchmark (JMH)"
set -x
java -jar "$jar" 'io\.berth\.benchmarks\.jdbc\.JdbcCycleBenchmark\.' \
  "${iterations[@]}" -prof gc -rf json -rff target/jdbc-jmh.json "$@"
{ set +x; } 2>/dev/null
echo "   load average after JMH: $(load), $(( ($(date +%s) - started) / 60 )) min so far"

pin_files=()
if [ "${SKIP_PINNING:-}" != 1 ]; then
  echo
  echo "== 2. Pinned virtual threads (JFR), $(java -version 2>&1 | head -n 1)"
  java "${pinning[@]}" -Dpinning.json=target/jdbc-pinning.jsonl -cp "$jar" \
    io.berth.benchmarks.jdbc.VirtualPinningReport
  pin_files+=(--pinning target/jdbc-pinning.jsonl)
  pin_java=${PIN_JAVA:-}
  if [ -z "$pin_java" ]; then
    for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null); do
      if [ -x "${candidate}bin/java" ] && [ "$(berth_java_major "${candidate}bin/java")" = 21 ]; then
        pin_java="${candidate}bin/java"
        break
      fi
    done
  fi
  if [ -n "$pin_java" ]; then
    echo
    echo "== 2b. Pinned virtual threads (JFR) on $("$pin_java" -version 2>&1 | head -n 1) ($pin_java)"
    "$pin_java" "${pinning[@]}" -Dpinning.json=target/jdbc-pinning-21.jsonl -cp "$jar" \
      io.berth.benchmarks.jdbc.VirtualPinningReport
    pin_files+=(--pinning target/jdbc-pinning-21.jsonl)
  else
    echo "   no JDK 21 found (PIN_JAVA unset, none under /usr/lib/jvm): pinning checked on" \
      "$(java -version 2>&1 | head -n 1) only, where synchronized no longer pins (JEP 491)"
  fi
fi

pg_args=()
if [ "${SKIP_PG:-}" != 1 ]; then
  echo
  echo "== 3. pgbench-like through JDBC on PostgreSQL $PG_HOST:$PG_PORT/$PG_DB"
  if ! command -v pg_isready >/dev/null || ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    echo "   PostgreSQL is not answering at $PG_HOST:$PG_PORT (or pg_isready is missing): skipped"
  else
    branches=$(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -Atc \
      "SELECT count(*) FROM pgbench_branches" 2>/dev/null || true)
    if [ -z "$branches" ]; then
      echo "   no pgbench tables in $PG_DB: pgbench -i -q -s $PG_SCALE"
      pgbench -i -q -s "$PG_SCALE" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PG_DB"
    fi
    java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" \
      io.berth.benchmarks.jdbc.PgbenchLike --url "jdbc:postgresql://$PG_HOST:$PG_PORT/$PG_DB" \
      --user "$PG_USER" --connections "$PG_CONNECTIONS" --clients "$PG_CLIENTS" \
      --duration "$PG_DURATION" --warmup "$PG_WARMUP" --json target/jdbc-pgbench.jsonl
    pg_args=(--pgbench target/jdbc-pgbench.jsonl)
  fi
fi

echo
echo "== Tables"
$quick && echo "   (--quick: smoke run, numbers are not results)"
echo
python3 "$here/jdbc-table.py" --jmh target/jdbc-jmh.json "${pin_files[@]}" "${pg_args[@]}"
echo
echo "   load average at the end: $(load); the whole run took $(( ($(date +%s) - started) / 60 )) min"
