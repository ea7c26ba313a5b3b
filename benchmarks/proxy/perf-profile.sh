#!/usr/bin/env bash
# Where Berth's CPU goes under pgbench: starts Berth (./berth's jar) on a throwaway pgbouncer.ini in
# front of the local PostgreSQL, with the JVM writing a perf map for its JIT-compiled code, warms it
# up (WARM s), samples it with `perf record -g` during a 10 s pgbench run, then prints the pooler's
# CPU per transaction and the share of samples per thread kind (event loops, C2/C1 compilers, GC).
# The samples stay in PERF_DATA for `perf report -i` (the map in /tmp/perf-<pid>.map names Java frames).
#
# Usage: benchmarks/proxy/perf-profile.sh [-C]      (-C: reconnect for every transaction)
#   Environment: WARM (8 s), PGBENCH_ARGS (e.g. "-M prepared"), JOPTS (more JVM options),
#   PERF_DATA (/tmp/berth.perf.data). Needs perf (linux-perf) and the berth_bench database that
#   benchmarks/proxy/run.sh creates (pgbench -i -s 10).
set -euo pipefail
connect=""; if [ "${1:-}" = "-C" ]; then connect="-C"; fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
data=${PERF_DATA:-/tmp/berth.perf.data}
tmp=$(mktemp -d); chmod 777 "$tmp"
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
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
INI
. "$root/.mvn/find-jdk.sh"
(cd "$root" && ./berth --version >/dev/null)
ulimit -n 20000 2>/dev/null || true
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer ${JOPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/cli/target/berth-cli-0.1.0-SNAPSHOT.jar:$root/cli/target/lib/*" io.berth.cli.Main proxy "$tmp/p.ini" \
  >"$tmp/out.log" 2>&1 &
pid=$!
for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p $port && break; sleep 0.2; done
# shellcheck disable=SC2086
bench() { pgbench -h 127.0.0.1 -p $port -U postgres -S $connect ${PGBENCH_ARGS:-} -c 50 -j 2 -n -T "$1" berth_bench 2>&1; }
bench "${WARM:-8}" >/dev/null
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
perf record -F 499 -g -p "$pid" -o "$data" -- sleep 10 >/dev/null 2>&1 &
perf_pid=$!
out=$(bench 10)
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
wait "$perf_pid" || true
kill "$pid"; wait "$pid" || true # a normal exit writes the perf map
pid=""
tx=$(sed -n 's/^number of transactions actually processed: //p' <<<"$out")
hz=$(getconf CLK_TCK)
awk -v tx="$tx" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$hz" 'BEGIN {
  printf "%d transactions; Berth CPU per transaction %.1f us (user %.1f, system %.1f)\n",
    tx, (u + s) * 1e6 / hz / tx, u * 1e6 / hz / tx, s * 1e6 / hz / tx }'
echo "share of Berth's samples by thread:"
perf report -i "$data" --no-children --sort comm -q -g none 2>/dev/null | head -6
echo "samples in $data (perf report -i $data)"
