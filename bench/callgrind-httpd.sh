#!/usr/bin/env bash
# bench/callgrind-httpd.sh: httpd's user-space instructions per request of a keep-alive hello run, counted by
# callgrind: exact and repeatable on a noisy machine (CPU time is not), so a change to the hot path can be compared
# before and after to the instruction.
#
# usage: bash bench/callgrind-httpd.sh [-b BIN_DIR] [-C CLIENT] [-n QUERIES] [-- HTTPD_OPTIONS...]
#   -b BIN_DIR   where httpd (and, by default, http) are (default build/release/bin)
#   -C CLIENT    the examples/http binary that loads it: keep one client for a before/after comparison, since its
#                request bytes are part of what httpd parses (default BIN_DIR/http)
#   -n QUERIES   queries per connection, 10 connections (default 2000: 20,000 requests)
#   HTTPD_OPTIONS  e.g. -a /dev/null to count the access log's cost
# It starts httpd under callgrind, warms it up (1,000 requests), zeroes the counters, runs the measured requests,
# dumps the counters, stops httpd (by its pid) and prints the instructions per request and the top functions.
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
bin=build/release/bin
client=
queries=2000
while getopts "b:C:n:" option; do
    case "$option" in
        b) bin=$OPTARG ;;
        C) client=$OPTARG ;;
        n) queries=$OPTARG ;;
        *) sed -n '2,14p' "$0" >&2; exit 2 ;;
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
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.%p" "$bin/httpd" -p 0 -P "$work/port" -c 100 "$@" \
    > "$work/httpd.log" 2>&1 &
pid=$!
trap 'kill -KILL $pid 2> /dev/null; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
for _ in $(seq 300); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port" 2> /dev/null) || { echo "httpd did not start under valgrind:" >&2; cat "$work/httpd.log" >&2; exit 1; }
"$client" -i 127.0.0.1 -p "$port" -c 10 -n 100 -q > /dev/null 2>&1
callgrind_control -z "$pid" > /dev/null 2>&1
"$client" -i 127.0.0.1 -p "$port" -c 10 -n "$queries" -q > "$work/http.out" 2>&1 || { cat "$work/http.out" >&2; exit 1; }
callgrind_control -d "$pid" > /dev/null 2>&1
sleep 0.5
kill -TERM "$pid"
wait "$pid" 2> /dev/null
dump=$(ls "$work"/callgrind."$pid".* 2> /dev/null | head -1)
[ -n "$dump" ] || { echo "no callgrind dump" >&2; exit 1; }
total=$(sed -n 's/^\(summary\|totals\): \([0-9]*\).*/\2/p' "$dump" | head -1)
requests=$((10 * queries))
echo "httpd $*: $total instructions for $requests requests: $((total / requests)) per request"
echo "the functions that cost most (self):"
callgrind_annotate --auto=no --inclusive=no --threshold=100 "$dump" 2> /dev/null | grep -E '^ *[0-9,]+ \(' |
    awk '{ p = $0; sub(/^[^(]*\( */, "", p); sub(/%.*/, "", p) } p + 0 < 99 { print }' | sed 's| \[.*\]||; s|[^ ]*/||' |
    head -25 || true
exit 0
