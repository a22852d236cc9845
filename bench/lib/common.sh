# bench/lib/common.sh: process control and measurement helpers for bench/run.sh (sourced, not run).
#
# Every process the suite starts is recorded by pid in BENCH_PIDS and stopped by bench_cleanup (trap on
# EXIT/INT/TERM): SIGTERM, a short grace period, then SIGKILL, by pid only. Servers are pinned to
# BENCH_SERVER_CPU, clients to BENCH_CLIENT_CPU, and every client run is bounded by timeout(1).

BENCH_PIDS=()
BENCH_CLK_TCK=$(getconf CLK_TCK)

bench_log()
{
    printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

bench_die()
{
    bench_log "FATAL: $*"
    exit 1
}

bench_track_pid()
{
    BENCH_PIDS+=("$1")
}

# The pid and all its descendants (one per line), read from /proc, parents first.
bench_pid_tree()
{
    local pid=$1 child
    [ -d "/proc/$pid" ] || return 0
    echo "$pid"
    for child in $(pgrep -P "$pid"); do
        bench_pid_tree "$child"
    done
}

# Stops one process (and the descendants it has now) by pid: TERM, up to 3 s grace, then KILL.
bench_stop_pid()
{
    local pid=$1 pids p i
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 0
    pids=$(bench_pid_tree "$pid")
    for p in $pids; do kill -TERM "$p" 2>/dev/null; done
    for i in $(seq 1 30); do
        local alive=0
        for p in $pids; do [ -d "/proc/$p" ] && ! grep -q '^State:.*Z' /proc/"$p"/status 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
    wait "$pid" 2>/dev/null
    return 0
}

bench_cleanup()
{
    local i
    trap - EXIT INT TERM
    for (( i = ${#BENCH_PIDS[@]} - 1; i >= 0; i-- )); do
        bench_stop_pid "${BENCH_PIDS[$i]}"
    done
    BENCH_PIDS=()
}

# A free TCP port on 127.0.0.1 (the kernel picks it; the tiny race before the server binds it is accepted).
bench_free_port()
{
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until 127.0.0.1:PORT accepts a connection (at most SECONDS, default 10). Returns 1 on timeout.
bench_wait_port()
{
    local port=$1 limit=${2:-10} i
    for (( i = 0; i < limit * 20; i++ )); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# Sum of user+system CPU clock ticks of the given pids (from /proc/PID/stat fields 14 and 15).
bench_cpu_ticks()
{
    local sum=0 pid stat rest
    for pid in "$@"; do
        stat=$(cat /proc/"$pid"/stat 2>/dev/null) || continue
        rest=${stat##*) }             # the command name may contain spaces: cut after its closing ')'
        set -- $rest
        sum=$(( sum + ${12} + ${13} )) # fields 14 and 15 of the full line
    done
    echo "$sum"
}

# Sum over the given pids of a /proc/PID/status field in kB (VmRSS, VmHWM).
# "TID NAME TICKS" for every thread of the given processes (NAME from /proc/PID/task/TID/comm): scenario 12 splits a
# server's CPU time by thread.
bench_thread_ticks()
{
    local pid task stat rest
    for pid in "$@"; do
        for task in /proc/"$pid"/task/*; do
            stat=$(cat "$task/stat" 2>/dev/null) || continue
            rest=${stat##*) }
            set -- $rest
            echo "${task##*/} $(cat "$task/comm" 2>/dev/null | tr ' ' '_') $(( ${12} + ${13} ))"
        done
    done
}

bench_status_kb()
{
    local field=$1 sum=0 pid v
    shift
    for pid in "$@"; do
        v=$(awk -v f="$field:" '$1 == f { print $2 }' /proc/"$pid"/status 2>/dev/null)
        sum=$(( sum + ${v:-0} ))
    done
    echo "$sum"
}

# Median, min and max of numbers on stdin, printed as "median min max" (median of an even count: mean of the
# two middle values).
bench_stats()
{
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}

# Evaluates an arithmetic expression with awk (no bc needed), 3 decimals.
bench_calc()
{
    awk "BEGIN { printf \"%.3f\", $1 }"
}

# Waits (at most LIMIT seconds, default 10) until no server-side TCP connection on 127.0.0.1:PORT is still
# established or waiting to be closed, so the next run starts from an idle server and the CPU time read
# afterwards includes closing every connection. Prints how many were left (0 when drained).
bench_wait_drained()
{
    local port=$1 limit=${2:-10} left i
    command -v ss > /dev/null || { echo 0; return 0; }
    for (( i = 0; i < limit * 20; i++ )); do
        left=$(ss -Htn state established state close-wait "( sport = :$port )" 2>/dev/null | wc -l)
        [ "$left" = 0 ] && break
        sleep 0.05
    done
    echo "$left"
}
