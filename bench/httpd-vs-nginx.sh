#!/usr/bin/env bash
# bench/httpd-vs-nginx.sh: server CPU time per request of examples/httpd against nginx (1 worker, access_log off,
# a `return 200` page of the same body), and CPU per connection of examples/hello against bench/blocking-hello and
# nginx. Loopback only; server pinned to one core, load generator to the other (taskset). Each figure is the
# median of RUNS runs. Bounded in time (about 4 minutes with the defaults) and kills everything it starts by pid.
# Scenarios: wrk -t1 keep-alive with 100, 1000 and BIG_C (default 10000) connections, 16 pipelined requests per
# write with 100, and ab without keep-alive (one request per connection) for hello, blocking-hello and nginx (nginx
# twice: plain `listen`, and `listen ... deferred` = TCP_DEFER_ACCEPT like hello's listener, row "nginx-dfr"). The
# BIG_C run needs 2 x BIG_C + spare descriptors (wrk and the server each hold BIG_C); it is skipped, saying so,
# when the hard RLIMIT_NOFILE is too low.
#
# Usage: bash bench/httpd-vs-nginx.sh            (after `make`; BIN=build/release/bin BENCH=build/release/bench)
# Environment: DURATION (seconds per wrk run, default 4), RUNS (default 3), HELLO_N (ab requests, default 20000),
#              SERVER_CPU (default 0), CLIENT_CPU (default 1), BIG_C (default 10000),
#              ONLY (httpd: only the wrk scenarios; hello: only the ab scenarios; default both).
#
# CPU time is utime + stime of the server process from /proc/PID/stat, read just before and after each load run.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-build/release/bin}
BENCH=${BENCH:-build/release/bench}
DURATION=${DURATION:-4}
RUNS=${RUNS:-3}
HELLO_N=${HELLO_N:-20000}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BIG_C=${BIG_C:-10000}
ONLY=${ONLY:-all}
HTTPD_C=2000
TICKS=$(getconf CLK_TCK)
WORK=$(mktemp -d /tmp/sxe-bench.XXXXXX)
PIDS=()
BODY='<html><body>Hello World</body></html>\n'

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk ab nginx taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool: bash .ci/deps install bench" >&2; exit 1; }
done
[ -x "$BIN/httpd" ] && [ -x "$BIN/hello" ] && [ -x "$BENCH/blocking-hello" ] || { echo "run make first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

start_httpd() {
    taskset -c "$SERVER_CPU" "$BIN/httpd" -p 0 -P "$WORK/httpd.port" -c "$HTTPD_C" -b 8192 -l 3 2>"$WORK/httpd.log" &
    SERVER=$!; PIDS+=("$SERVER")
    for _ in $(seq 100); do [ -s "$WORK/httpd.port" ] && break; sleep 0.05; done
    PORT=$(cat "$WORK/httpd.port"); rm -f "$WORK/httpd.port"
}

# NGINX_LISTEN_FLAGS: extra `listen` parameters; "deferred" gives nginx TCP_DEFER_ACCEPT, as hello's listener has.
NGINX_LISTEN_FLAGS=""
start_nginx() {
    PORT=$(free_port)
    mkdir -p "$WORK/nginx"
    cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log crit;
worker_rlimit_nofile $((BIG_C + 1000));
events { worker_connections $((BIG_C + 1000)); }
http {
    access_log off;
    client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$PORT $NGINX_LISTEN_FLAGS;
        location / { default_type text/html; return 200 "$BODY"; }
    }
}
EOF
    taskset -c "$SERVER_CPU" nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>>"$WORK/nginx/error.log" &
    SERVER=$!; PIDS+=("$SERVER")
    wait_port "$PORT"
}

start_hello() {
    taskset -c "$SERVER_CPU" "$BIN/hello" -p 0 -P "$WORK/hello.port" -c 2000 2>"$WORK/hello.log" &
    SERVER=$!; PIDS+=("$SERVER")
    for _ in $(seq 100); do [ -s "$WORK/hello.port" ] && break; sleep 0.05; done
    PORT=$(cat "$WORK/hello.port"); rm -f "$WORK/hello.port"
}

start_blocking() {
    taskset -c "$SERVER_CPU" "$BENCH/blocking-hello" -p 0 > "$WORK/blocking.port" &
    SERVER=$!; PIDS+=("$SERVER")
    for _ in $(seq 100); do [ -s "$WORK/blocking.port" ] && break; sleep 0.05; done
    PORT=$(head -1 "$WORK/blocking.port")
}

stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; }

cat > "$WORK/pipeline.lua" <<'EOF'
-- 16 pipelined requests per write
init = function(args)
    local r = {}
    for i = 1, 16 do r[i] = wrk.format(nil, "/") end
    req = table.concat(r)
end
request = function() return req end
EOF

