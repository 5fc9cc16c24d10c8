#!/usr/bin/env bash
# Hub benchmarks: Parley's hub against nats-server's WebSocket listener, same client, same machine,
# same run. Prints a markdown table (see docs/benchmarks.md for the method and how to read it).
#
#   Benchmarks/hub/run.sh [--quick] [--nats-only] [--parley-only] [--scenarios 1,2,3,4,5,6,7,8]
#                         [--no-build] [--parleyd PATH]
#   scripts/throwaway-postgres Benchmarks/hub/run.sh ...   # adds scenario 8 on two nodes (cluster mode)
#
# --quick       small numbers (a smoke test of the whole path, ~1 minute)
# --nats-only   skip Parley (no Swift build)
# --parley-only skip nats-server
# --scenarios   run only these scenarios
# --no-build    use the existing .build/release/parleyd
# --parleyd     use this parleyd binary (implies --no-build)
#
# Raw results and server logs go to Benchmarks/out/hub-<timestamp>/ (not committed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/Benchmarks/hub"
LOADGEN_DIR="$ROOT/Benchmarks/loadgen"
LOADGEN="$LOADGEN_DIR/loadgen"

QUICK=0 RUN_NATS=1 RUN_PARLEY=1 BUILD=1 SCENARIOS="1,2,3,4,5,6,7,8" PARLEYD="$ROOT/.build/release/parleyd"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --nats-only) RUN_PARLEY=0 ;;
    --parley-only) RUN_NATS=0 ;;
    --no-build) BUILD=0 ;;
    --parleyd) PARLEYD=$2; BUILD=0; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

OUT="$ROOT/Benchmarks/out/hub-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RESULTS="$OUT/results.txt"
: > "$RESULTS"
cut -d' ' -f1-3 /proc/loadavg > "$OUT/loadavg-start"
log() { echo "run.sh: $*" >&2; }

# Servers and the client each hold one descriptor per connection.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FDMAX=$(ulimit -n)

# ---------- prerequisites ----------
if [ $RUN_NATS = 1 ] && ! command -v nats-server >/dev/null; then
  log "installing nats-server"
  apt-get install -y nats-server >&2 || { apt-get update >&2 && apt-get install -y nats-server >&2; }
fi
if [ ! -f /usr/include/openssl/hmac.h ]; then
  log "installing libssl-dev"
  apt-get install -y libssl-dev >&2 || { apt-get update >&2 && apt-get install -y libssl-dev >&2; }
fi
make -s -C "$LOADGEN_DIR" >&2

if [ $RUN_PARLEY = 1 ]; then
  if [ $BUILD = 1 ]; then
    log "building parleyd (release)"
    if ! (cd "$ROOT" && swift build -c release --product parleyd) > "$OUT/swift-build.log" 2>&1; then
      log "swift build failed (see $OUT/swift-build.log); running nats-server only"
      RUN_PARLEY=0
    fi
  fi
  if [ $RUN_PARLEY = 1 ] && [ ! -x "$PARLEYD" ]; then
    log "no parleyd at $PARLEYD; running nats-server only"
    RUN_PARLEY=0
  fi
fi

# ---------- scenario sizes ----------
# Scenario 5 wants 20,000 connections; the client and each server are held to RLIMIT_NOFILE, so it
# uses at most FDMAX-500 (19,500 in a container whose hard limit is 20,000).
IDLE_FULL=20000
if [ "$FDMAX" != unlimited ] && [ $((FDMAX - 500)) -lt $IDLE_FULL ]; then IDLE_FULL=$((FDMAX - 500)); fi
if [ $QUICK = 1 ]; then
  S1="--subs 200 --msgs 500 --size 64"
  S2="--subs 1000 --msgs 100 --size 64"
  S3="--subs 500 --rate 5 --duration 4 --size 200"
  S5="--mode idle --subs 1000"
  S6="--mode senders --senders 20 --duration 3 --size 64"
  S7="--subs 200 --msgs 500 --size 64 --slow 5"
  S8="--mode storm --subs 1000 --rate 5 --duration 10 --kill-after 5 --size 200"
