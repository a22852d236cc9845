#!/usr/bin/env bash
# crosscheck.sh: examples/http against two independent servers, nginx and node, on loopback. For each server and
# each mode (keep-alive, one connection per request with -k, pipelined with -P 8, timed with -d 2) the responses
# http reports must be exactly the requests the server counted (nginx: its access log lines; node: test/proxy/count-server.js, which
# prints its count on SIGTERM), http must exit 0 and count no error.
# Usage: test/proxy/crosscheck.sh   (SXE_BIN_DIR: where http is; default build/release/bin)
source "$(dirname "$0")/common.sh"
command -v nginx >/dev/null || die "nginx not installed (Debian: nginx-light)"
command -v node >/dev/null || die "node not installed"
[ -x "$BIN_DIR/http" ] || die "$BIN_DIR/http not found: run make first"
MODES=("-c 50 -n 200" "-k -c 20 -n 50" "-P 8 -c 10 -n 400" "-d 2 -c 20")
FAILED=0

# run_http NAME PORT ARGS...: runs http, sets RESPONSES, SENT, ERRORS, HTTP_RC.
run_http() {
    local name=$1 port=$2
    shift 2
    timeout 300 "$BIN_DIR/http" -i 127.0.0.1 -p "$port" -j -q "$@" > "$WORK/$name.json" 2> "$WORK/$name.log"
    HTTP_RC=$?
    if [ -s "$WORK/$name.json" ]; then
        RESPONSES=$(json_get "$WORK/$name.json" responses)
        SENT=$(json_get "$WORK/$name.json" requests_sent)
        ERRORS=$(json_get "$WORK/$name.json" errors.total)
    else
        RESPONSES=-1 SENT=-1 ERRORS=-1
    fi
}

# verdict SERVER MODE COUNTED
verdict() {
    local ok=PASS
    if [ "$HTTP_RC" != 0 ] || [ "$ERRORS" != 0 ] || [ "$RESPONSES" != "$3" ]; then
        ok=FAIL
        FAILED=$((FAILED + 1))
    fi
    printf '%s crosscheck %-6s %-18s http: exit %s, %s responses, %s requests sent, %s errors; server counted %s\n' \
        "$ok" "$1" "$2" "$HTTP_RC" "$RESPONSES" "$SENT" "$ERRORS" "$3"
}

start_nginx() {

    mkdir -p "$WORK/nginx"
    : > "$WORK/nginx/access.log"
    for _ in 1 2 3 4 5; do
        NGINX_PORT=$(free_port)
        cat > "$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    log_format counted '\$request_uri \$status';
    access_log $WORK/nginx/access.log counted;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        keepalive_requests 1000000;
        location / { return 200 "hello from nginx\n"; }
    }
}
CONF
        nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" > /dev/null 2>&1 &
        NGINX_PID=$!
        PIDS+=("$NGINX_PID")
        wait_port "$NGINX_PORT" 5 && kill -0 "$NGINX_PID" 2>/dev/null && return 0
        kill "$NGINX_PID" 2>/dev/null
    done
    die "nginx did not start"
}

# stop_pid PID: SIGTERM, then wait (bounded) for it to exit.
stop_pid() {
    kill -TERM "$1" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null
}

for mode in "${MODES[@]}"; do
    start_nginx
    # shellcheck disable=SC2086
    run_http nginx "$NGINX_PORT" $mode
    stop_pid "$NGINX_PID"    # nginx writes its access log as it goes; stopped, the count is final
    verdict nginx "$mode" "$(grep -c ' 200$' "$WORK/nginx/access.log")"

    node test/proxy/count-server.js "$WORK/node.port" > "$WORK/node.out" 2>&1 &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    rm -f "$WORK/node.port"
    wait_file "$WORK/node.port" 10 || die "node did not start: $(cat "$WORK/node.out")"
    # shellcheck disable=SC2086
    run_http node "$(cat "$WORK/node.port")" $mode
    stop_pid "$NODE_PID"
    wait "$NODE_PID" 2>/dev/null
    verdict node "$mode" "$(sed -n 's/^requests=//p' "$WORK/node.out")"
    rm -f "$WORK/node.port"
done

[ $FAILED = 0 ] || die "$FAILED crosscheck runs disagreed"
echo "PASS crosscheck"