# One wrk run against $PORT; prints "requests_per_second cpu_us_per_request".
wrk_run() {
    local connections=$1 script=$2 before after out requests rps
    before=$(cpu_ticks "$SERVER")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$connections" -d"${DURATION}s" ${script:+-s "$script"} \
          "http://127.0.0.1:$PORT/" 2>&1)
    after=$(cpu_ticks "$SERVER")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    awk -v r="$requests" -v rps="$rps" -v t=$((after - before)) -v hz="$TICKS" \
        'BEGIN { printf "%.0f %.3f\n", rps, (r > 0 ? t / hz * 1e6 / r : 0) }'
}

# One ab run (no keep-alive) against $PORT; prints "connections_per_second cpu_us_per_connection".
ab_run() {
    local before after out done_n rps
    before=$(cpu_ticks "$SERVER")
    out=$(taskset -c "$CLIENT_CPU" ab -q -n "$HELLO_N" -c 50 "http://127.0.0.1:$PORT/" 2>&1)
    after=$(cpu_ticks "$SERVER")
    done_n=$(echo "$out" | awk '/Complete requests/ {print $3}')
    rps=$(echo "$out" | awk '/Requests per second/ {print $4}')
    awk -v n="$done_n" -v rps="$rps" -v t=$((after - before)) -v hz="$TICKS" \
        'BEGIN { printf "%.0f %.3f\n", rps, (n > 0 ? t / hz * 1e6 / n : 0) }'
}

# measure SERVER_KIND RUNNER ARGS...: runs RUNS times on a fresh server; prints "median_rate median_cpu_us rss_kB".
measure() {
    local kind=$1; shift
    local rates=() cpus=() line rss
    "start_$kind"
    for _ in $(seq "$RUNS"); do
        line=$("$@")
        rates+=("${line% *}"); cpus+=("${line#* }")
    done
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
    stop_server
    echo "$(printf '%s\n' "${rates[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss"
}

row() { # label sxe_line other_line other_name
    local s=($2) o=($3)
    awk -v l="$1" -v sr="${s[0]}" -v sc="${s[1]}" -v ss="${s[2]}" -v orr="${o[0]}" -v oc="${o[1]}" -v os="${o[2]}" \
        -v on="$4" 'BEGIN { printf "%-28s %9s/s %8.2f us %7s kB | %-8s %9s/s %8.2f us %7s kB | ratio %.2f\n",
                            l, sr, sc, ss, on, orr, oc, os, (oc > 0 ? sc / oc : 0) }'
}

echo "median of $RUNS runs, ${DURATION}s each; server on cpu $SERVER_CPU, client on cpu $CLIENT_CPU; $(nginx -v 2>&1)"
echo "scenario                      sxe: rate, CPU/request, RSS         | other: rate, CPU/request, RSS        | sxe/other CPU"
if [ "$ONLY" != hello ]; then
h100=$(measure httpd wrk_run 100 "");       n100=$(measure nginx wrk_run 100 "")
row "keep-alive c100 (httpd)" "$h100" "$n100" nginx
h1k=$(measure httpd wrk_run 1000 "");       n1k=$(measure nginx wrk_run 1000 "")
row "keep-alive c1000 (httpd)" "$h1k" "$n1k" nginx
hp=$(measure httpd wrk_run 100 "$WORK/pipeline.lua"); np=$(measure nginx wrk_run 100 "$WORK/pipeline.lua")
row "pipelined 16 c100 (httpd)" "$hp" "$np" nginx
if [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge $((BIG_C + 1000)) ]; then
    ulimit -n "$(ulimit -Hn)"
    HTTPD_C=$((BIG_C + 500))
    hb=$(measure httpd wrk_run "$BIG_C" "");  nb=$(measure nginx wrk_run "$BIG_C" "")
    row "keep-alive c$BIG_C (httpd)" "$hb" "$nb" nginx
    HTTPD_C=2000
else
    echo "keep-alive c$BIG_C: skipped, the hard descriptor limit $(ulimit -Hn) is below $((BIG_C + 1000))"
fi
fi
if [ "$ONLY" != httpd ]; then
# hello listens with SXE_LISTEN_FLAG_DEFER_ACCEPT (TCP_DEFER_ACCEPT + a read right after accept). nginx is measured
# both as configured above (plain `listen`) and with `listen ... deferred` (TCP_DEFER_ACCEPT too).
hh=$(measure hello ab_run);  hb=$(measure blocking ab_run);  hn=$(measure nginx ab_run)
NGINX_LISTEN_FLAGS=deferred; hd=$(measure nginx ab_run); NGINX_LISTEN_FLAGS=""
row "ab no keep-alive (hello)" "$hh" "$hb" blocking
row "ab no keep-alive (hello)" "$hh" "$hn" nginx
row "ab no keep-alive (hello)" "$hh" "$hd" nginx-dfr
fi
