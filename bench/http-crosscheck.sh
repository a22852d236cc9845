#!/usr/bin/env bash
# bench/http-crosscheck.sh: does the load generator (examples/http) report exactly what the server saw?
# Runs several modes against nginx (1 worker, `return 200 "hello"`, access log to a file: one line per response)
# and against libsxe's httpd (its SIGUSR1 counters line: requests=N), and compares the responses the tool reports
# with the server's own count. Loopback only, ephemeral ports, bounded in time; kills only what it starts, by pid.
# Exit status 0 when every count matches (and every run exited 0), 1 otherwise.
#
# usage: bench/http-crosscheck.sh [-b BUILD_DIR/bin]     (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release/bin
while getopts "b:" option; do
    case $option in
        b) bin=$OPTARG ;;
        *) echo "usage: $0 [-b BUILD_DIR/bin]" >&2; exit 2 ;;
    esac
done
http=$bin/http
httpd=$bin/httpd
[ -x "$http" ] || { echo "build first: make examples (missing $http)" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() { # port
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "server did not start on port $1" >&2
    return 1
}

# The modes checked: each is a list of http options (the server address is added).
modes=(
    "-c 50 -n 100"
    "-c 1000 -n 5"
    "-c 10 -n 20 -k"
    "-c 8 -n 200 -P 16"
    "-c 20 -d 2 -T 2"
    "-c 10 -d 2 -r 3000"
    "-c 10 -d 2 -r 3000 -T 2"
    "-c 4 -n 50 -m HEAD"
)

failures=0
report() { # server mode tool_exit tool_responses server_count
    local verdict=ok
    if [ "$3" != 0 ] || [ "$4" != "$5" ]; then verdict=MISMATCH; failures=$((failures + 1)); fi
    printf '%-6s %-24s exit %s  tool responses %8s  server counted %8s  %s\n' "$1" "$2" "$3" "$4" "$5" "$verdict"
}

run_tool() { # port options... -> sets tool_exit, tool_responses
    local json
    tool_exit=0
    json=$(timeout 60 "$http" -i 127.0.0.1 -p "$@" -q -j 2>"$work/http.err") || tool_exit=$?
    tool_responses=$(grep -o '"responses":[0-9]*' <<<"$json" | cut -d: -f2)
    tool_responses=${tool_responses:-none}
}

# ---- nginx ----
port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
    log_format counted '\$status';
    access_log $work/nginx/access.log counted;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port backlog=4096;
        location / { return 200 "hello"; }
    }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log" &
nginx_pid=$!
pids+=("$nginx_pid")
wait_port "$port"
sleep 0.2
before=$(wc -l < "$work/nginx/access.log" 2>/dev/null || echo 0)
for mode in "${modes[@]}"; do
    # shellcheck disable=SC2086
    run_tool "$port" $mode
    sleep 0.2 # nginx writes each line when the request ends; let the last ones land
    after=$(wc -l < "$work/nginx/access.log")
    report nginx "$mode" "$tool_exit" "$tool_responses" "$((after - before))"
    before=$after
done
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true

# ---- httpd ----
if [ -x "$httpd" ]; then
    port=$(free_port)
    "$httpd" -i 127.0.0.1 -p "$port" -w 1 -c 4096 2>"$work/httpd.log" &
    httpd_pid=$!
    pids+=("$httpd_pid")
    wait_port "$port"
    httpd_requests() { # asks httpd for its counters (SIGUSR1) and prints requests=
        local lines
        lines=$(grep -c 'counters (SIGUSR1)' "$work/httpd.log" || true)
        kill -USR1 "$httpd_pid"
        for _ in $(seq 100); do
            [ "$(grep -c 'counters (SIGUSR1)' "$work/httpd.log" || true)" -gt "$lines" ] && break
            sleep 0.02
        done
        grep 'counters (SIGUSR1)' "$work/httpd.log" | tail -1 | grep -o 'requests=[0-9]*' | cut -d= -f2
    }
    before=$(httpd_requests)
    for mode in "${modes[@]}"; do
        # shellcheck disable=SC2086
        run_tool "$port" $mode
        sleep 0.1
        after=$(httpd_requests)
        report httpd "$mode" "$tool_exit" "$tool_responses" "$((after - before))"
        before=$after
    done
    kill "$httpd_pid"; wait "$httpd_pid" 2>/dev/null || true
else
    echo "httpd not built ($httpd): skipped"
fi

echo "crosscheck: $failures mismatch(es)"
[ "$failures" = 0 ]
