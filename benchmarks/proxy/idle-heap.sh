#!/usr/bin/env bash
# What one idle client costs Berth: starts Berth (./berth's jar) on a throwaway pgbouncer.ini in
# front of the local PostgreSQL, opens N idle clients (IdleClients from the benchmarks jar: trust
# login, then nothing), and compares JVM class histograms (jcmd GC.class_histogram, which counts
# live objects after a full GC) taken before and while the clients are connected. Prints the live
# Java heap per client, the classes that make it up, and the process RSS per client beside it (RSS
# also moves with how far G1 grew the heap during the connect burst, so it swings between runs).
#
# Usage: benchmarks/proxy/idle-heap.sh [N]          (N: 10000)
#   Environment: TOP (25 classes listed), JOPTS (more JVM options for Berth, e.g. -Dberth.threads=1),
#   WARM (0: seconds of pgbench -S -c 50 through Berth first, on berth_bench, which grows the heap),
#   HISTO (1; 0: RSS only, no histograms, whose full GCs change how much heap is committed).
#   Needs the benchmarks jar (./mvnw -pl benchmarks -am package -DskipTests) and the database "test"
#   (and berth_bench, as benchmarks/proxy/run.sh creates it, for WARM).
set -euo pipefail
n=${1:-10000}
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "idle-heap.sh: $jar is missing; build it: ./mvnw -pl benchmarks -am package -DskipTests" >&2; exit 2; }
tmp=$(mktemp -d)
trap '[ -n "${idle:-}" ] && kill "$idle" 2>/dev/null; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
ulimit -n $((n + 2000)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
port=6498
printf '"postgres" ""\n' >"$tmp/users.txt"
cat >"$tmp/p.ini" <<INI
[databases]
test = host=127.0.0.1 port=5432 dbname=test
berth_bench = host=127.0.0.1 port=5432 dbname=berth_bench
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
auth_type = trust
auth_file = $tmp/users.txt
pool_mode = transaction
max_client_conn = $((n + 1000))
INI
. "$root/.mvn/find-jdk.sh"
(cd "$root" && ./berth --version >/dev/null)
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" -XX:+UseG1GC --enable-native-access=ALL-UNNAMED ${JOPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/cli/target/berth-cli-0.1.0-SNAPSHOT.jar:$root/cli/target/lib/*" io.berth.cli.Main proxy "$tmp/p.ini" \
  >"$tmp/out.log" 2>&1 &
pid=$!
for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p $port && break; sleep 0.2; done
clients() { "$JAVA_HOME/bin/java" -Xmx512m -cp "$jar" io.berth.benchmarks.proxy.IdleClients 127.0.0.1 $port postgres test "$@"; }
clients 10 0 >/dev/null # the first logins load and compile the login path
if [ "${WARM:-0}" -gt 0 ]; then
  pgbench -h 127.0.0.1 -p $port -U postgres -S -c 50 -j 2 -n -T "$WARM" berth_bench 2>&1 | grep '^tps' || true
fi
sleep 1
histo=${HISTO:-1}
rss0=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
[ "$histo" = 0 ] || "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram >"$tmp/before.txt"
: >"$tmp/clients.out"
clients "$n" 600 >"$tmp/clients.out" 2>&1 &
idle=$!
while kill -0 "$idle" 2>/dev/null && ! grep -q '^IdleClients: connected' "$tmp/clients.out"; do sleep 0.2; done
sleep 2
rss1=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
[ "$histo" = 0 ] || "$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram >"$tmp/with.txt"
head -n 1 "$tmp/clients.out"
connected=$(sed -n 's/^IdleClients: connected \([0-9]*\) of .*/\1/p' "$tmp/clients.out")
[ "${connected:-0}" -gt 0 ] || { echo "idle-heap.sh: no client connected" >&2; exit 1; }
echo "RSS: $rss0 KB before, $rss1 KB with $connected clients: $(((rss1 - rss0) * 1024 / connected)) bytes per client"
[ "$histo" = 0 ] && exit 0
awk -v n="$connected" -v top="${TOP:-25}" '
  FNR == NR && $1 ~ /^[0-9]+:$/ { before[$4] = $3; next }
  $1 ~ /^[0-9]+:$/ { d = $3 - before[$4]; c = $2; delete before[$4]; if (d != 0) { diff[$4] = d; count[$4] = c } }
  END {
    for (k in before) { diff[k] = -before[k] }
    for (k in diff) total += diff[k]
    printf "live Java heap: %.0f bytes per client (%s classes changed); the largest:\n", total / n, length(diff)
    cmd = "sort -rn"
    for (k in diff) printf "%9.1f B per client  %s\n", diff[k] / n, k | cmd
    close(cmd)
  }' "$tmp/before.txt" "$tmp/with.txt" | head -n $((${TOP:-25} + 1))
