# bench/lib/measure.sh: one measurement = one client run against one server (sourced by bench/run.sh).
#
# bench_measure SCENARIO VARIANT SERVER CLIENT RUN -- COMMAND...
#   Reads the server's CPU ticks (user+system, /proc/PID/stat) and VmRSS before, runs COMMAND pinned to
#   BENCH_CLIENT_CPU under timeout(1) (BENCH_DURATION + BENCH_TIMEOUT_SLACK seconds), waits BENCH_SETTLE
#   seconds so the server finishes closing, reads CPU, VmRSS and VmHWM again, and appends one row to
#   results.tsv. The client's own CPU time comes from bash's `times` in the subshell that waited for it.
#   With BENCH_THREAD_TICKS set, each server thread's CPU ticks during the run go to threads.tsv too.
#   The raw client output is kept in raw/; bench/lib/report.py parses it.
# SERVER "-" means no server is measured (library micro-benchmarks).

BENCH_RESULTS_HEADER="scenario	variant	server	client	run	raw	rc	wall_s	srv_cpu_s	srv_rss_before_kb	srv_rss_after_kb	srv_hwm_kb	cli_cpu_s"

bench_note()
{
    bench_log "note: $*"
    grep -qxF -- "- $*" "$BENCH_OUT/notes.md" 2>/dev/null || echo "- $*" >> "$BENCH_OUT/notes.md"
}

# Seconds (decimal) from bash `times` output, second line = children user and system.
bench_times_to_seconds()
{
    awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%.3f\n", s }' "$1"
}

bench_measure()
{
    local scen=$1 variant=$2 server=$3 client=$4 run=$5 pids="" cpu0=0 cpu1=0 rss0=0 rss1=0 hwm=0
    local raw t0 t1 rc limit cli_cpu tag left
    shift 5
    [ "$1" = -- ] && shift
    tag="s$scen-$variant-$server-$client-$run"
    tag=${tag//[^A-Za-z0-9._-]/_}
    raw=$BENCH_RAW/$tag.txt
    if [ "$server" != - ]; then
        pids=$(bench_server_pids "$server")
        cpu0=$(bench_cpu_ticks $pids)
        rss0=$(bench_status_kb VmRSS $pids)
        [ -n "${BENCH_THREAD_TICKS:-}" ] && bench_thread_ticks $pids > "$raw.threads0"
    fi
    limit=$(( ${BENCH_CLIENT_LIMIT:-$BENCH_DURATION} + BENCH_TIMEOUT_SLACK ))
    echo "# $(date +%T) taskset -c $BENCH_CLIENT_CPU $*" > "$raw"
    t0=$(date +%s.%N)
    (
        ulimit -n "$BENCH_NOFILE" 2>/dev/null
        taskset -c "$BENCH_CLIENT_CPU" timeout -k 2 "$limit" "$@" >> "$raw" 2>&1 < /dev/null
        rc=$?
        times > "$raw.times"
        exit $rc
    )
    rc=$?
    t1=$(date +%s.%N)
    [ $rc = 124 ] && bench_note "scenario $scen $variant $server/$client run $run hit its ${limit}s time limit"
    if [ "$server" != - ]; then
        left=$(bench_wait_drained "${SRV_PORT[$server]}" 5)
        [ "$left" = 0 ] || bench_note "scenario $scen: $server still had $left connections 5 s after $client run $run"
        sleep "$BENCH_SETTLE"
        cpu1=$(bench_cpu_ticks $pids)
        rss1=$(bench_status_kb VmRSS $pids)
        hwm=$(bench_status_kb VmHWM $pids)
        if [ -n "${BENCH_THREAD_TICKS:-}" ]; then   # threads.tsv: raw, thread name, its CPU ticks during the run
            bench_thread_ticks $pids | awk -v raw="raw/$(basename "$raw")" 'NR == FNR { t0[$1] = $3; next }
                { printf "%s\t%s\t%d\n", raw, $2, $3 - t0[$1] }' "$raw.threads0" - >> "$BENCH_OUT/threads.tsv"
            rm -f "$raw.threads0"
        fi
        if [ -z "$pids" ] || [ ! -d "/proc/${SRV_PID[$server]}" ]; then
            bench_note "scenario $scen: server $server died during $client run $run"
        fi
    fi
    cli_cpu=$(bench_times_to_seconds "$raw.times")
    rm -f "$raw.times"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%s\t%s\t%s\t%s\n' "$scen" "$variant" "$server" "$client" "$run" \
        "raw/$(basename "$raw")" "$rc" "$(bench_calc "$t1 - $t0")" "$(bench_calc "($cpu1 - $cpu0) / $BENCH_CLK_TCK")" \
        "$rss0" "$rss1" "$hwm" "$cli_cpu" >> "$BENCH_OUT/results.tsv"
    bench_log "  s$scen $variant $server <- $client #$run: $(python3 "$BENCH_LIB/report.py" --summary "$client" "$raw")$( [ "$server" != - ] && printf ', server cpu %ss, rss %s kB' "$(bench_calc "($cpu1 - $cpu0) / $BENCH_CLK_TCK")" "$rss1")"
}

# Records a server's memory at a point of its life (start, idle, stop) in memory.tsv.
bench_memory_mark()
{
    local scen=$1 server=$2 event=$3 pids
    pids=$(bench_server_pids "$server")
    printf '%s\t%s\t%s\t%s\t%s\n' "$scen" "$server" "$event" "$(bench_status_kb VmRSS $pids)" \
        "$(bench_status_kb VmHWM $pids)" >> "$BENCH_OUT/memory.tsv"
}

# ---- client command lines (callers run them through bench_measure) ---------------------------------------

# wrk_cmd PORT CONNECTIONS [LUA_SCRIPT] [PATH] [SCHEME]: one thread, BENCH_DURATION seconds, latency percentiles;
# SCHEME https for TLS (wrk does not check the certificate).
wrk_cmd()
{
    CMD=(wrk -t1 -c "$2" -d "${BENCH_DURATION}s" --timeout 10s --latency)
    [ -n "${3:-}" ] && CMD+=(-s "$3")
    CMD+=("${5:-http}://127.0.0.1:$1${4:-/}")
}

# ab_cmd PORT CONCURRENCY KEEPALIVE(0|1) [PATH]: ApacheBench, time-limited; -r keeps going on socket errors.
ab_cmd()
{
    CMD=(ab -r -c "$2" -t "$BENCH_DURATION" -n 100000000)
    [ "$3" = 1 ] && CMD+=(-k)
    CMD+=("http://127.0.0.1:$1${4:-/}")
}

# http_cmd PORT CONNECTIONS [EXTRA...]: examples/http with a JSON summary on stdout (its text summary goes to
# stderr, both end up in the raw file). -H 'User-Agent:' removes its default User-Agent: its requests are then
# byte for byte wrk's (request line and Host), so both clients cost the servers the same.
http_cmd()
{
    local port=$1 conns=$2
    shift 2
    CMD=("$BENCH_BIN/http" -i 127.0.0.1 -p "$port" -c "$conns" -j -H 'User-Agent:' "$@")
}

# https_cmd PORT CONNECTIONS PATH [EXTRA...]: examples/http over TLS (https://localhost, trusting the bench's
# certificate).
https_cmd()
{
    local port=$1 conns=$2 path=$3
    shift 3
    CMD=("$BENCH_BIN/http" -c "$conns" -j -H 'User-Agent:' --cacert "$BENCH_TLS_CERT" "$@" "https://localhost:$port$path")
}