else
  S1="--subs 1000 --msgs 2000 --size 64"
  S2="--subs 10000 --msgs 200 --size 64"
  S3="--subs 17000 --rate 5 --duration 20 --size 200"
  S5="--mode idle --subs $IDLE_FULL"
  S6="--mode senders --senders 100 --duration 10 --size 64"
  S7="--subs 1000 --msgs 2000 --size 64 --slow 10"
  S8="--mode storm --subs ${STORM_SUBS:-17000} --rate 5 --duration 10 --kill-after 5 --size 200"
fi
LANGS5="en,zh,es,fr,de"

# ---------- ports ----------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local p=$1
  while port_busy "$p"; do p=$((p + 1)); done
  echo "$p"
}
NATS_PORT=$(pick_port 24222)
NATS_WS_PORT=$(pick_port 24280)
PARLEY_PORT=$(pick_port 24380)
PARLEY_PORT_B=$(pick_port $((PARLEY_PORT + 1)))

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_busy "$1" && return 0; sleep 0.1; done
  return 1
}

# ---------- servers ----------
SERVER_PID=""
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do gone "$SERVER_PID" && break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server; stop_restarted' EXIT
trap 'stop_server; stop_restarted; exit 130' INT TERM

start_nats() { # tag [jetstream]
  local conf="$OUT/nats.conf"
  sed -e "s/^listen: .*/listen: 127.0.0.1:$NATS_PORT/" -e "s/port: 24280/port: $NATS_WS_PORT/" \
    "$HERE/nats.conf" > "$conf"
  if [ "${2:-}" = jetstream ]; then
    rm -rf "$OUT/nats-jetstream"
    printf 'jetstream {\n  store_dir: "%s"\n}\n' "$OUT/nats-jetstream" >> "$conf"
  fi
  nats-server -c "$conf" > "$OUT/nats-$1.log" 2>&1 &
  SERVER_PID=$!
  wait_port "$NATS_WS_PORT" 10 || { log "nats-server did not start (see $OUT/nats-$1.log)"; return 1; }
}

PARLEY_DATA=""
# The parleyd command line (env and arguments) for data directory $1, queue bytes $2, durability $3,
# search index $4 (on|off).
# Limits lifted for benchmarking; run from the repository so ./Dictionaries is found. Idle clients
# are pinged every 2 minutes, as nats-server does by default (ping_interval 2m), instead of
# Parley's 30 s: otherwise every all-hands subscriber would be pinged inside the measured 20 s by
# one server and not the other.
# PARLEY_NODE_ENV: more variables (cluster mode: the store URL, the shared signing secret).
PARLEY_NODE_ENV=()
parley_command() {
  PARLEY_CMD=(env "${PARLEY_NODE_ENV[@]}" PARLEY_MESSAGES_PER_SECOND=1000000 PARLEY_MESSAGES_BURST=1000000 PARLEY_MAX_CONNECTIONS=50000
    PARLEY_PING_INTERVAL=120 PARLEY_IDLE_TIMEOUT=300 PARLEY_DURABILITY="$3" PARLEY_SEARCH="${4:-on}"
    PARLEY_MAX_HTTP_BODY_BYTES=33554432 PARLEY_OUTBOUND_QUEUE_BYTES="$2" PARLEY_DICTIONARIES_DIR="$ROOT/Dictionaries"
    "$PARLEYD" --host 127.0.0.1 --port "${PARLEY_NODE_PORT:-$PARLEY_PORT}" --data-dir "$1")
}

