#!/usr/bin/env bash
# Runs pgbench against PostgreSQL directly, through PgBouncer and through Berth's proxy in one run,
# then measures each pooler's memory with 10,000 idle clients, and prints Markdown tables.
#
# Usage, from anywhere: benchmarks/proxy/run.sh
#   Environment: DURATION (20 s per run), CLIENTS (50), THREADS (2), SCALE (10), PAUSE (2 s),
#   POOL_SIZE (20), IDLE_CLIENTS (10000), IDLE_HOLD (10 s), PGB_PORT (6491), BERTH_PORT (6492),
#   SKIP_BERTH=1, SKIP_IDLE=1, KEEP_TMP=1 (keep pgbench logs and pooler logs), BERTH (./berth),
#   WARMUP (10 s: each pooler gets an unmeasured warm-up after it starts, the same for both),
#   WARMUP_EACH (10 s: before each measured run, the same workload unmeasured against the same
#   target, for direct, PgBouncer and Berth alike; 0 turns it off),
#   WORKLOADS (a subset of: select tpcb connect-trust connect-scram extended prepared).
#   A quick check: DURATION=5 benchmarks/proxy/run.sh   (a full run takes about 9 minutes)
# Workloads (pgbench, database berth_bench at scale SCALE, created once): -S; tpcb-like; -S -C with
# trust; -S -C with SCRAM between pgbench and the pooler (direct: n/a, PostgreSQL trusts 127.0.0.1);
# -S -M extended; -S -M prepared (PgBouncer 1.18 in transaction mode is expected to fail it).
# Per workload it runs direct, PgBouncer, Berth, with PAUSE s between runs. Both poolers read the
# same pgbouncer.ini (transaction mode, default_pool_size POOL_SIZE); Berth is `./berth proxy INI`
# from the repository root and is skipped when that does not open its port within 60 s.
# TPS is pgbench's; average and p99 latency come from pgbench's per-transaction log (-l).
# The tables go to stdout and to /tmp/berth-proxy-bench-<time>.md; progress goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
DURATION=${DURATION:-20} CLIENTS=${CLIENTS:-50} THREADS=${THREADS:-2} SCALE=${SCALE:-10}
PAUSE=${PAUSE:-2} POOL_SIZE=${POOL_SIZE:-20} IDLE_CLIENTS=${IDLE_CLIENTS:-10000} IDLE_HOLD=${IDLE_HOLD:-10}
PG_PORT=${PG_PORT:-5432} PGB_PORT=${PGB_PORT:-6491} BERTH_PORT=${BERTH_PORT:-6492}
PG_CLUSTER=${PG_CLUSTER:-15 main} BERTH_START_TIMEOUT=${BERTH_START_TIMEOUT:-60} BERTH=${BERTH:-./berth}
HOST=127.0.0.1 DB=berth_bench DBUSER=berth_bench
export PGPASSWORD=berth_bench # used only where the pooler asks for SCRAM
read -r -a WORKLOADS <<<"${WORKLOADS:-select tpcb connect-trust connect-scram extended prepared}"
declare -A W_ARGS=([select]="-S" [tpcb]="" [connect-trust]="-S -C" [connect-scram]="-S -C"
  [extended]="-S -M extended" [prepared]="-S -M prepared")
declare -A W_LABEL=([select]="-S" [tpcb]="tpcb-like" [connect-trust]="-S -C (trust)"
  [connect-scram]="-S -C (SCRAM)" [extended]="-S -M extended" [prepared]="-S -M prepared")
declare -A TPS AVG P99 FAILED CONN_MS ABORTED NOTES PID
TARGETS=(direct pgbouncer berth)
declare -A PORT=([direct]=$PG_PORT [pgbouncer]=$PGB_PORT [berth]=$BERTH_PORT)
BERTH_STATUS="" POOLER_AUTH=""
tmp=$(mktemp -d /tmp/berth-proxy-bench.XXXXXX)
chmod 755 "$tmp" # as root, PgBouncer runs with -u postgres (it refuses root) and must read its files
results=/tmp/berth-proxy-bench-$(date -u +%Y%m%dT%H%M%SZ).md
jar="$here/../target/benchmarks.jar"

