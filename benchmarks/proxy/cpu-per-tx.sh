#!/usr/bin/env bash
# CPU time a pooler spends per pgbench transaction: starts Berth (./berth proxy) or PgBouncer on a
# throwaway pgbouncer.ini in front of the local PostgreSQL, warms it up (5 s), runs pgbench for 10 s
# and reads the pooler's user and system CPU ticks from /proc/PID/stat before and after.
#
# Usage: benchmarks/proxy/cpu-per-tx.sh berth|pgbouncer [-C] [JAVA_OPTION...]
#   -C   reconnect for every transaction (pgbench -C): CPU per connection instead
#   JAVA_OPTIONs go to Berth's JVM, e.g. -Dberth.threads=1 (event loops; default one per core).
#   WARM sets the unmeasured warm-up in seconds (5).
#   PGBENCH_ARGS adds pgbench options, e.g. PGBENCH_ARGS="-M prepared".
#   Also accepts "direct": pgbench straight at PostgreSQL, the CPU of every postgres process counted;
#   and "relay [epoll|io_uring]": a bare Netty TCP relay (benchmarks/proxy/Relay.java, one upstream
#   connection per client, so 50 PostgreSQL backends), the least a Netty proxy costs per transaction.
# Needs the berth_bench database that benchmarks/proxy/run.sh creates (pgbench -i -s 10).
set -euo pipefail
what=${1:?usage: cpu-per-tx.sh berth|pgbouncer [-C] [JAVA_OPTION...]}; shift
connect=""; if [ "${1:-}" = "-C" ]; then connect="-C"; shift; fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d); chmod 777 "$tmp"
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; [ -f "$tmp/out.log" ] && grep -m1 "listening" "$tmp/out.log" >&2; rm -rf "$tmp"' EXIT
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
port=6499
printf '"postgres" ""\n' >"$tmp/users.txt"
cat >"$tmp/p.ini" <<INI
[databases]
berth_bench = host=127.0.0.1 port=5432 dbname=berth_bench user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
auth_type = trust
auth_file = $tmp/users.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 20000
logfile = $tmp/pooler.log
INI
chmod 644 "$tmp"/*
if [ "$what" = direct ]; then
  port=5432; pid=$$
elif [ "$what" = relay ]; then
  . "$root/.mvn/find-jdk.sh"
  (cd "$root" && ./berth --version >/dev/null)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$root/cli/target/lib/*" \
    "$root/benchmarks/proxy/Relay.java" "$port" 5432 "${1:-epoll}" >"$tmp/out.log" 2>&1 &
  pid=$!
elif [ "$what" = berth ]; then
  . "$root/.mvn/find-jdk.sh"
  (cd "$root" && ./berth --version >/dev/null)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "$@" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$root/cli/target/berth-cli-0.1.0-SNAPSHOT.jar:$root/cli/target/lib/*" io.berth.cli.Main proxy "$tmp/p.ini" >"$tmp/out.log" 2>&1 &
  pid=$!
else
  as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" pgbouncer "$tmp/p.ini" >/dev/null 2>&1 &
  sleep 0.5; pid=$(pgrep -n -x pgbouncer)
fi
for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p $port && break; sleep 0.2; done
# shellcheck disable=SC2086
bench() { pgbench -h 127.0.0.1 -p $port -U postgres -S $connect ${PGBENCH_ARGS:-} -c 50 -j 2 -n -T "$1" berth_bench 2>&1; }
bench "${WARM:-5}" >/dev/null
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
# context switches of the pooler's threads (each is a sleep in epoll_wait and a wake-up, or a preemption)
switches() { cat /proc/"$pid"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt/ {v += $2} /^nonvoluntary_ctxt/ {n += $2} END {print v + 0, n + 0}'; }
read -r v0 n0 < <(switches)
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
read -r b0 i0 < <(busy)
out=$(bench 10)
read -r b1 i1 < <(busy)
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
read -r v1 n1 < <(switches)
tx=$(sed -n 's/^number of transactions actually processed: //p' <<<"$out")
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
hz=$(getconf CLK_TCK)
[ "$what" = direct ] && echo "direct $connect ${PGBENCH_ARGS:-}: tps $tps"
[ "$what" = direct ] || awk -v w="$what $connect ${PGBENCH_ARGS:-} $*" -v tps="$tps" -v tx="$tx" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" 'BEGIN {
  printf "%s: tps %.0f; CPU per transaction %.1f us (user %.1f, system %.1f)\n", w, tps,
    (u + s) * 1e6 / hz / tx, u * 1e6 / hz / tx, s * 1e6 / hz / tx }'
[ "$what" = direct ] || awk -v tx="$tx" -v v=$((v1 - v0)) -v n=$((n1 - n0)) 'BEGIN {
  printf "  pooler context switches per transaction: %.2f voluntary (sleeps), %.2f involuntary\n", v / tx, n / tx }'
awk -v tx="$tx" -v b=$((b1 - b0)) -v i=$((i1 - i0)) -v hz="$hz" 'BEGIN {
  printf "  whole machine: CPU per transaction %.1f us (everything: pgbench, PostgreSQL, pooler, kernel); busy %.0f%%\n",
    b * 1e6 / hz / tx, 100 * b / (b + i) }'
