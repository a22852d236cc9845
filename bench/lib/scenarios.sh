# bench/lib/scenarios.sh: the scenarios of bench/README.md (sourced by bench/run.sh).
#
# Each scenario_N starts its servers once (fresh, so their memory marks belong to it), warms each up, then
# runs BENCH_RUNS rounds; in every round each (load, client, server) combination is measured once, the server
# order rotating from round to round, so peers share the same conditions (interleaved).

# The hello-world body every keep-alive server returns: httpd's own body when httpd is built (so nginx and
# h2o answer with exactly the same bytes), else "Hello, World!" (the body of examples/hello and blocking-hello).
bench_hello_body()
{
    BENCH_HELLO_BODY="Hello, World!"
    if [ -z "$(bench_server_missing httpd)" ] && bench_start_server probe httpd; then
        local body status
        body=$(curl -s --max-time 5 "http://127.0.0.1:${SRV_PORT[probe]}/"; echo x)
        body=${body%x}
        status=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:${SRV_PORT[probe]}/")
        if [ "$status" = 200 ] && [ -n "$body" ] && [ ${#body} -le 512 ] && [[ "$body" != *[\"\\\$\#\{\}]* ]]; then
            BENCH_HELLO_BODY=$body
        else
            bench_note "httpd's / answered $status with ${#body} bytes: peers use \"$BENCH_HELLO_BODY\""
        fi
        bench_stop_server probe
    fi
    BENCH_HELLO_BODY_NGINX=${BENCH_HELLO_BODY//$'\n'/\\n}
    BENCH_HELLO_BODY_NGINX=${BENCH_HELLO_BODY_NGINX//$'\r'/\\r}
    BENCH_HELLO_BODY_RUBY=$BENCH_HELLO_BODY_NGINX
}

# Is CLIENT runnable? Prints why not.
bench_client_missing()
{
    case "$1" in
        wrk*) command -v wrk > /dev/null || echo "wrk not installed" ;;
        ab*)  command -v ab > /dev/null || echo "ab not installed" ;;
        http*) [ -x "$BENCH_BIN/http" ] || echo "$BENCH_BIN/http not built" ;;
    esac
}

# Sets CMD for CLIENT against PORT with CONNECTIONS, requesting PATH (default /).
#   wrk       wrk -t1, keep-alive              wrk-pipe   wrk -t1 with 16 requests pipelined per write
#   http      examples/http, keep-alive, -d    http-pipe  examples/http -P 16
#   http-close examples/http -k (a new connection per request)
#   ab        ab, a new connection per request  ab-k      ab -k (keep-alive)
#   wrk-tls   wrk -t1 over TLS, keep-alive      http-tls  examples/http over TLS, keep-alive
#   http-tls-full   examples/http -k --no-resume over TLS: a new connection and a full handshake per request
#   http-tls-resume examples/http -k over TLS: a new connection per request, each resuming the last session
bench_client_cmd()
{
    local client=$1 port=$2 conns=$3 path=${4:-/}
    case "$client" in
        wrk)        wrk_cmd "$port" "$conns" "" "$path" ;;
        wrk-pipe)   wrk_cmd "$port" "$conns" "$BENCH_LIB/pipeline.lua" "$path"; CMD+=(-- 16) ;;
        http)       http_cmd "$port" "$conns" -u "$path" -d "$BENCH_DURATION" -q ;;
        http-pipe)  http_cmd "$port" "$conns" -u "$path" -d "$BENCH_DURATION" -P 16 -q ;;
        http-close) http_cmd "$port" "$conns" -u "$path" -d "$BENCH_DURATION" -k -q ;;
        ab)         ab_cmd "$port" "$conns" 0 "$path" ;;
        ab-k)       ab_cmd "$port" "$conns" 1 "$path" ;;
        wrk-tls)    wrk_cmd "$port" "$conns" "" "$path" https ;;
        http-tls)   https_cmd "$port" "$conns" "$path" -d "$BENCH_DURATION" -q ;;
        http-tls-full)   https_cmd "$port" "$conns" "$path" -d "$BENCH_DURATION" -k --no-resume --tls-version 1.3 -q ;;
        http-tls-resume) https_cmd "$port" "$conns" "$path" -d "$BENCH_DURATION" -k --tls-version 1.3 -q ;;
        *)          bench_die "unknown client $client" ;;
    esac
}

