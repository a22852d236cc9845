#!/usr/bin/env bash
# bench/http-vs-wrk.sh: the libsxe load generator (examples/http) against `wrk -t1`, side by side in one run, on one
# core each: the server (nginx, 1 worker, or libsxe's httpd with -s httpd) on CPU 1, the client on CPU 0.
# Loopback only, bounded in time, kills only what it starts (by pid). Then the classic `-c 10000 -n 50` run
# against httpd. A benchmark, not a test: it prints figures, it does not judge them. Besides requests/s it prints
# each client's CPU time (user + system) per response: when the server's core is the bottleneck, both clients reach
# the same requests/s and the CPU a client spends per response is what tells their per-core speed apart.
#
# usage: bench/http-vs-wrk.sh [-s nginx|httpd] [-d SECONDS] [-b BUILD_DIR]     (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

server=nginx
seconds=3
bin=build/release/bin
while getopts "s:d:b:" option; do
    case $option in
        s) server=$OPTARG ;;
        d) seconds=$OPTARG ;;
        b) bin=$OPTARG ;;
        *) echo "usage: $0 [-s nginx|httpd] [-d SECONDS] [-b BUILD_DIR/bin]" >&2; exit 2 ;;
    esac
done

http=$bin/http
httpd=$bin/httpd
[ -x "$http" ] || { echo "build first: make examples (missing $http)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
ncpu=$(nproc)
client_cpu=0
server_cpu=$((ncpu > 1 ? 1 : 0))
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

start_nginx() { # port -> sets server_pid
    mkdir -p "$work/nginx"
    cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 20000; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$1 backlog=4096;
        location / { return 200 "hello"; }
    }
}
CONF
    taskset -c "$server_cpu" nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log" &
    server_pid=$!
    pids+=("$server_pid")
    wait_port "$1"
}

start_httpd() { # port -> sets server_pid
    taskset -c "$server_cpu" "$httpd" -i 127.0.0.1 -p "$1" -w 1 -c 12000 -l 3 2>"$work/httpd.log" &
    server_pid=$!
    pids+=("$server_pid")
    wait_port "$1"
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}

port=$(free_port)
case $server in
    nginx) start_nginx "$port" ;;
    httpd) start_httpd "$port" ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
esac

echo "server: $server on CPU $server_cpu, port $port; clients on CPU $client_cpu; $seconds s per run"
rounds=3
cpu_us() { # time_file responses -> client CPU microseconds (user + system) per response
    awk -v n="$2" '{printf "%.2f", (n > 0 ? ($1 + $2) * 1e6 / n : 0)}' "$1"
}
printf '%-8s %6s %5s %12s %12s %9s %9s %7s\n' client conns round requests/s cpu_us/resp p50_ms p99_ms errors
declare -A all cpu
for conns in 100 1000; do
    for round in $(seq "$rounds"); do # alternate the two clients so drift in the machine's load hits both
        # wrk -t1: one thread, one core
        out=$(/usr/bin/time -f "%U %S" -o "$work/time" taskset -c "$client_cpu" \
              wrk -t1 -c"$conns" -d"${seconds}s" --latency "http://127.0.0.1:$port/" 2>&1)
        rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
        total=$(awk '/requests in/ {print $1}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Socket errors/ {e = $0} /Non-2xx/ {e = e " " $0} END {print (e == "" ? 0 : e)}' <<<"$out")
        us=$(cpu_us "$work/time" "$total")
        printf '%-8s %6s %5s %12s %12s %9s %9s %7s\n' "wrk -t1" "$conns" "$round" "$rps" "$us" "$p50" "$p99" "$errors"
        all[wrk,$conns]+="$rps "
        cpu[wrk,$conns]+="$us "

        # the libsxe tool, one process, one core
        json=$(/usr/bin/time -f "%U %S" -o "$work/time" taskset -c "$client_cpu" \
               "$http" -i 127.0.0.1 -p "$port" -c "$conns" -d "$seconds" -q -j 2>"$work/http.err") || true
        num() { grep -o "\"$1\":[0-9.]*" <<<"$json" | head -1 | cut -d: -f2; }
        rps=$(num responses_per_second)
        us=$(cpu_us "$work/time" "$(num responses)")
        printf '%-8s %6s %5s %12s %12s %9s %9s %7s\n' "http" "$conns" "$round" "$rps" "$us" \
            "$(awk -v v="$(num p50)" 'BEGIN {printf "%.2fms", v / 1000}')" \
            "$(awk -v v="$(num p99)" 'BEGIN {printf "%.2fms", v / 1000}')" "$(num total)"
        all[http,$conns]+="$rps "
        cpu[http,$conns]+="$us "
    done
done
echo
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for conns in 100 1000; do
    w=$(median "${all[wrk,$conns]}")
    h=$(median "${all[http,$conns]}")
    printf 'median of %s rounds, %4s connections: requests/s wrk -t1 %8.0f http %8.0f (http/wrk %.2f);' \
        "$rounds" "$conns" "$w" "$h" "$(awk -v h="$h" -v w="$w" 'BEGIN {print h / w}')"
    printf ' client CPU us/response wrk -t1 %s http %s\n' "$(median "${cpu[wrk,$conns]}")" "$(median "${cpu[http,$conns]}")"
done
stop_server

# The classic run: 10000 connections, 50 queries each, against httpd.
if [ -x "$httpd" ]; then
    port=$(free_port)
    start_httpd "$port"
    echo
    echo "classic: http -c 10000 -n 50 against httpd (ulimit -n $(ulimit -n))"
    start=$(date +%s.%N)
    taskset -c "$client_cpu" "$http" -i 127.0.0.1 -p "$port" -c 10000 -n 50 -q 2>&1 | grep -E "time for all|responses:|errors:|MISSING|connections:" || true
    echo "exit status ${PIPESTATUS[0]}, wall $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}') s"
    stop_server
fi