# Scenario 8 in cluster mode: a fresh database on the throwaway PostgreSQL, node A (the one killed)
# from start_parley, node B started here on its own port with A's signing secret. The clients come
# back to B (loadgen --storm-port); the "restart" script only prints B's pid.
PARLEY_B_PID=""
cluster_database() {
  local db="parley_storm_$(date +%s)"
  psql "$PARLEY_TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >&2 || return 1
  PARLEY_NODE_ENV=(PARLEY_STORE_URL="${PARLEY_TEST_POSTGRES_URL%/*}/$db")
}
start_parley_b() { # queue-bytes durability
  local data="$OUT/parley-data-b"
  rm -rf "$data"
  mkdir -p "$data"
  local env=("${PARLEY_NODE_ENV[@]}")
  PARLEY_NODE_ENV+=(PARLEY_SIGNING_SECRET_FILE="$PARLEY_DATA/signing-secret")
  PARLEY_NODE_PORT=$PARLEY_PORT_B parley_command "$data" "$1" "$2"
  PARLEY_NODE_ENV=("${env[@]}")
  (cd "$ROOT" && exec "${PARLEY_CMD[@]}") > "$OUT/parley-b.log" 2>&1 &
  PARLEY_B_PID=$!
  wait_port "$PARLEY_PORT_B" 60 && return 0
  log "parleyd node B did not start (see $OUT/parley-b.log)"
  return 1
}
start_parley() { # tag queue-bytes [durability] [search on|off]
  PARLEY_DATA="$OUT/parley-data-$1"
  rm -rf "$PARLEY_DATA"
  mkdir -p "$PARLEY_DATA"
  parley_command "$PARLEY_DATA" "$2" "${3:-full}" "${4:-on}"
  (cd "$ROOT" && exec "${PARLEY_CMD[@]}") > "$OUT/parley-$1.log" 2>&1 &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    [ -s "$PARLEY_DATA/signing-secret" ] && port_busy "$PARLEY_PORT" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  log "parleyd did not start (see $OUT/parley-$1.log)"
  return 1
}

# Scenario 8: a script the load generator runs right after it has killed the server (kill -9): it
# starts the same server on the same port (Parley: on the same data directory), in the background,
# and prints its pid (also kept in $OUT/restarted.pid, so that it is stopped after the run).
write_restart() { # script log command...
  local script=$1 log=$2
  shift 2
  {
    echo '#!/usr/bin/env bash'
    printf 'cd %q || exit 1\n' "$ROOT"
    printf '%q ' "$@"
    printf '> %q 2>&1 < /dev/null &\n' "$log"
    printf 'echo $! > %q\necho $!\n' "$OUT/restarted.pid"
  } > "$script"
  chmod +x "$script"
}
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
stop_restarted() {
  [ -s "$OUT/restarted.pid" ] || return 0
  local pid i
  pid=$(cat "$OUT/restarted.pid")
  rm -f "$OUT/restarted.pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do gone "$pid" && return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Runs one scenario against one server; appends "scenario server RESULT..." to $RESULTS.
run_one() { # scenario server loadgen-args...
  local sc=$1 server=$2
  shift 2
  # 128 kB per session: far above what the windowed publisher lets a reading subscriber queue
  # (32 messages of ~190 B), low enough that scenario 7's stopped readers (2,000 messages, ~370 kB,
  # of which the kernel buffers hold ~100 kB) overflow it.
  local line qbytes=${PARLEY_QUEUE_BYTES:-131072}
  # Scenario 6 stores what it acks: nats-server through a JetStream file stream (its PubAck comes
  # once the message is written; nats-server 2.9 does not fsync each one), Parley with
  # durability=normal (the same promise: a committed WAL page, synced at checkpoints) and =full
  # (the WAL synced at every commit, Parley's default).
  local js="" durability=full
  if [ "$sc" = 6 ]; then js=jetstream; durability=normal; fi
  # The -nosearch variants run without the full-text index: what the index costs durable sends.
  local search=on
  case "$server" in parley-full*) durability=full ;; esac
  case "$server" in *-nosearch) search=off ;; esac
  local restart=()
  if [ "$server" = nats ]; then
    start_nats "s$sc" $js || { echo "$sc nats RESULT failed=start" >> "$RESULTS"; return 0; }
    if [ "$sc" = 8 ]; then
      write_restart "$OUT/restart-s8-nats.sh" "$OUT/nats-s8-restarted.log" nats-server -c "$OUT/nats.conf"
      restart=(--restart-cmd "$OUT/restart-s8-nats.sh")
    fi
    line=$("$LOADGEN" --proto nats --port "$NATS_WS_PORT" --server-pid "$SERVER_PID" --label "s$sc" ${js:+--jetstream} \
      "${restart[@]}" "$@" 2> >(tee -a "$OUT/loadgen.log" >&2) | grep '^RESULT' || true)
  else
    PARLEY_NODE_ENV=()
    if [ "$server" = parley-cluster ]; then
      cluster_database || { echo "$sc $server RESULT failed=database" >> "$RESULTS"; return 0; }
    fi
    start_parley "s$sc" "$qbytes" "$durability" "$search" || { echo "$sc $server RESULT failed=start" >> "$RESULTS"; stop_server; return 0; }
    if [ "$server" = parley-cluster ]; then
      start_parley_b "$qbytes" "$durability" || { echo "$sc $server RESULT failed=start-b" >> "$RESULTS"; stop_server; return 0; }
      printf '#!/bin/sh\necho %s > %q\necho %s\n' "$PARLEY_B_PID" "$OUT/restarted.pid" "$PARLEY_B_PID" > "$OUT/restart-s8-cluster.sh"
      chmod +x "$OUT/restart-s8-cluster.sh"
      restart=(--restart-cmd "$OUT/restart-s8-cluster.sh" --storm-port "$PARLEY_PORT_B")
    elif [ "$sc" = 8 ]; then
      parley_command "$PARLEY_DATA" "$qbytes" "$durability"
      write_restart "$OUT/restart-s8-parley.sh" "$OUT/parley-s8-restarted.log" "${PARLEY_CMD[@]}"
      restart=(--restart-cmd "$OUT/restart-s8-parley.sh")
    fi
    line=$("$LOADGEN" --proto parley --port "$PARLEY_PORT" --secret "$PARLEY_DATA/signing-secret" \
      --server-pid "$SERVER_PID" --label "s$sc" "${restart[@]}" "$@" 2> >(tee -a "$OUT/loadgen.log" >&2) | grep '^RESULT' || true)
  fi
  stop_server
  stop_restarted
  [ "$server" != nats ] && rm -rf "$PARLEY_DATA"
  [ -n "$line" ] || line="RESULT failed=loadgen"
  echo "$sc $server $line" >> "$RESULTS"
  sleep 1
}

