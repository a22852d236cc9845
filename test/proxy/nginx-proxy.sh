#!/usr/bin/env bash
# nginx-proxy.sh: nginx as a reverse proxy (upstream keep-alive) in front of `httpd -w 2`, on loopback.
# examples/http sends REQUESTS (default 100000) through nginx; passes when http exits 0 and its JSON summary counts
# no error and every response 2xx, and when httpd counted at least as many requests as http got responses.
# Usage: test/proxy/nginx-proxy.sh [REQUESTS]   (SXE_BIN_DIR: where httpd and http are; default build/release/bin)
source "$(dirname "$0")/common.sh"
REQUESTS=${1:-100000}
CONNECTIONS=100
command -v nginx >/dev/null || die "nginx not installed (Debian: nginx-light)"
[ -x "$BIN_DIR/http" ] || die "$BIN_DIR/http not found: run make first"

start_httpd -w 2 -c 1000 -t 30

# nginx cannot report an ephemeral port: try a few free ones.
mkdir -p "$WORK/nginx"
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
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    upstream sxe_httpd {
        server 127.0.0.1:$HTTPD_PORT;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        keepalive_requests 1000000;
        location / {
            proxy_pass http://sxe_httpd;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
    nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" > "$WORK/nginx/stdout.log" 2>&1 &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    if wait_port "$NGINX_PORT" 5 && kill -0 "$NGINX_PID" 2>/dev/null; then
        break
    fi
    kill "$NGINX_PID" 2>/dev/null
    NGINX_PID=
done
[ -n "${NGINX_PID:-}" ] || die "nginx did not start: $(tail -3 "$WORK/nginx/error.log")"
echo "nginx-proxy: nginx on 127.0.0.1:$NGINX_PORT -> httpd -w 2 on 127.0.0.1:$HTTPD_PORT"

timeout 600 "$BIN_DIR/http" -i 127.0.0.1 -p "$NGINX_PORT" -c $CONNECTIONS -n $(( REQUESTS / CONNECTIONS )) -j -q \
    > "$WORK/http.json" 2> "$WORK/http.log"
HTTP_RC=$?
[ -s "$WORK/http.json" ] || die "http printed no JSON (exit $HTTP_RC): $(tail -3 "$WORK/http.log")"
RESPONSES=$(json_get "$WORK/http.json" responses)
ERRORS=$(json_get "$WORK/http.json" errors.total)
OK=$(json_get "$WORK/http.json" status.2xx)
RPS=$(json_get "$WORK/http.json" responses_per_second)
P99=$(json_get "$WORK/http.json" latency_us.p99)

kill -USR1 "$HTTPD_PID"
sleep 0.5
SERVED=$(grep -o 'counters (SIGUSR1): requests=[0-9]*' "$WORK/httpd.log" | awk -F= '{ s += $2 } END { print s + 0 }')
NGINX_ERRORS=$(grep -c '\[error\]' "$WORK/nginx/error.log")
echo "nginx-proxy: http exit $HTTP_RC: $RESPONSES responses of $REQUESTS ($OK 2xx), $ERRORS errors, $RPS responses/s," \
     "p99 ${P99} us; httpd workers counted $SERVED requests; nginx error log: $NGINX_ERRORS errors"
[ "$HTTP_RC" = 0 ] || die "http exited $HTTP_RC"
[ "$ERRORS" = 0 ] || die "http counted $ERRORS errors"
[ "$RESPONSES" = "$REQUESTS" ] && [ "$OK" = "$REQUESTS" ] || die "expected $REQUESTS 2xx responses"
[ "$SERVED" -ge "$REQUESTS" ] || die "httpd counted only $SERVED requests"
[ "$NGINX_ERRORS" = 0 ] || die "nginx logged errors: $(grep '\[error\]' "$WORK/nginx/error.log" | head -3)"
echo "PASS nginx-proxy"
