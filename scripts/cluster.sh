#!/usr/bin/env bash
# A local cluster on this one machine, on loopback only: a Ray head (its workers train
# the runs), N Streamlit replicas of the app sharing one run store, and nginx in front
# (sticky, deploy/nginx.conf.template). See docs/deploy.md.
#
#   bash scripts/cluster.sh install         # Ray from requirements-cluster.lock (+ nginx as root)
#   bash scripts/cluster.sh start [options] # prints the proxy's URL when every part answers
#   bash scripts/cluster.sh status
#   bash scripts/cluster.sh stop            # ends every process it started, by process id
#
# Options of start (defaults in brackets):
#   --replicas N [2]        web replicas        --port P [8080]        nginx
#   --replica-port P [8501] first replica (the others follow: P+1, ...)
#   --ray-port P [6379]     Ray's GCS (P+1: Ray client server, P+2: dashboard agent)
#   --cpus N [nproc]        CPUs Ray may give to runs
#   --runs-dir DIR [$CNN_EXPLORER_RUNS_DIR or <repo>/runs]   the shared run store
#   --no-web                the Ray head alone (tests of the Ray backend)
# State (process ids, logs, nginx.conf, the replicas' shared cookie secret) lives in
# $CNN_EXPLORER_CLUSTER_DIR [<repo>/.cluster]. Each part runs in its own session
# (setsid); stop ends every process of those sessions (TERM, then KILL after 15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
STATE=${CNN_EXPLORER_CLUSTER_DIR:-$REPO/.cluster}
PY=$REPO/.venv/bin/python
# Ray binds its servers to the node's address; this makes that 127.0.0.1 (one machine).
export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0

die() { echo "cluster.sh: $*" >&2; exit 1; }

session_pids() {  # every live process (zombies left out) whose session leader is $1
    ps -eo pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }'
}

wait_session_ends() {  # wait_session_ends LEADER TENTHS: until none is left, or the time is up
    local pids
    for _ in $(seq "$2"); do
        pids=$(session_pids "$1")
        [ -z "$pids" ] && return 0
        sleep 0.1
    done
    echo "$pids"
}

stop_part() {  # stop_part NAME: end the session recorded in $STATE/NAME.pid
    local file=$STATE/$1.pid leader pids
    [ -f "$file" ] || return 0
    leader=$(cat "$file")
    pids=$(session_pids "$leader")
    if [ -n "$pids" ]; then
        kill -TERM $pids 2> /dev/null || true
        pids=$(wait_session_ends "$leader" 150)
        if [ -n "$pids" ]; then
            kill -KILL $pids 2> /dev/null || true
            # A killed process takes a moment to go (a large one frees its memory first):
            # return only when the part is gone, so a check right after finds nothing.
            pids=$(wait_session_ends "$leader" 100)
            if [ -n "$pids" ]; then
                echo "still running in $1's session: $pids" >&2
            fi
        fi
    fi
    rm -f "$file"
    echo "stopped $1"
}

start_part() {  # start_part NAME LOG COMMAND...: a new session, its leader's pid recorded
    local name=$1 log=$2
    shift 2
    setsid "$@" > "$log" 2>&1 < /dev/null &
    echo $! > "$STATE/$name.pid"
}

wait_http() {  # wait_http URL NAME LOG: until URL answers 200 (90 s)
    for _ in $(seq 450); do
        if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2> /dev/null; then
            return 0
        fi
        sleep 0.2
    done
    tail -n 30 "$3" >&2
    die "$2 did not answer at $1 (log: $3)"
}

cmd_install() {
    "$PY" -m pip install -q --disable-pip-version-check -r requirements-cluster.lock
    if ! command -v nginx > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx > /dev/null
    fi
    echo "Ray $("$PY" -c 'import ray; print(ray.__version__)'); nginx: $(command -v nginx || echo missing)"
}

