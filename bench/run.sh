#!/usr/bin/env bash
# bench/run.sh: the libsxe side-by-side benchmark suite (`make bench`, `make bench QUICK=1`).
#
# Installs what it needs when missing (.ci/deps install build bench; h2o via apt-get when root), builds the
# release (make), then runs the scenarios of bench/README.md with every server pinned to one core and every
# client to the other, each figure the median of BENCH_RUNS runs (min and max kept), peers interleaved.
# Only 127.0.0.1 is ever contacted; every client run is bounded by timeout(1), the whole suite by a
# watchdog, and every process started is stopped by pid on EXIT/INT/TERM.
# Output: bench/results/<timestamp>/ (results.md, charts, raw/, machine.md) and bench/results/latest.md.
#
# Environment (all optional):
#   QUICK=1                 reduced set in under 2 minutes (2 s per measurement)
#   BENCH_SCENARIOS="1 3"   run only these scenarios (1..11, 12, 12r)
#   BENCH_RUNS=N            runs per figure (default 3; at least 3 is the rule for published figures)
#   BENCH_DURATION=S        seconds per measurement (default 5, QUICK 2)
#   BENCH_NO_DEPS=1         do not install packages;  BENCH_NO_BUILD=1  do not run make
#   BUILD_ROOT=DIR          where make builds and where binaries are taken from (default build)
#   BENCH_RESULTS=DIR       where the timestamped folders go (default bench/results)
#   BENCH_RATE=R            scenario 12r: the offered rate, requests/s (default 10000)
#   BENCH_RATE_WORKS="0 20" scenario 12r: the serial work per request tried, microseconds
set -u -o pipefail
cd "$(dirname "$0")/.." || exit 1
BENCH_ROOT=$(pwd)
BENCH_LIB=$BENCH_ROOT/bench/lib
. "$BENCH_LIB/common.sh"
. "$BENCH_LIB/servers.sh"
. "$BENCH_LIB/measure.sh"
. "$BENCH_LIB/scenarios.sh"

