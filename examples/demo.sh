#!/usr/bin/env bash
# examples/demo.sh (`make demo`): build the release, start examples/httpd on a free loopback port, load it for a few
# seconds with 100 keep-alive connections, print requests/s, the server's CPU time per request and its RSS, and
# stop the server; then the same over HTTPS, with a throw-away certificate made by `openssl req` (httpd --cert --key,
# examples/http trusting that certificate with --cacert). The load generator is examples/http (libsxe's own) when it
# is built and works, else wrk (installed with `bash .ci/deps install build demo` when missing and possible, as is
# openssl). Server and client are pinned to different cores with taskset when there are two or more. Bounded in
# time; kills only what it started, by pid.
#
# Environment: DURATION (seconds of load, default 5), CONNECTIONS (default 100), BUILD_ROOT (default build).
set -u
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-100}
BIN=${BUILD_ROOT:-build}/release/bin
WORK=$(mktemp -d /tmp/sxe-demo.XXXXXX)
SERVER=

cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash .ci/deps install build demo || echo "demo: could not install every package; going on with what is there" >&2
make --no-print-directory ${BUILD_ROOT:+BUILD_ROOT=$BUILD_ROOT} >/dev/null || { echo "demo: make failed" >&2; exit 1; }

SERVER_PIN=() CLIENT_PIN=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    SERVER_PIN=(taskset -c 0) CLIENT_PIN=(taskset -c 1)
fi

# start_httpd NAME [OPTIONS...]: httpd on a free loopback port, its log in $WORK/NAME.log; sets SERVER, LOG, PORT.
start_httpd() {
    local name=$1
    shift
    LOG=$WORK/$name.log
    "${SERVER_PIN[@]}" "$BIN/httpd" -p 0 -P "$WORK/$name.port" -c 2000 -l 4 "$@" 2>"$LOG" &
    SERVER=$!
    for _ in $(seq 100); do [ -s "$WORK/$name.port" ] && break; sleep 0.05; done
    [ -s "$WORK/$name.port" ] || { echo "demo: httpd did not start:" >&2; cat "$LOG" >&2; exit 1; }
    PORT=$(cat "$WORK/$name.port")
}

# The server's own request counter, from the line SIGUSR1 makes it log.
requests() {
    local before
    before=$(grep -c 'counters (SIGUSR1).*requests=' "$LOG")
    kill -USR1 "$SERVER"
    for _ in $(seq 100); do
        [ "$(grep -c 'counters (SIGUSR1).*requests=' "$LOG")" -gt "$before" ] && break
        sleep 0.02
    done
    grep 'counters (SIGUSR1).*requests=' "$LOG" | tail -1 | sed 's/.*requests=\([0-9]*\).*/\1/'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

# load LOADER URL [HTTP_OPTIONS...]: DURATION seconds of CONNECTIONS keep-alive connections, then the figures.
load() {
    local loader=$1 url=$2 r0 c0 t0 r1 c1 t1 rss
    shift 2
    echo "loading with $loader: $CONNECTIONS keep-alive connections for ${DURATION}s"
    r0=$(requests); c0=$(cpu_ticks); t0=$(date +%s.%N)
    if [ "$loader" = http ]; then
        timeout $((DURATION + 20)) "${CLIENT_PIN[@]}" "$BIN/http" -c "$CONNECTIONS" -d "$DURATION" -q "$@" "$url" \
            > "$WORK/load.out" 2>&1
    else
        timeout $((DURATION + 20)) "${CLIENT_PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$url" \
            > "$WORK/load.out" 2>&1
    fi
    t1=$(date +%s.%N); c1=$(cpu_ticks); r1=$(requests)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
    sed 's/^/  | /' "$WORK/load.out"
    awk -v r=$((r1 - r0)) -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v t0="$t0" -v t1="$t1" -v rss="$rss" 'BEGIN {
        printf "requests:             %d\n", r
        printf "requests/s:           %.0f\n", r / (t1 - t0)
        printf "server CPU / request: %.2f us (utime+stime from /proc)\n", (r > 0 ? c / hz * 1e6 / r : 0)
        printf "server RSS:           %d kB\n", rss
    }'
}

# stop_httpd: SIGTERM, wait; returns its exit status.
stop_httpd() {
    local status
    kill -TERM "$SERVER"
    wait "$SERVER"; status=$?
    SERVER=
    echo "httpd stopped (exit $status)"
    return "$status"
}

start_httpd http
URL="http://127.0.0.1:$PORT/"
echo "httpd (pid $SERVER) listening on $URL"; grep -m1 'listening' "$LOG" | sed 's/^.* - /  /'

LOADER=wrk
if [ -x "$BIN/http" ] && timeout 10 "$BIN/http" -p "$PORT" -c 2 -n 5 -q >/dev/null 2>&1; then
    LOADER=http
elif ! command -v wrk >/dev/null; then
    echo "demo: neither examples/http nor wrk is available" >&2; exit 1
fi

load "$LOADER" "$URL"
stop_httpd; status=$?

# HTTPS: a throw-away certificate for localhost (EC P-256, a day), the same server with --cert and --key.
if ! command -v openssl >/dev/null; then
    echo "demo: openssl is not installed (bash .ci/deps install demo): no HTTPS part"
    exit "$status"
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    2>"$WORK/openssl.log" || { echo "demo: openssl req failed:" >&2; cat "$WORK/openssl.log" >&2; exit 1; }
echo
echo "a throw-away certificate: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \\"
echo "    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout key.pem -out cert.pem"
start_httpd https --cert "$WORK/cert.pem" --key "$WORK/key.pem"
URL="https://localhost:$PORT/"
echo "httpd --cert cert.pem --key key.pem (pid $SERVER) listening on $URL"
grep -m1 'HTTPS on' "$LOG" | sed 's/^.* - /  /'
if [ "$LOADER" = http ]; then
    load http "$URL" --cacert "$WORK/cert.pem"
else
    load wrk "$URL"
fi
stop_httpd || status=$?
exit "$status"