cmd_start() {
    local replicas=2 port=8080 replica_port=8501 ray_port=6379 cpus web=1
    cpus=$(nproc)
    local runs=${CNN_EXPLORER_RUNS_DIR:-$REPO/runs}
    while [ $# -gt 0 ]; do
        case $1 in
            --replicas) replicas=$2; shift 2 ;;
            --port) port=$2; shift 2 ;;
            --replica-port) replica_port=$2; shift 2 ;;
            --ray-port) ray_port=$2; shift 2 ;;
            --cpus) cpus=$2; shift 2 ;;
            --runs-dir) runs=$2; shift 2 ;;
            --no-web) web=0; shift ;;
            *) die "unknown option $1 (see the top of scripts/cluster.sh)" ;;
        esac
    done
    [ -x "$PY" ] || die "no $PY: run bash scripts/install.sh first"
    "$PY" -c "import ray" 2> /dev/null || die "Ray is not installed: bash scripts/cluster.sh install"
    [ -f "$STATE/ray.pid" ] && die "already started (state in $STATE): stop it first"
    mkdir -p "$STATE" "$runs"
    runs=$(cd "$runs" && pwd)
    # Ray's unix sockets need a short path: its temporary folder is under /tmp.
    local ray_tmp
    ray_tmp=$(mktemp -d /tmp/cnnx-ray.XXXXXX)
    echo "$ray_tmp" > "$STATE/ray-tmp"
    start_part ray "$STATE/ray.log" "$REPO/.venv/bin/ray" start --head --block \
        --port="$ray_port" --ray-client-server-port=$((ray_port + 1)) \
        --dashboard-agent-listen-port=$((ray_port + 2)) \
        --num-cpus="$cpus" --include-dashboard=false --disable-usage-stats \
        --temp-dir="$ray_tmp"
    local address=127.0.0.1:$ray_port ok=0
    for _ in $(seq 300); do
        if "$REPO/.venv/bin/ray" health-check --address "$address" > /dev/null 2>&1; then
            ok=1
            break
        fi
        sleep 0.3
    done
    [ $ok = 1 ] || { tail -n 30 "$STATE/ray.log" >&2; die "the Ray head did not start (log: $STATE/ray.log)"; }
    echo "$address" > "$STATE/ray-address"
    echo "Ray head: $address ($cpus CPUs)"
    [ $web = 1 ] || return 0

    command -v nginx > /dev/null || die "nginx is not installed: bash scripts/cluster.sh install (as root)"
    [ -f "$STATE/cookie-secret" ] || "$PY" -c "import secrets; print(secrets.token_hex(32))" > "$STATE/cookie-secret"
    local servers="" i p
    for i in $(seq 0 $((replicas - 1))); do
        p=$((replica_port + i))
        # Every replica: the same run store, the same cluster, the same cookie secret
        # (an XSRF cookie from one replica is valid on the others).
        start_part "web$i" "$STATE/web$i.log" env \
            CNN_EXPLORER_RAY_ADDRESS="$address" \
            CNN_EXPLORER_RUNS_DIR="$runs" \
            STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$STATE/cookie-secret")" \
            "$PY" -m streamlit run app.py --server.headless true --server.address 127.0.0.1 \
            --server.port "$p" --browser.gatherUsageStats false --server.fileWatcherType none
        servers+="        server 127.0.0.1:$p;"$'\n'
    done
    mkdir -p "$STATE/nginx-tmp"
    sed -e "s|@STATE@|$STATE|g" -e "s|@PORT@|$port|g" deploy/nginx.conf.template |
        "$PY" -c "import sys; sys.stdout.write(sys.stdin.read().replace('@SERVERS@\n', sys.argv[1]))" "$servers" \
            > "$STATE/nginx.conf"
    nginx -t -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log" 2> "$STATE/nginx-test.log" ||
        { cat "$STATE/nginx-test.log" >&2; die "bad nginx configuration $STATE/nginx.conf"; }
    start_part nginx "$STATE/nginx.log" nginx -p "$STATE" -c "$STATE/nginx.conf" -e "$STATE/nginx-error.log"
    for i in $(seq 0 $((replicas - 1))); do
        wait_http "http://127.0.0.1:$((replica_port + i))/_stcore/health" "replica $i" "$STATE/web$i.log"
        echo "replica $i: http://127.0.0.1:$((replica_port + i))"
    done
    wait_http "http://127.0.0.1:$port/_stcore/health" nginx "$STATE/nginx-error.log"
    echo "http://127.0.0.1:$port" > "$STATE/url"
    echo "CNN Explorer: http://127.0.0.1:$port (run store $runs)"
}

cmd_stop() {
    [ -d "$STATE" ] || { echo "nothing started (no $STATE)"; return 0; }
    local part
    stop_part nginx
    for part in "$STATE"/web*.pid; do
        [ -e "$part" ] && stop_part "$(basename "$part" .pid)"
    done
    stop_part ray
    if [ -f "$STATE/ray-tmp" ]; then
        rm -rf "$(cat "$STATE/ray-tmp")"
        rm -f "$STATE/ray-tmp"
    fi
    rm -f "$STATE/ray-address" "$STATE/url"
}

cmd_status() {
    local file leader
    for file in "$STATE"/*.pid; do
        [ -e "$file" ] || continue
        leader=$(cat "$file")
        echo "$(basename "$file" .pid): $(session_pids "$leader" | wc -l) processes (session $leader)"
    done
    [ -f "$STATE/url" ] && echo "url: $(cat "$STATE/url")"
    return 0
}

case ${1:-} in
    install) cmd_install ;;
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) die "usage: bash scripts/cluster.sh install|start [options]|status|stop" ;;
esac