servers=()
[ $RUN_NATS = 1 ] && servers+=(nats)
[ $RUN_PARLEY = 1 ] && servers+=(parley)
[ ${#servers[@]} -gt 0 ] || { log "no server to run"; exit 1; }

CMDLINE="Benchmarks/hub/run.sh"
if [ $QUICK = 1 ]; then CMDLINE="$CMDLINE --quick"; fi
if [ "$SCENARIOS" != 1,2,3,4,5,6,7,8 ]; then CMDLINE="$CMDLINE --scenarios $SCENARIOS"; fi
if [ $RUN_PARLEY = 0 ]; then CMDLINE="$CMDLINE (Parley not run)"; fi
if [ $RUN_NATS = 0 ]; then CMDLINE="$CMDLINE (nats-server not run)"; fi
S4="$S3 --langs $LANGS5"
for sc in 1 2 3 4 5 6 7 8; do
  want $sc || continue
  eval "args=(\$S$sc)"
  runs=("${servers[@]}")
  # Each server with the index runs next to the same without it; S6_NOSEARCH_FIRST=1 swaps each pair
  # (Benchmarks/hub/search-cost.sh alternates it over rounds).
  if [ $sc = 6 ] && [ $RUN_PARLEY = 1 ]; then
    if [ "${S6_NOSEARCH_FIRST:-0}" = 1 ]; then
      runs=("${runs[@]/parley/parley-nosearch}" parley parley-full-nosearch parley-full)
    else
      runs+=(parley-nosearch parley-full parley-full-nosearch)
    fi
  fi
  [ $sc = 8 ] && [ $RUN_PARLEY = 1 ] && [ -n "${PARLEY_TEST_POSTGRES_URL:-}" ] && runs+=(parley-cluster)
  for s in "${runs[@]}"; do
    [ $sc = 4 ] && [ "$s" = nats ] && continue # NATS has no translation
    log "scenario $sc on $s: ${args[*]}"
    run_one $sc "$s" "${args[@]}"
  done
done

# ---------- table ----------
LOADAVG_START=$(cat "$OUT/loadavg-start") "$HERE/table.sh" "$RESULTS" "$CMDLINE" | tee "$OUT/table.md"
log "raw results in $RESULTS"