# ---- configuration ---------------------------------------------------------------------------------------
QUICK=${QUICK:-0}
[ "$QUICK" = 0 ] && QUICK=
BUILD_ROOT=${BUILD_ROOT:-build}
case "$BUILD_ROOT" in /*) BENCH_BUILD=$BUILD_ROOT/release ;; *) BENCH_BUILD=$BENCH_ROOT/$BUILD_ROOT/release ;; esac
BENCH_BIN=${BENCH_BIN:-$BENCH_BUILD/bin}
BENCH_BENCH_BIN=${BENCH_BENCH_BIN:-$BENCH_BUILD/bench}
BENCH_SERVER_CPU=${BENCH_SERVER_CPU:-1}
BENCH_CLIENT_CPU=${BENCH_CLIENT_CPU:-0}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_MAX_CONNECTIONS=11000     # every server's connection limit: 10,000 at once plus headroom (nginx at 10240 reuses connections)
BENCH_IDLE_SECONDS=60           # every server's keep-alive idle timeout
BENCH_SXE_LOG_LEVEL=3           # httpd logs warnings and worse, like nginx's error_log warn
BENCH_SETTLE=0.2                # seconds after a run's connections drained before the server's CPU and RSS are read
BENCH_TIMEOUT_SLACK=20          # seconds a client run may take beyond its nominal duration
if [ -n "$QUICK" ]; then
    BENCH_DURATION=${BENCH_DURATION:-2}
    BENCH_SCENARIOS=${BENCH_SCENARIOS:-1 3 4 6 8 9 11 12}
    BENCH_WATCHDOG=${BENCH_WATCHDOG:-600}
    S1_CONNECTIONS="100 1000"
    S1_CLIENTS="wrk"
    S1_SERVERS="httpd nginx"
else
    BENCH_DURATION=${BENCH_DURATION:-5}
    BENCH_SCENARIOS=${BENCH_SCENARIOS:-1 2 3 4 5 6 7 8 9 10 11 12 12r}
    BENCH_WATCHDOG=${BENCH_WATCHDOG:-3600}
    S1_CONNECTIONS="100 1000 10000"
    S1_CLIENTS="wrk http"
    S1_SERVERS="httpd nginx h2o"
fi
BENCH_WARMUP=${BENCH_WARMUP:-1}          # whole seconds (wrk -d takes integers)
BENCH_RESULTS=${BENCH_RESULTS:-$BENCH_ROOT/bench/results}
BENCH_STAMP=$(date +%Y%m%d-%H%M%S)
BENCH_OUT=$BENCH_RESULTS/$BENCH_STAMP
BENCH_RAW=$BENCH_OUT/raw
BENCH_WORK=$(mktemp -d /tmp/sxe-bench.XXXXXX)
chmod 755 "$BENCH_WORK"

bench_exit()
{
    bench_cleanup
    rm -rf "$BENCH_WORK"
}
trap bench_exit EXIT
trap 'bench_log "interrupted"; exit 130' INT
trap 'bench_log "terminated (watchdog or signal)"; exit 143' TERM

# ---- dependencies and build ------------------------------------------------------------------------------
bench_prepare()
{
    if [ -z "${BENCH_NO_DEPS:-}" ]; then
        bash .ci/deps install build bench || bench_log "some packages are missing; scenarios that need them are skipped"
        if ! command -v h2o > /dev/null && [ "$(id -u)" = 0 ]; then
            bench_log "installing h2o (optional peer)"
            export DEBIAN_FRONTEND=noninteractive
            { timeout 300 apt-get install -y -qq h2o || { timeout 300 apt-get update -qq &&
                timeout 300 apt-get install -y -qq h2o; }; } > "$BENCH_RAW/apt-h2o.log" 2>&1 ||
                bench_log "h2o could not be installed: it is skipped"
            # The package starts a system h2o service where systemd runs: the suite started it, so it stops it.
            if command -v systemctl > /dev/null && systemctl is-active --quiet h2o 2> /dev/null; then
                systemctl disable --now h2o > /dev/null 2>&1 && bench_note "stopped and disabled the h2o service the package started"
            fi
        fi
    fi
    command -v h2o > /dev/null || bench_note "h2o not installed (needs root for apt-get install h2o): skipped"
    local tool
    for tool in wrk nginx ab gnuplot python3 taskset timeout node; do
        command -v "$tool" > /dev/null || bench_note "$tool not installed: what needs it is skipped"
    done
    command -v python3 > /dev/null || bench_die "python3 is required (report and idle-connection tool)"
    if [ -z "${BENCH_NO_BUILD:-}" ]; then
        bench_log "building the release (make BUILD_ROOT=$BUILD_ROOT)"
        if ! make -k -j"$(nproc)" BUILD_ROOT="$BUILD_ROOT" > "$BENCH_RAW/make.log" 2>&1; then
            bench_note "make failed (see raw/make.log): what never built is skipped"
            local failed name
            failed=$(sed -n 's/^make: \*\*\* \[[^]]*: \([^]]*\)\] Error.*/\1/p' "$BENCH_RAW/make.log" | sort -u)
            for name in $(echo "$failed" | sed -n 's|.*/obj/examples/\([^/]*\)/.*|\1|p' | sort -u); do
                [ -x "$BENCH_BIN/$name" ] &&
                    bench_note "$name did not rebuild: measured its previous build ($(date -r "$BENCH_BIN/$name" '+%F %T'))"
            done
            echo "$failed" | grep -q '/obj/lib-' && bench_note "a library did not rebuild: every libsxe binary is from an earlier build"
        fi
    fi
    local n
    n=$(nproc)
    [ "$n" -ge 2 ] || bench_note "only $n core: server and client share it, figures are not comparable"
}