log() { echo "run.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
  local name
  for name in pgbench idle berth pgbouncer; do stop_process "$name"; done
  if [ "${KEEP_TMP:-}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop_process() { # NAME: stops the process this script started under that name, if any
  local pid=${PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  PID[$1]=""
}

ensure_tools() {
  if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null || ! command -v pgbouncer >/dev/null; then
    [ "$(id -u)" = 0 ] || die "pgbench, psql and pgbouncer are needed: apt-get install postgresql-client pgbouncer"
    log "installing postgresql-client and pgbouncer from Debian's packages"
    apt-get update >&2 && apt-get install -y postgresql-client pgbouncer >&2
  fi
  export PATH="$PATH:/usr/sbin"
  . "$root/.mvn/find-jdk.sh"
}

ensure_postgres() {
  if ! pg_isready -q -h "$HOST" -p "$PG_PORT"; then
    command -v pg_ctlcluster >/dev/null || die "PostgreSQL is not running on $HOST:$PG_PORT and not installed here"
    log "starting PostgreSQL ($PG_CLUSTER)"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $PG_CLUSTER start
    for _ in $(seq 60); do pg_isready -q -h "$HOST" -p "$PG_PORT" && break; sleep 0.5; done
    pg_isready -q -h "$HOST" -p "$PG_PORT" || die "PostgreSQL did not start"
  fi
  local max
  max=$(psql -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -Atc "show max_connections")
  if [ "$max" -lt $((CLIENTS + 2 * POOL_SIZE + 10)) ]; then
    log "warning: max_connections=$max is tight for $CLIENTS direct clients plus two pools of $POOL_SIZE"
  fi
}

ensure_database() { # role berth_bench with a SCRAM secret, database berth_bench at scale SCALE
  local su=(psql -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
  "${su[@]}" -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DBUSER')
    THEN CREATE ROLE $DBUSER LOGIN; END IF; END \$\$;" \
    -c "SET password_encryption = 'scram-sha-256'" -c "ALTER ROLE $DBUSER PASSWORD '$PGPASSWORD'"
  if [ -z "$("${su[@]}" -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    "${su[@]}" -c "CREATE DATABASE $DB OWNER $DBUSER"
  fi
  local branches
  branches=$(psql -h "$HOST" -p "$PG_PORT" -U "$DBUSER" -d "$DB" -Atc "SELECT count(*) FROM pgbench_branches" 2>/dev/null || true)
  if [ "$branches" != "$SCALE" ]; then
    log "initialising $DB at scale $SCALE (pgbench -i)"
    pgbench -i -q -s "$SCALE" -h "$HOST" -p "$PG_PORT" -U "$DBUSER" "$DB" >&2
  fi
}

check_limits() {
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  log "ulimit -n is $(ulimit -n) (for pgbench, both poolers and the idle clients)"
  if [ "$(ulimit -n)" -lt $((IDLE_CLIENTS + 500)) ]; then
    IDLE_CLIENTS=$(($(ulimit -n) - 500))
    log "warning: open-file limit too low; idle clients reduced to $IDLE_CLIENTS"
  fi
}

ensure_idle_tool() {
  local src="$root/benchmarks/src"
  if [ ! -f "$jar" ] || [ -n "$(find "$src" "$root/benchmarks/pom.xml" -newer "$jar" -print -quit)" ]; then
    log "building $jar"
    (cd "$root" && ./mvnw -q -B -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true >&2)
  fi
}

write_ini() { # NAME PORT AUTH: the same pgbouncer.ini for both poolers, but for the port and files
  local dir="$tmp/$1"
  mkdir -p "$dir"
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
$DB = host=$HOST port=$PG_PORT dbname=$DB

[pgbouncer]
listen_addr = $HOST
listen_port = $2
unix_socket_dir =
auth_type = $3
auth_file = $tmp/userlist.txt
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = $((IDLE_CLIENTS + CLIENTS + 1000))
log_connections = 0
log_disconnections = 0
logfile = $dir/pooler.log
EOF
}

write_userlist() { # the role's SCRAM secret, used by both poolers
  local secret
  secret=$(psql -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -Atc \
    "SELECT rolpassword FROM pg_authid WHERE rolname = '$DBUSER'")
  printf '"%s" "%s"\n' "$DBUSER" "$secret" >"$tmp/userlist.txt"
  chmod 600 "$tmp/userlist.txt"
}

wait_port() { # PORT SECONDS PID: 0 once the port accepts connections, 1 if PID exits, 2 on timeout
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt "$deadline" ]; do
    kill -0 "$3" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  return 2
}

start_pgbouncer() { # AUTH
  stop_process pgbouncer
  write_ini pgbouncer "$PGB_PORT" "$1"
  local as=()
  if [ "$(id -u)" = 0 ]; then as=(-u postgres); chown -R postgres "$tmp/pgbouncer" "$tmp/userlist.txt"; fi
  pgbouncer "${as[@]}" "$tmp/pgbouncer/pgbouncer.ini" >>"$tmp/pgbouncer/stdout.log" 2>&1 &
  PID[pgbouncer]=$!
  wait_port "$PGB_PORT" 10 "${PID[pgbouncer]}" || { tail -n 5 "$tmp/pgbouncer/pooler.log" >&2 || true; die "PgBouncer did not start"; }
}

start_berth() { # AUTH: sets BERTH_STATUS to a reason when Berth cannot run
  stop_process berth
  [ -z "$BERTH_STATUS" ] || return 0
  if [ "${SKIP_BERTH:-}" = 1 ]; then BERTH_STATUS="skipped (SKIP_BERTH=1)"; return 0; fi
  write_ini berth "$BERTH_PORT" "$1"
  (cd "$root" && "$BERTH" help >/dev/null 2>&1) || true # builds the command line first, outside the 60 s
  (cd "$root" && exec "$BERTH" proxy "$tmp/berth/pgbouncer.ini") >>"$tmp/berth/stdout.log" 2>&1 &
  PID[berth]=$!
  local rc=0 why
  wait_port "$BERTH_PORT" "$BERTH_START_TIMEOUT" "${PID[berth]}" || rc=$?
  [ "$rc" = 0 ] && return 0
  why="did not open port $BERTH_PORT within $BERTH_START_TIMEOUT s"
  if [ "$rc" = 1 ]; then
    rc=0 && wait "${PID[berth]}" || rc=$?
    why="exited with status $rc before opening port $BERTH_PORT"
  fi
  BERTH_STATUS="skipped: \`$BERTH proxy\` $why ($(head -n 1 "$tmp/berth/stdout.log" || true))"
  log "Berth $BERTH_STATUS"
  stop_process berth
}

ensure_poolers() { # AUTH: (re)starts both poolers when their auth_type differs
  [ "$POOLER_AUTH" = "$1" ] && return 0
  log "starting PgBouncer on $PGB_PORT and Berth on $BERTH_PORT with auth_type = $1"
  start_pgbouncer "$1"
  start_berth "$1"
  POOLER_AUTH=$1
  warm_up pgbouncer
  [ -n "$BERTH_STATUS" ] || warm_up berth
}

warm_up() { # TARGET: an unmeasured run of each kind first (the JVM compiles its hot paths in the first seconds)
  local secs=${WARMUP:-10} args
  [ "$secs" = 0 ] && return 0
  log "warming up $1 ($secs s select-only, $((secs / 2)) s reconnecting, $((secs / 2)) s extended; not measured)"
  for args in "-S -T $secs" "-S -C -T $((secs / 2))" "-S -M extended -T $((secs / 2))"; do
    # shellcheck disable=SC2086
    pgbench -h "$HOST" -p "${PORT[$1]}" -U "$DBUSER" -c "$CLIENTS" -j "$THREADS" -n $args "$DB" >/dev/null 2>&1 || true
  done
}

warm_up_for() { # WORKLOAD TARGET: the same workload first, unmeasured, for every target alike, so a
  # JIT-compiled pooler is measured with its code for that workload compiled (steady state)
  local secs=${WARMUP_EACH:-10}
  [ "$secs" = 0 ] && return 0
  log "  warm-up: ${W_LABEL[$1]} -> $2 ($secs s, not measured)"
  # shellcheck disable=SC2086
  pgbench -h "$HOST" -p "${PORT[$2]}" -U "$DBUSER" -c "$CLIENTS" -j "$THREADS" -T "$secs" -n ${W_ARGS[$1]} \
    "$DB" >/dev/null 2>&1 || true
  sleep "$PAUSE"
}

run_pgbench() { # WORKLOAD TARGET
  local w=$1 t=$2 k="$1.$2" rc=0 out="$tmp/out/$1.$2"
  mkdir -p "$tmp/out" "$tmp/log"
  log "pgbench ${W_LABEL[$w]} -> $t (${DURATION} s)"
  # shellcheck disable=SC2086
  pgbench -h "$HOST" -p "${PORT[$t]}" -U "$DBUSER" -c "$CLIENTS" -j "$THREADS" -T "$DURATION" ${W_ARGS[$w]} \
    -l --log-prefix="$tmp/log/$k" "$DB" >"$out.txt" 2>"$out.err" &
  PID[pgbench]=$! # waited for in the background so that a signal stops the run at once
  wait "${PID[pgbench]}" || rc=$?
  PID[pgbench]=""
  TPS[$k]=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out.txt")
  FAILED[$k]=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$out.txt")
  CONN_MS[$k]=$(sed -n 's/^average connection time = \([0-9.]*\) ms/\1/p' "$out.txt")
  ABORTED[$k]=$(grep -o 'client [0-9]* script [0-9]* aborted' "$out.err" | sort -u | wc -l || true)
  local stats
  stats=$(cat "$tmp/log/$k".* 2>/dev/null | awk '$3 ~ /^[0-9]+$/ {print $3}' | LC_ALL=C sort -n |
    awk '{a[NR] = $1; s += $1} END {if (NR == 0) exit; i = int(NR * 0.99); if (i < NR * 0.99) i++;
         printf "%.3f %.3f\n", s / NR / 1000, a[i] / 1000}' || true)
  read -r AVG[$k] P99[$k] <<<"${stats:-- -}"
  [ "${KEEP_TMP:-}" = 1 ] || rm -f "$tmp/log/$k".*
  log "  tps ${TPS[$k]:--}, avg ${AVG[$k]} ms, p99 ${P99[$k]} ms, failed ${FAILED[$k]:--}"
  if [ "$rc" != 0 ] || [ -z "${TPS[$k]}" ] || [ "${ABORTED[$k]}" != 0 ]; then
    NOTES[$k]="pgbench exit $rc, ${ABORTED[$k]} of $CLIENTS clients aborted,"
    NOTES[$k]+=" $(sed -n 's/^number of transactions actually processed: //p' "$out.txt") transactions processed"
    NOTES[$k]+=" (tps ${TPS[$k]:-–}, avg ${AVG[$k]} ms, p99 ${P99[$k]} ms); first error:"
    NOTES[$k]+=" $(grep -m 1 -o 'client [0-9]* script.*aborted.*' "$out.err" || grep -m 1 error "$out.err" || head -n 1 "$out.err")"
    log "  ${NOTES[$k]}"
    TPS[$k]=failed AVG[$k]="" P99[$k]=""
  fi
}

run_workloads() {
  local w t first=true
  for w in "${WORKLOADS[@]}"; do
    if [ "$w" = connect-scram ]; then ensure_poolers scram-sha-256; else ensure_poolers trust; fi
    for t in "${TARGETS[@]}"; do
      if [ "$t" = direct ] && [ "$w" = connect-scram ]; then TPS[$w.$t]="n/a"; continue; fi
      if [ "$t" = berth ] && [ -n "$BERTH_STATUS" ]; then continue; fi
      $first || sleep "$PAUSE"
      first=false
      warm_up_for "$w" "$t"
      run_pgbench "$w" "$t"
    done
  done
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

idle_memory() { # NAME PORT: RSS before, with and after IDLE_CLIENTS idle clients
  local name=$1 port=$2 pid=${PID[$1]} out="$tmp/idle.$1.out" java=(java -Xmx512m -cp "$jar" io.berth.benchmarks.proxy.IdleClients)
  "${java[@]}" "$HOST" "$port" "$DBUSER" "$DB" 10 0 >/dev/null || die "10 warm-up idle clients failed on $name"
  sleep 2
  local before during after connected seconds
  before=$(rss_kb "$pid")
  log "$IDLE_CLIENTS idle clients -> $name (holding them ${IDLE_HOLD} s)"
  "${java[@]}" "$HOST" "$port" "$DBUSER" "$DB" "$IDLE_CLIENTS" "$IDLE_HOLD" >"$out" 2>"$tmp/idle.$name.err" &
  PID[idle]=$!
  while kill -0 "${PID[idle]}" 2>/dev/null && ! grep -q '^IdleClients: connected' "$out"; do sleep 0.2; done
  sleep 2
  during=$(rss_kb "$pid")
  wait "${PID[idle]}" || log "  idle clients exited with status $?"
  PID[idle]=""
  cat "$out" >&2
  sleep 3
  after=$(rss_kb "$pid")
  connected=$(sed -n 's/^IdleClients: connected \([0-9]*\) of .*/\1/p' "$out")
  seconds=$(sed -n 's/^IdleClients: connected .* in \([0-9]*\) ms.*/\1/p' "$out" | awk '{printf "%.1f", $1 / 1000}')
  MEM_ROWS+="| $name | $before | $during | $after | ${connected:-0} of $IDLE_CLIENTS | ${seconds:--} |"
  MEM_ROWS+=" $(awk -v d=$((during - before)) -v n="${connected:-0}" 'BEGIN {print n ? sprintf("%.2f", d / n) : "-"}') |"$'\n'
}

run_idle() {
  MEM_ROWS=""
  [ "${SKIP_IDLE:-}" = 1 ] && return 0
  POOLER_AUTH=""
  start_pgbouncer trust
  idle_memory pgbouncer "$PGB_PORT"
  stop_process pgbouncer
  start_berth trust
  if [ -z "$BERTH_STATUS" ]; then idle_memory berth "$BERTH_PORT"; stop_process berth; fi
}

cell() { local v=${1:-}; [ -n "$v" ] && echo "$v" || echo "–"; }
whole() { [[ ${1:-} =~ ^[0-9.]+$ ]] && printf '%.0f' "$1" || cell "${1:-}"; }
ratio() { # TPS ratio, – when either side is missing, n/a or failed
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "–"}'
}

report() {
  local w t k row fails
  echo "## Proxy benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "commit \`$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')\`, nproc $(nproc)," \
    "PostgreSQL $(psql -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -Atc 'show server_version' | cut -d' ' -f1)," \
    "PgBouncer $(pgbouncer --version | head -n 1 | cut -d' ' -f2), pgbench -c $CLIENTS -j $THREADS -T $DURATION," \
    "scale $SCALE, pool_mode transaction, default_pool_size $POOL_SIZE. Berth: ${BERTH_STATUS:-ran}."
  echo
  echo "| workload | TPS direct | TPS PgBouncer | TPS Berth | avg ms direct | avg ms PgBouncer | avg ms Berth" \
    "| p99 ms direct | p99 ms PgBouncer | p99 ms Berth | failed tx / aborted clients (d, P, B) | Berth/PgBouncer TPS | Berth/direct TPS |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|"
  for w in "${WORKLOADS[@]}"; do
    row="| ${W_LABEL[$w]} |" fails=""
    for t in "${TARGETS[@]}"; do row+=" $(whole "${TPS[$w.$t]:-}") |"; done
    for t in "${TARGETS[@]}"; do row+=" $(cell "${AVG[$w.$t]:-}") |"; done
    for t in "${TARGETS[@]}"; do row+=" $(cell "${P99[$w.$t]:-}") |"; done
    for t in "${TARGETS[@]}"; do
      k="$w.$t"
      if [[ ${TPS[$k]:-} =~ ^(|n/a)$ ]]; then fails+="–, "; else fails+="${FAILED[$k]:-?}/${ABORTED[$k]}, "; fi
    done
    row+=" ${fails%, } | $(ratio "${TPS[$w.berth]:-}" "${TPS[$w.pgbouncer]:-}") | $(ratio "${TPS[$w.berth]:-}" "${TPS[$w.direct]:-}") |"
    echo "$row"
  done
  echo
  echo "TPS from pgbench; avg and p99 from its per-transaction log (-l); a ratio is – when a side is missing or failed."
  for w in connect-trust connect-scram; do
    echo "${W_LABEL[$w]}: pgbench's average connection time (ms): direct $(cell "${CONN_MS[$w.direct]:-}")," \
      "PgBouncer $(cell "${CONN_MS[$w.pgbouncer]:-}"), Berth $(cell "${CONN_MS[$w.berth]:-}")."
  done
  for k in "${!NOTES[@]}"; do echo "- $k: ${NOTES[$k]}"; done | sort
  if [ -n "$MEM_ROWS" ]; then
    echo
    echo "Memory with $IDLE_CLIENTS idle clients (VmRSS in KB; per client = (with − before) / connected; Berth's goal ≤ 10 KB):"
    echo
    echo "| pooler | RSS before | RSS with clients | RSS after they left | connected | connect time s | KB per client |"
    echo "|---|--:|--:|--:|--:|--:|--:|"
    printf '%s' "$MEM_ROWS"
  fi
}

main() {
  ensure_tools
  check_limits
  ensure_postgres
  ensure_database
  ensure_idle_tool
  write_userlist
  run_workloads
  stop_process berth
  stop_process pgbouncer
  run_idle
  report | tee "$results"
  log "results written to $results"
}

main "$@"
