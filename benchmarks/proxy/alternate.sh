#!/usr/bin/env bash
# Alternating short pgbench runs against several targets, for a machine whose speed drifts (a VM
# whose host steals CPU): direct PostgreSQL, Berth and PgBouncer take turns ROUNDS times, so drift
# hits all of them alike, and the ratios are taken per round and summarised by their median.
#
# Usage: benchmarks/proxy/alternate.sh [PGBENCH_OPTION...]     e.g. -S -M prepared
#   Environment: ROUNDS (5), SECS (10 s per run), WARM (15 s unmeasured per target first),
#   TARGETS ("direct berth pgbouncer"; also berth-io_uring: Berth with -Dberth.transport=io_uring),
#   CLIENTS (50), THREADS (2).
# Needs the berth_bench database that benchmarks/proxy/run.sh creates (pgbench -i -s 10); the
# poolers run in transaction mode with pool size 20, trust auth, as in run.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ROUNDS=${ROUNDS:-5} SECS=${SECS:-10} WARM=${WARM:-15} CLIENTS=${CLIENTS:-50} THREADS=${THREADS:-2}
read -r -a TARGETS <<<"${TARGETS:-direct berth pgbouncer}"
declare -A PORT=([direct]=5432 [berth]=6497 [pgbouncer]=6498 [berth-io_uring]=6496)
tmp=$(mktemp -d); chmod 777 "$tmp"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT
ulimit -n 20000 2>/dev/null || true
printf '"postgres" ""\n' >"$tmp/users.txt"
ini() { # PORT
  cat <<INI
[databases]
berth_bench = host=127.0.0.1 port=5432 dbname=berth_bench user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $1
auth_type = trust
auth_file = $tmp/users.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 20000
INI
}
for t in "${TARGETS[@]}"; do
  case $t in
    berth)
      ini "${PORT[berth]}" >"$tmp/berth.ini"
      (cd "$root" && ./berth --version >/dev/null)
      BERTH_LOG_LEVEL=warn "$root/berth" proxy "$tmp/berth.ini" >"$tmp/berth.log" 2>&1 &
      pids+=($!) ;;
    berth-io_uring)
      ini "${PORT[$t]}" >"$tmp/berth-io_uring.ini"
      (cd "$root" && ./berth --version >/dev/null)
      BERTH_JAVA_OPTS="${BERTH_JAVA_OPTS:-} -Dberth.transport=io_uring" BERTH_LOG_LEVEL=warn \
        "$root/berth" proxy "$tmp/berth-io_uring.ini" >"$tmp/berth-io_uring.log" 2>&1 &
      pids+=($!) ;;
    pgbouncer)
      ini "${PORT[pgbouncer]}" >"$tmp/pgbouncer.ini"; chmod 644 "$tmp"/*.ini "$tmp/users.txt"
      as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
      "${as[@]}" pgbouncer "$tmp/pgbouncer.ini" >/dev/null 2>&1 &
      pids+=($!) ;;
  esac
done
for t in "${TARGETS[@]}"; do
  for _ in $(seq 150); do pg_isready -q -h 127.0.0.1 -p "${PORT[$t]}" && break; sleep 0.2; done
done
bench() { # TARGET SECONDS -> tps (or "failed")
  local out
  out=$(pgbench -h 127.0.0.1 -p "${PORT[$1]}" -U postgres -c "$CLIENTS" -j "$THREADS" -n -T "$2" "${ARGS[@]}" \
    berth_bench 2>&1) || { echo failed; return; }
  sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out"
}
ARGS=("$@")
echo "alternate.sh: pgbench ${ARGS[*]} -c $CLIENTS -j $THREADS, $ROUNDS rounds of ${SECS} s per target after ${WARM} s warm-up each"
for t in "${TARGETS[@]}"; do bench "$t" "$WARM" >/dev/null; done
declare -A TPS
for r in $(seq "$ROUNDS"); do
  line="round $r:"
  for t in "${TARGETS[@]}"; do
    TPS[$r.$t]=$(bench "$t" "$SECS")
    line+=" $t ${TPS[$r.$t]}"
  done
  echo "$line"
done
ratio() { # A B: per-round A/B, then the median
  local r vals=()
  for r in $(seq "$ROUNDS"); do
    local a=${TPS[$r.$1]} b=${TPS[$r.$2]}
    [[ $a == failed || $b == failed ]] && continue
    vals+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}')")
  done
  [ ${#vals[@]} = 0 ] && { echo "$1/$2: no round where both ran"; return; }
  printf '%s\n' "${vals[@]}" | sort -n | awk -v n="$1/$2" '{v[NR] = $1} END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%s per round:", n; for (i = 1; i <= NR; i++) printf " %s", v[i]; printf "; median %.2f\n", m }'
}
for t in "${TARGETS[@]}"; do [ "$t" = berth ] || ratio berth "$t"; done
if [[ " ${TARGETS[*]} " == *" berth-io_uring "* ]]; then
  for t in "${TARGETS[@]}"; do
    case $t in berth | berth-io_uring) ;; *) ratio berth-io_uring "$t" ;; esac
  done
fi