bench_machine()
{
    local f=$BENCH_OUT/machine.md
    {
        echo "- CPU: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores online" \
             "($(grep -c ^processor /proc/cpuinfo) listed), server on CPU $BENCH_SERVER_CPU, clients on CPU $BENCH_CLIENT_CPU"
        echo "- Memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "- Kernel: $(uname -srm)"
        echo "- OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
        echo "- Compiler: $(cc --version 2>/dev/null | head -1)"
        echo "- libsxe: $(git rev-parse --short HEAD 2>/dev/null || echo 'no commit') $(git status --porcelain 2>/dev/null | grep -q . && echo '(work tree has changes)')"
        echo "- nginx: $(nginx -v 2>&1 | sed 's/.*version: //'), Lua module: $(dpkg-query -W -f='${Version}' libnginx-mod-http-lua 2>/dev/null || echo 'not installed')"
        echo "- LuaJIT: $(dpkg-query -W -f='${Package} ${Version}' libluajit2-5.1-2 2>/dev/null || echo 'not installed')"
        echo "- node: $(node --version 2>/dev/null || echo 'not installed')"
        echo "- h2o: $(h2o --version 2>/dev/null | head -1 || echo 'not installed')"
        echo "- wrk: $(wrk --version 2>&1 | head -1 | awk '{ print $1, $2 }')"
        echo "- ab: $(ab -V 2>/dev/null | head -1 | sed 's/This is //')"
        echo "- gnuplot: $(gnuplot --version 2>/dev/null || echo 'not installed')"
        echo "- python3: $(python3 --version 2>&1)"
        echo "- Limits: RLIMIT_NOFILE $BENCH_NOFILE, somaxconn $(cat /proc/sys/net/core/somaxconn)," \
             "ephemeral ports $(tr '\t' '-' < /proc/sys/net/ipv4/ip_local_port_range), tcp_tw_reuse $(cat /proc/sys/net/ipv4/tcp_tw_reuse)"
        echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$f"
}

bench_config()
{
    {
        echo "Mode: $([ -n "$QUICK" ] && echo 'QUICK (reduced set)' || echo full)," \
             "$BENCH_DURATION s per measurement, $BENCH_RUNS runs per figure (interleaved), ${BENCH_WARMUP} s warm-up per server," \
             "scenarios $BENCH_SCENARIOS. Hello body: ${#BENCH_HELLO_BODY} bytes" \
             "(\`$(printf '%s' "$BENCH_HELLO_BODY" | tr '\n' ' ')\`), same for every keep-alive server."
        echo
        echo "Server CPU/request = user+system time of the server's worker process(es) from /proc/PID/stat during the" \
             "run / requests completed. Peak RSS = VmHWM of the worker process(es). Times in microseconds (us)."
    } > "$BENCH_OUT/config.md"
}

# Full suite only: bench/http-crosscheck.sh checks that examples/http counts exactly the responses the servers
# counted, so its figures can be trusted. Its output goes into the report; a mismatch is a note.
bench_crosscheck()
{
    [ -z "$QUICK" ] && [ -f bench/http-crosscheck.sh ] && [ -x "$BENCH_BIN/http" ] || return 0
    bench_log "== load generator cross-check (bench/http-crosscheck.sh)"
    taskset -c "$BENCH_CLIENT_CPU" timeout -k 5 300 bash bench/http-crosscheck.sh -b "$BENCH_BIN" \
        > "$BENCH_OUT/crosscheck.txt" 2>&1 < /dev/null ||
        bench_note "bench/http-crosscheck.sh failed (exit $?): examples/http's counts are suspect, see crosscheck.txt"
}

# ---- main ------------------------------------------------------------------------------------------------
main()
{
    mkdir -p "$BENCH_RAW" || bench_die "cannot create $BENCH_OUT"
    : > "$BENCH_OUT/notes.md"
    echo "$BENCH_RESULTS_HEADER" > "$BENCH_OUT/results.tsv"
    ( sleep "$BENCH_WATCHDOG"; kill -TERM $$ ) > /dev/null 2>&1 &
    bench_track_pid $!
    ulimit -n 65536 2> /dev/null || ulimit -n "$(ulimit -Hn)"
    BENCH_NOFILE=$(ulimit -n)
    [ "$BENCH_NOFILE" -gt $(( BENCH_MAX_CONNECTIONS + 64 )) ] ||
        bench_note "RLIMIT_NOFILE is only $BENCH_NOFILE: 10,000-connection runs may fail"
    bench_log "results: $BENCH_OUT"
    bench_prepare
    bench_machine
    bench_hello_body
    bench_config
    bench_crosscheck
    local s t0
    for s in $BENCH_SCENARIOS; do
        t0=$SECONDS
        bench_log "== scenario $s"
        "scenario_$s" || bench_note "scenario $s did not complete"
        bench_stop_all_servers
        bench_log "== scenario $s took $(( SECONDS - t0 )) s"
    done
    bench_log "writing the report"
    [ -s "$BENCH_OUT/threads.tsv" ] || [ -s "$BENCH_OUT/threads-handoff.txt" ] &&
        { python3 "$BENCH_LIB/threads.py" "$BENCH_OUT" > /dev/null || bench_note "bench/lib/threads.py failed"; }
    python3 "$BENCH_LIB/report.py" "$BENCH_OUT" > /dev/null || bench_die "report failed"
    sed "s|](\([a-z0-9-]*\.png\))|]($BENCH_STAMP/\1)|" "$BENCH_OUT/results.md" > "$BENCH_RESULTS/latest.md"
    cat "$BENCH_OUT/results.md"
    bench_log "done in $SECONDS s: $BENCH_OUT/results.md (copy: $BENCH_RESULTS/latest.md)"
}

main "$@"; exit $?   # on one line: bash stops reading here even if this file is edited during a run