# Starts "NAME:KIND" servers (NAME defaults to KIND); sets STARTED to the names that listen.
bench_start_servers()
{
    local scen=$1 docroot=$2 spec name kind
    shift 2
    STARTED=()
    for spec in "$@"; do
        name=${spec%%:*}
        kind=${spec#*:}
        if bench_start_server "$name" "$kind" "$docroot"; then
            STARTED+=("$name")
            bench_memory_mark "$scen" "$name" start
        fi
    done
}

bench_warm_up()
{
    local name=$1 client=$2 path=${3:-/}
    [ "$BENCH_WARMUP" = 0 ] && return 0
    case "$client" in
        http-tls*) https_cmd "${SRV_PORT[$name]}" 50 "$path" -d "$BENCH_WARMUP" -q ;;
        wrk-tls)   CMD=(wrk -t1 -c 50 -d "${BENCH_WARMUP}s" "https://127.0.0.1:${SRV_PORT[$name]}$path") ;;
        http*) http_cmd "${SRV_PORT[$name]}" 50 -u "$path" -d "$BENCH_WARMUP" -q
               [ "$client" = http-close ] && CMD+=(-k) ;;
        *)     CMD=(wrk -t1 -c 50 -d "${BENCH_WARMUP}s" "http://127.0.0.1:${SRV_PORT[$name]}$path") ;;
    esac
    command -v "${CMD[0]}" > /dev/null || return 0
    taskset -c "$BENCH_CLIENT_CPU" timeout -k 2 $(( BENCH_WARMUP + 10 )) "${CMD[@]}" > /dev/null 2>&1 < /dev/null
    return 0
}

