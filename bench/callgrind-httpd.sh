#!/usr/bin/env bash
# bench/callgrind-httpd.sh: httpd's user-space instructions per request of a keep-alive hello run, counted by
# callgrind: exact and repeatable on a noisy machine (CPU time is not), so a change to the hot path can be compared
# before and after to the instruction.
#
# usage: bash bench/callgrind-httpd.sh [-b BIN_DIR] [-C CLIENT] [-n QUERIES] [-T] [-a CLIENT_OPTIONS] [-- HTTPD_OPTIONS...]
#   -b BIN_DIR   where httpd (and, by default, http) are (default build/release/bin)
#   -C CLIENT    the examples/http binary that loads it: keep one client for a before/after comparison, since its
#                request bytes are part of what httpd parses (default BIN_DIR/http)
#   -n QUERIES   queries per connection, 10 connections (default 2000: 20,000 requests)
#   -T           HTTPS: httpd gets a throw-away certificate (openssl req, EC P-256) and the client an https:// URL
#   -a OPTIONS   more client options, e.g. "-k --no-resume --tls-version 1.3" for a full TLS 1.3 handshake per request
#                (with -k every request is a new connection: the figure is then per connection)
#   HTTPD_OPTIONS  e.g. -a /dev/null to count the access log's cost
# It starts httpd under callgrind, warms it up (1,000 requests), zeroes the counters, runs the measured requests,
# dumps the counters, stops httpd (by its pid) and prints the instructions per request, their share by object
# (httpd itself, libcrypto, libssl, libc, ...) and the top functions (self cost, whichever object they are in).
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
bin=build/release/bin
client=
queries=2000
tls=
client_options=
while getopts "b:C:n:Ta:" option; do
    case "$option" in
        b) bin=$OPTARG ;;
        C) client=$OPTARG ;;
        n) queries=$OPTARG ;;
        T) tls=1 ;;
        a) client_options=$OPTARG ;;
        *) sed -n '2,18p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "${1:-}" = -- ] && shift
client=${client:-$bin/http}
for tool in valgrind callgrind_control callgrind_annotate; do
    command -v "$tool" > /dev/null || { echo "$tool is missing (Debian package valgrind)" >&2; exit 1; }
done
[ -x "$bin/httpd" ] && [ -x "$client" ] || { echo "build first: $bin/httpd or $client is missing" >&2; exit 1; }
work=$(mktemp -d /tmp/sxe-callgrind.XXXXXX)
tls_options=()
if [ -n "$tls" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" \
        > "$work/openssl.log" 2>&1 || { cat "$work/openssl.log" >&2; rm -rf "$work"; exit 1; }
    tls_options=(--cert "$work/cert.pem" --key "$work/key.pem")
fi
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.%p" "$bin/httpd" -p 0 -P "$work/port" -c 100 \
    "${tls_options[@]}" "$@" > "$work/httpd.log" 2>&1 &
pid=$!
trap 'kill -KILL $pid 2> /dev/null; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
for _ in $(seq 300); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port" 2> /dev/null) || { echo "httpd did not start under valgrind:" >&2; cat "$work/httpd.log" >&2; exit 1; }
target=(-i 127.0.0.1 -p "$port")
[ -n "$tls" ] && target=(--cacert "$work/cert.pem" "https://localhost:$port/")
# shellcheck disable=SC2086 # the client options are words on purpose
"$client" -c 10 -n 100 -q $client_options "${target[@]}" > /dev/null 2>&1
callgrind_control -z "$pid" > /dev/null 2>&1
# shellcheck disable=SC2086
"$client" -c 10 -n "$queries" -q $client_options "${target[@]}" > "$work/http.out" 2>&1 ||
    { cat "$work/http.out" >&2; exit 1; }
callgrind_control -d "$pid" > /dev/null 2>&1
sleep 0.5
kill -TERM "$pid"
wait "$pid" 2> /dev/null
dump=$(ls "$work"/callgrind."$pid".* 2> /dev/null | head -1)
[ -n "$dump" ] || { echo "no callgrind dump" >&2; exit 1; }
total=$(sed -n 's/^\(summary\|totals\): \([0-9]*\).*/\2/p' "$dump" | head -1)
requests=$((10 * queries))
echo "httpd ${tls:+(HTTPS) }$*${client_options:+ (client $client_options)}: $total instructions for $requests requests:" \
    "$((total / requests)) per request"
# The self cost by object (httpd, libcrypto, libssl, libc...): callgrind writes the functions grouped by object, an
# ob= line where the object changes (named the first time it appears, in an ob= or cob= line); a cost line after a
# calls= line is the call's inclusive cost, not the caller's own.
echo "by object: $(awk '
    function object(text,    id, name) {
        if (!match(text, /^\([0-9]+\)/)) return text
        id = substr(text, 1, RLENGTH); name = substr(text, RLENGTH + 2)
        if (name != "") names[id] = name
        return id
    }
    /^ob=/ { current = object(substr($0, 4)); next }
    /^cob=/ { object(substr($0, 5)); next }
    /^calls=/ { call = 1; next }
    /^[0-9+*-]/ { if (!call) { by[current] += $2; all += $2 } call = 0 }
    END { for (o in by) { name = (o in names) ? names[o] : o; sub(/.*\//, "", name); printf "%.1f %s\n", 100 * by[o] / all, name } }' "$dump" |
    sort -rn | head -6 | awk '{ printf "%s%s %s%%", (NR > 1 ? ", " : ""), $2, $1 }')"
echo "the functions that cost most (self):"
callgrind_annotate --auto=no --inclusive=no --threshold=100 "$dump" 2> /dev/null | grep -E '^ *[0-9,]+ \(' |
    awk '{ p = $0; sub(/^[^(]*\( */, "", p); sub(/%.*/, "", p) } p + 0 < 99 { print }' | sed 's| \[.*\]||; s|[^ ]*/||' |
    head -25 || true
exit 0
