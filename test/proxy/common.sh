# shellcheck shell=bash
# common.sh: helpers shared by the proxy scripts (sourced, not run). Every process started is remembered by pid
# and stopped by pid on exit; every wait is bounded.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
BIN_DIR=${SXE_BIN_DIR:-build/release/bin}
WORK=$(mktemp -d /tmp/sxe-proxy.XXXXXX)
PIDS=()

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

die() { echo "FAIL: $*" >&2; exit 1; }

# A port that was free a moment ago on 127.0.0.1 (for servers that cannot report an ephemeral port themselves).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT SECONDS: true once something accepts connections on 127.0.0.1:PORT.
wait_port() {
    for _ in $(seq $(( $2 * 10 ))); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# wait_file FILE SECONDS: true once FILE holds a complete line.
wait_file() {
    for _ in $(seq $(( $2 * 10 ))); do
        [ -s "$1" ] && [ "$(tail -c1 "$1" | od -An -c | tr -d ' ')" = '\n' ] && return 0
        sleep 0.1
    done
    return 1
}

# start_httpd ARGS...: starts httpd on an ephemeral port; sets HTTPD_PID and HTTPD_PORT.
start_httpd() {
    [ -x "$BIN_DIR/httpd" ] || die "$BIN_DIR/httpd not found: run make first"
    "$BIN_DIR/httpd" "$@" -p 0 -P "$WORK/httpd.port" > "$WORK/httpd.log" 2>&1 &
    HTTPD_PID=$!
    PIDS+=("$HTTPD_PID")
    wait_file "$WORK/httpd.port" 10 || die "httpd did not start: $(tail -3 "$WORK/httpd.log")"
    HTTPD_PORT=$(cat "$WORK/httpd.port")    # used by the sourcing script
    export HTTPD_PORT
}

# json_get FILE KEY.PATH: prints a value of the JSON object in FILE (python3).
json_get() {
    python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(v)' "$1" "$2"
}