# bench_rounds SCENARIO "LOADS" "CLIENTS" PATH SERVER...: LOADS are connection counts (variant "c=N", or
# "LABEL@N" for variant "LABEL,c=N"). The measurement loop of every load scenario.
bench_rounds()
{
    local scen=$1 loads=$2 clients=$3 path=$4 run load conns variant client i n name missing
    shift 4
    local servers=("$@") usable=()
    n=${#servers[@]}
    [ "$n" -gt 0 ] || { bench_note "scenario $scen: no server to measure"; return 1; }
    for client in $clients; do
        missing=$(bench_client_missing "$client")
        if [ -n "$missing" ]; then
            bench_note "scenario $scen: client $client skipped ($missing)"
        else
            usable+=("$client")
        fi
    done
    [ ${#usable[@]} -gt 0 ] || return 1
    for name in "${servers[@]}"; do bench_warm_up "$name" "${usable[0]}" "$path"; done
    for (( run = 1; run <= BENCH_RUNS; run++ )); do
        for load in $loads; do
            conns=${load#*@}
            variant="c=$conns"
            [ "$load" != "$conns" ] && variant="${load%@*},c=$conns"
            for client in "${usable[@]}"; do
                for (( i = 0; i < n; i++ )); do
                    name=${servers[$(( (i + run - 1) % n ))]}
                    [ -n "${SRV_PID[$name]:-}" ] || continue
                    bench_client_cmd "$client" "${SRV_PORT[$name]}" "$conns" "$path"
                    bench_measure "$scen" "$variant" "$name" "$client" "$run" -- "${CMD[@]}"
                done
            done
        done
    done
}

bench_mark_stop()
{
    local scen=$1 name
    shift
    for name in "$@"; do
        [ -n "${SRV_PID[$name]:-}" ] && bench_memory_mark "$scen" "$name" stop
    done
}

# Response size (status line + headers + body) of each server, for the notes: the same size class for all.
bench_response_sizes()
{
    local scen=$1 path=$2 name sizes=""
    shift 2
    for name in "$@"; do
        sizes+="$name $(curl -s -i --max-time 5 "http://127.0.0.1:${SRV_PORT[$name]}$path" | wc -c) B, "
    done
    bench_note "scenario $scen: response size (status line + headers + body) for $path: ${sizes%, }"
}

# 1. Keep-alive hello world at 100, 1000 (and 10000) connections: httpd vs nginx vs h2o, wrk -t1 and http.
scenario_1()
{
    bench_start_servers 1 "" $S1_SERVERS
    bench_response_sizes 1 / "${STARTED[@]}"
    bench_rounds 1 "$S1_CONNECTIONS" "$S1_CLIENTS" / "${STARTED[@]}"
    bench_mark_stop 1 "${STARTED[@]}"
}

# 2. The classic run: examples/http -c 10000 -n 50 (a connection does 50 queries, then a new one), httpd vs nginx.
scenario_2()
{
    local run name i
    [ -z "$(bench_client_missing http)" ] || { bench_note "scenario 2 skipped: $(bench_client_missing http)"; return 0; }
    bench_start_servers 2 "" httpd nginx
    local servers=("${STARTED[@]}")
    for name in "${servers[@]}"; do bench_warm_up "$name" wrk /; done
    for (( run = 1; run <= BENCH_RUNS; run++ )); do
        for (( i = 0; i < ${#servers[@]}; i++ )); do
            name=${servers[$(( (i + run - 1) % ${#servers[@]} ))]}
            http_cmd "${SRV_PORT[$name]}" 10000 -n 50 -q
            BENCH_CLIENT_LIMIT=60 bench_measure 2 "c=10000,n=50" "$name" http "$run" -- "${CMD[@]}"
        done
    done
    bench_mark_stop 2 "${servers[@]}"
}

# 3. Pipelined, 16 requests per write, 100 connections: httpd vs nginx.
scenario_3()
{
    local clients="wrk-pipe"
    [ -z "$QUICK" ] && clients="wrk-pipe http-pipe"
    bench_start_servers 3 "" httpd nginx
    bench_rounds 3 100 "$clients" / "${STARTED[@]}"
    bench_mark_stop 3 "${STARTED[@]}"
}

# 4. A new connection per request: hello and httpd vs nginx vs the blocking accept/send/close loop.
scenario_4()
{
    local servers="hello httpd nginx blocking"
    [ -n "$QUICK" ] && servers="hello nginx blocking"   # the peers of the scenario 4 goals
    local clients="ab http-close"
    [ -n "$QUICK" ] && clients="ab"
    bench_start_servers 4 "" $servers
    bench_rounds 4 100 "$clients" / "${STARTED[@]}"
    bench_mark_stop 4 "${STARTED[@]}"
}

# 5. Static files of 4 KB and 1 MB from the same docroot: httpd -r vs nginx root.
scenario_5()
{
    local docroot=$BENCH_WORK/docroot
    mkdir -p "$docroot"
    head -c 4096 /dev/urandom > "$docroot/4k.bin"
    head -c 1048576 /dev/urandom > "$docroot/1m.bin"
    chmod -R a+rX "$docroot"
    bench_start_servers 5 "$docroot" httpd nginx
    bench_response_sizes 5 /4k.bin "${STARTED[@]}"
    bench_rounds 5 "4KB@100" wrk /4k.bin "${STARTED[@]}"
    bench_rounds 5 "1MB@100" wrk /1m.bin "${STARTED[@]}"
    bench_mark_stop 5 "${STARTED[@]}"
}

# 6. Load generators, one core each, against the same server (nginx: not ours, so no home advantage):
#    examples/http vs wrk -t1 vs ab -k at 100 connections; the client's requests/s and CPU per request.
scenario_6()
{
    local run client i
    local clients=(http wrk ab-k) usable=()
    [ -n "$QUICK" ] && clients=(http wrk)
    bench_start_servers 6 "" nginx
    [ ${#STARTED[@]} = 1 ] || return 1
    for client in "${clients[@]}"; do
        if [ -n "$(bench_client_missing "$client")" ]; then
            bench_note "scenario 6: client $client skipped ($(bench_client_missing "$client"))"
        else
            usable+=("$client")
        fi
    done
    bench_warm_up nginx wrk /
    for (( run = 1; run <= BENCH_RUNS; run++ )); do
        for (( i = 0; i < ${#usable[@]}; i++ )); do
            client=${usable[$(( (i + run - 1) % ${#usable[@]} ))]}
            bench_client_cmd "$client" "${SRV_PORT[nginx]}" 100 /
            bench_measure 6 c=100 nginx "$client" "$run" -- "${CMD[@]}"
        done
    done
    bench_mark_stop 6 nginx
}

# 7. Idle memory: RSS with 10,000 idle keep-alive connections vs none, httpd vs nginx.
scenario_7()
{
    local run name i
    bench_start_servers 7 "" httpd nginx
    local servers=("${STARTED[@]}")
    for (( run = 1; run <= BENCH_RUNS; run++ )); do
        for (( i = 0; i < ${#servers[@]}; i++ )); do
            name=${servers[$(( (i + run - 1) % ${#servers[@]} ))]}
            BENCH_CLIENT_LIMIT=60 bench_measure 7 "idle=10000" "$name" idle "$run" -- \
                python3 "$BENCH_LIB/idle-conns.py" "${SRV_PORT[$name]}" 10000 50 $(bench_server_pids "$name")
        done
    done
    bench_mark_stop 7 "${servers[@]}"
}

# 8. Library micro-benchmarks: their own output lines, pinned to the client core.
scenario_8()
{
    local prog out=$BENCH_OUT/micro.txt
    : > "$out"
    for prog in bench-sxe-pool bench-sxe-log bench-sxe-http; do
        if [ ! -x "$BENCH_BENCH_BIN/$prog" ]; then
            bench_note "scenario 8: $prog not built"
            continue
        fi
        echo "\$ $prog" >> "$out"
        taskset -c "$BENCH_CLIENT_CPU" timeout -k 2 120 "$BENCH_BENCH_BIN/$prog" > "$BENCH_RAW/s8-$prog.txt" 2>&1 < /dev/null ||
            bench_note "scenario 8: $prog exited with $?"
        cat "$BENCH_RAW/s8-$prog.txt" >> "$out"
    done
}

# 9. SXELua: examples/lua/hello.lua (the 2010 hello world) against the same program in C on lib-sxe, nginx with its
#    Lua module (content_by_lua_block) and node.js's net module, at 100 and 1000 keep-alive connections; httpd.lua
#    against examples/httpd serving the same small response; then hello.lua's memory over 1,000,000 requests.
scenario_9()
{
    local loads="100 1000"
    local servers="hello-lua hello-c nginx-lua node httpd-lua httpd"
    [ -n "$QUICK" ] && servers="hello-lua hello-c nginx-lua"
    bench_start_servers 9 "" $servers
    bench_response_sizes 9 / "${STARTED[@]}"
    bench_rounds 9 "$loads" wrk / "${STARTED[@]}"
    bench_mark_stop 9 "${STARTED[@]}"
    bench_stop_all_servers
    bench_lua_memory
}

# The fixed-memory run of SXELua: a fresh hello.lua, the first 10,000 requests on 1,000 connections (examples/http
# -c 1000 -n 10), VmRSS; then 1,000,000 requests more (-n 1000), VmRSS again (memory.tsv, scenario "9m": events
# "warm" and "after"). The goal: within 1 MB.
bench_lua_memory()
{
    local queries=${BENCH_LUA_MEMORY_QUERIES:-1000}
    [ -n "$QUICK" ] && queries=100
    [ -z "$(bench_client_missing http)" ] || { bench_note "scenario 9 memory run skipped: $(bench_client_missing http)"; return 0; }
    bench_start_servers 9m "" hello-lua
    [ ${#STARTED[@]} = 1 ] || return 1
    http_cmd "${SRV_PORT[hello-lua]}" 1000 -n 10 -q
    BENCH_CLIENT_LIMIT=60 bench_measure 9m "c=1000,n=10" hello-lua http 1 -- "${CMD[@]}"
    bench_memory_mark 9m hello-lua warm
    http_cmd "${SRV_PORT[hello-lua]}" 1000 -n "$queries" -q
    BENCH_CLIENT_LIMIT=300 bench_measure 9m "c=1000,n=$queries" hello-lua http 1 -- "${CMD[@]}"
    bench_memory_mark 9m hello-lua after
    bench_mark_stop 9m hello-lua
    bench_note "scenario 9: hello.lua's memory run: $(( 1000 * queries )) requests on 1,000 connections after the first 10,000"
}

# 10. The access log on: keep-alive hello world at 100 and 1000 connections, httpd -a vs nginx access_log (the same
#     combined format, files in the same folder), with each one's log off as the reference; nginx both unbuffered (its
#     default, a write per request) and buffered (64 KiB). The logs' line counts and httpd's dropped lines go to
#     the notes.
scenario_10()
{
    local name lines counters
    local clients="$S1_CLIENTS"
    bench_start_servers 10 "" httpd httpd-log:httpd-log nginx nginx-log:nginx-log nginx-logbuf:nginx-logbuf
    bench_response_sizes 10 / "${STARTED[@]}"
    bench_rounds 10 "100 1000" "$clients" / "${STARTED[@]}"
    bench_mark_stop 10 "${STARTED[@]}"
    for name in httpd-log nginx-log nginx-logbuf; do
        [ -n "${SRV_PID[$name]:-}" ] || continue
        if [ "$name" = httpd-log ]; then
            kill -USR1 "${SRV_PID[$name]}"
            sleep 0.5
            counters=$(grep 'counters (SIGUSR1)' "$BENCH_RAW/server-$name-httpd-log.log" | tail -1 |
                       grep -o 'access_log_lines=[0-9]* access_log_dropped=[0-9]* access_log_lost=[0-9]*')
        fi
        bench_stop_server "$name"
        lines=$(wc -l < "$BENCH_WORK/server-$name/access.log" 2>/dev/null || echo 0)
        bench_note "scenario 10: $name's access log has $lines lines${counters:+ ($counters)}"
        counters=
    done
    bench_callgrind
}

# httpd's user-space instructions per request (bench/callgrind-httpd.sh: exact, where CPU time is noisy), with its
# access log off and on, into raw/s10-callgrind.txt and the notes.
bench_callgrind()
{
    local out=$BENCH_RAW/s10-callgrind.txt line
    command -v valgrind > /dev/null || { bench_note "scenario 10: valgrind not installed: no instruction counts"; return 0; }
    : > "$out"
    for options in "" "-a /dev/null"; do
        # shellcheck disable=SC2086 # the httpd options are words on purpose
        taskset -c "$BENCH_SERVER_CPU" timeout -k 5 600 bash bench/callgrind-httpd.sh -b "$BENCH_BIN" -- $options \
            >> "$out" 2>&1 < /dev/null || bench_note "scenario 10: bench/callgrind-httpd.sh $options failed (raw/s10-callgrind.txt)"
    done
    while IFS= read -r line; do
        bench_note "scenario 10 (callgrind): $line"
    done < <(grep 'per request' "$out")
}

# A throw-away certificate for the HTTPS scenarios (openssl req, EC P-256, as the README shows): BENCH_TLS_CERT and
# BENCH_TLS_KEY, the same for every server. Returns 1 (with a note) when openssl is missing.
bench_tls_cert()
{
    [ -n "${BENCH_TLS_CERT:-}" ] && return 0
    command -v openssl > /dev/null || { bench_note "openssl not installed (Debian openssl): HTTPS scenarios skipped"; return 1; }
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
        -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$BENCH_WORK/tls-key.pem" \
        -out "$BENCH_WORK/tls-cert.pem" > "$BENCH_RAW/openssl-req.log" 2>&1 ||
        { bench_note "openssl req failed (raw/openssl-req.log): HTTPS scenarios skipped"; return 1; }
    chmod a+r "$BENCH_WORK/tls-key.pem" "$BENCH_WORK/tls-cert.pem"
    BENCH_TLS_CERT=$BENCH_WORK/tls-cert.pem
    BENCH_TLS_KEY=$BENCH_WORK/tls-key.pem
}

# What each TLS server agreed with a client (protocol and cipher, from openssl s_client), for the notes: the same.
bench_tls_agreed()
{
    local scen=$1 name agreed=""
    shift
    for name in "$@"; do
        agreed+="$name $(timeout 5 openssl s_client -connect "127.0.0.1:${SRV_PORT[$name]}" -brief < /dev/null 2>&1 |
            sed -n 's/^\(Protocol version\|Ciphersuite\): //p' | tr '\n' ' '), "
    done
    bench_note "scenario $scen: TLS agreed (openssl s_client): ${agreed%, }"
}

# 11. HTTPS (the same certificate, protocol and cipher for both servers): keep-alive hello world at 100 and 1,000
#     connections (wrk and examples/http over TLS); a new TLS 1.3 connection per request with a full handshake and
#     with a resumed one (examples/http -k); httpd vs nginx. examples/http vs wrk over TLS: the keep-alive figures
#     against nginx give the load generators' requests/s on one core each.
scenario_11()
{
    local loads="100 1000" clients="wrk-tls http-tls"
    [ -n "$QUICK" ] && loads="100"
    bench_tls_cert || return 1
    bench_start_servers 11 "" httpd-tls nginx-tls
    [ ${#STARTED[@]} -gt 0 ] || return 1
    bench_tls_agreed 11 "${STARTED[@]}"
    bench_response_sizes_tls 11 "${STARTED[@]}"
    bench_rounds 11 "$loads" "$clients" / "${STARTED[@]}"
    bench_rounds 11 "new@50" "http-tls-full http-tls-resume" / "${STARTED[@]}"
    bench_mark_stop 11 "${STARTED[@]}"
    bench_stop_all_servers
    bench_tls_memory_counts
    bench_tls_fixed_memory
    bench_callgrind_tls
}

# What OpenSSL allocates per TLS connection (bench/bench-tls-memory.c: the figures lib-sxe-tls sizes its arena from)
# into raw/s11-tls-memory.txt and the notes.
bench_tls_memory_counts()
{
    local out=$BENCH_RAW/s11-tls-memory.txt line
    [ -x "$BENCH_BENCH_BIN/bench-tls-memory" ] || { bench_note "scenario 11: bench-tls-memory not built"; return 0; }
    timeout -k 5 120 "$BENCH_BENCH_BIN/bench-tls-memory" "$BENCH_TLS_CERT" "$BENCH_TLS_KEY" > "$out" 2>&1 < /dev/null ||
        { bench_note "scenario 11: bench-tls-memory failed (raw/s11-tls-memory.txt)"; return 0; }
    while IFS= read -r line; do
        bench_note "scenario 11 (OpenSSL's memory per connection): $line"
    done < <(grep -v '^#' "$out" | grep .)
}

# The fixed-memory run with TLS ("11m"): a fresh httpd-tls whose pool is 1,000 connections, every one TLS; VmRSS after
# the first 10,000 requests on all 1,000 (examples/http -c 1000 -n 10, keep-alive: every slot used once), then after
# 200,000 keep-alive requests more on 1,000 connections, 20,000 new connections with a full TLS 1.3 handshake each, and
# a run of 1,100 connections (100 more than the pool: refused and counted). The goal: within 1 MB; the refusals and
# httpd's TLS counters go to the notes.
bench_tls_fixed_memory()
{
    local name=httpd-tls-1k queries=200 handshakes=20000 port counters out=$BENCH_RAW/s11m-over-pool.txt
    [ -n "$QUICK" ] && queries=20 handshakes=2000
    [ -z "$(bench_client_missing http)" ] || { bench_note "scenario 11m skipped: $(bench_client_missing http)"; return 0; }
    BENCH_MAX_CONNECTIONS=1000 BENCH_SXE_LOG_LEVEL=4 bench_start_servers 11m "" "$name:httpd-tls"
    [ ${#STARTED[@]} = 1 ] || return 1
    port=${SRV_PORT[$name]}
    https_cmd "$port" 1000 / -n 10 -q
    BENCH_CLIENT_LIMIT=120 bench_measure 11m "c=1000,n=10" "$name" http-tls 1 -- "${CMD[@]}"
    bench_memory_mark 11m "$name" warm
    https_cmd "$port" 1000 / -n "$queries" -q
    BENCH_CLIENT_LIMIT=300 bench_measure 11m "c=1000,n=$queries" "$name" http-tls 1 -- "${CMD[@]}"
    https_cmd "$port" 1000 / -N "$handshakes" -k --no-resume --tls-version 1.3 -q
    BENCH_CLIENT_LIMIT=300 bench_measure 11m "new,c=1000,N=$handshakes" "$name" http-tls-full 1 -- "${CMD[@]}"
    https_cmd "$port" 1100 / -n 10 -t 5s -q
    taskset -c "$BENCH_CLIENT_CPU" timeout -k 5 120 "${CMD[@]}" > "$out" 2>&1 < /dev/null
    bench_memory_mark 11m "$name" after
    kill -USR1 "${SRV_PID[$name]}"
    sleep 0.5
    counters=$(grep 'TLS counters (SIGUSR1)' "$BENCH_RAW/server-$name-httpd-tls.log" | tail -1 | sed 's/.*TLS counters/TLS counters/')
    bench_note "scenario 11m: httpd-tls -c 1000 (a full pool of TLS connections): 10,000 requests, then $(( 1000 * queries )) more, $handshakes new connections with a full handshake, and 1,100 connections at once ($(grep -o '"connections_established":[0-9]*' "$out" | cut -d: -f2) established; raw/s11m-over-pool.txt); ${counters:-no TLS counters logged}"
    bench_mark_stop 11m "$name"
    bench_stop_server "$name"
}

# httpd's user-space instructions over HTTPS (bench/callgrind-httpd.sh -T: exact, where CPU time is noisy): per
# keep-alive request, and per new connection with a full and with a resumed TLS 1.3 handshake; by object (httpd,
# libcrypto, libssl, libc) and the top functions: where the part that is not cryptography goes. Into
# raw/s11-callgrind.txt and the notes.
bench_callgrind_tls()
{
    local out=$BENCH_RAW/s11-callgrind.txt line
    command -v valgrind > /dev/null || { bench_note "scenario 11: valgrind not installed: no instruction counts"; return 0; }
    : > "$out"
    taskset -c "$BENCH_SERVER_CPU" timeout -k 5 900 bash bench/callgrind-httpd.sh -b "$BENCH_BIN" -T >> "$out" 2>&1 \
        < /dev/null || bench_note "scenario 11: bench/callgrind-httpd.sh -T failed (raw/s11-callgrind.txt)"
    for client in "-k --no-resume --tls-version 1.3" "-k --tls-version 1.3"; do
        taskset -c "$BENCH_SERVER_CPU" timeout -k 5 900 bash bench/callgrind-httpd.sh -b "$BENCH_BIN" -T -n 50 \
            -a "$client" >> "$out" 2>&1 < /dev/null ||
            bench_note "scenario 11: bench/callgrind-httpd.sh -T -a '$client' failed (raw/s11-callgrind.txt)"
    done
    while IFS= read -r line; do
        bench_note "scenario 11 (callgrind): $line"
    done < <(grep 'per request\|^by object' "$out")
}

bench_response_sizes_tls()
{
    local scen=$1 name sizes=""
    shift
    for name in "$@"; do
        sizes+="$name $(curl -sk -i --max-time 5 "https://127.0.0.1:${SRV_PORT[$name]}/" | wc -c) B, "
    done
    bench_note "scenario $scen: response size (status line + headers + body) over TLS: ${sizes%, }"
}

# 12. Threads (examples/pipeline; lib-sxe/README.md "Threads: measured"):
#   - the hand-off cost per stage crossing, bench/bench-handoff.c (producer on the client core, consumer on the server
#     core): the ring with a spinning and a blocking consumer, a LOCKED sxe_pool, a mutex + condition variables queue,
#     at batches of 1, 8 and 64 (threads-handoff.txt);
#   - the pipeline with one I/O thread and the serial stage (-t 1) against the same server without threads (-t 0: the
#     serial work inline), and httpd for the HTTP layer, at 0 and 1 us of serial work per request: wrk -t1, 100
#     connections, each server on the server core; every thread's CPU time is kept (threads.tsv);
#   - scenario 12r (below, its own): the largest serial work per request each sustains at a fixed offered rate
#     (examples/http -r BENCH_RATE, default 10,000 requests/s, work BENCH_RATE_WORKS microseconds), one run per work;
#   - bench/lib/threads.py writes threads.md: the tables and the scaling model for 8 and 16 cores.
scenario_12()
{
    local elements=2000000 rounds=5
    [ -n "$QUICK" ] && elements=500000 rounds=3
    if [ -x "$BENCH_BENCH_BIN/bench-handoff" ]; then
        bench_log "  hand-off costs (bench-handoff $elements elements, $rounds rounds)"
        timeout -k 2 600 "$BENCH_BENCH_BIN/bench-handoff" "$elements" "$rounds" "$BENCH_CLIENT_CPU" "$BENCH_SERVER_CPU" \
            > "$BENCH_OUT/threads-handoff.txt" 2>&1 < /dev/null || bench_note "scenario 12: bench-handoff exited with $?"
    else
        bench_note "scenario 12: bench-handoff not built"
    fi
    BENCH_PIPELINE_ARGS=([inline-w0]="-t 0" [t1-w0]="-t 1" [inline-w1]="-t 0 -w 1000" [t1-w1]="-t 1 -w 1000")
    bench_start_servers 12 "" httpd inline-w0:pipeline t1-w0:pipeline inline-w1:pipeline t1-w1:pipeline
    bench_response_sizes 12 / "${STARTED[@]}"
    BENCH_THREAD_TICKS=1 bench_rounds 12 100 wrk / "${STARTED[@]}"
    bench_mark_stop 12 "${STARTED[@]}"
}

# 12r. Threads at a fixed offered rate: the largest serial work per request each of -t 0 and -t 1 sustains
#      (examples/http -r BENCH_RATE, work BENCH_RATE_WORKS microseconds), one run per work.
scenario_12r()
{
    local w kind
    [ -z "$(bench_client_missing http)" ] || { bench_note "scenario 12r skipped: $(bench_client_missing http)"; return 0; }
    for w in ${BENCH_RATE_WORKS:-0 20 40 60 80 85 90 95 100 110}; do
        for kind in inline t1; do
            BENCH_PIPELINE_ARGS[$kind]="-t $([ "$kind" = inline ] && echo 0 || echo 1) -w $(( w * 1000 ))"
            bench_start_server "$kind" pipeline || continue
            bench_warm_up "$kind" http /
            http_cmd "${SRV_PORT[$kind]}" 100 -r "${BENCH_RATE:-10000}" -d "$BENCH_DURATION" -W 1 -q
            BENCH_THREAD_TICKS=1 bench_measure 12r "rate=${BENCH_RATE:-10000},w=${w}us" "$kind" http 1 -- "${CMD[@]}"
            bench_stop_server "$kind"
        done
    done
}
