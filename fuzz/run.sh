#!/usr/bin/env bash
# make fuzz [FUZZ_SECONDS=N]: builds the libFuzzer harnesses with clang and ASan/UBSan: the HTTP parser's (request
# heads, response heads, chunked bodies), httpd's connection logic (fuzz-httpd.c: byte streams on several
# connections with arbitrary read and write splits, driven through lib-sxe's system-call seam) and lib-sxe-tls's
# record-layer feed (fuzz-tls.c: a TLS server fed garbage, or records from a real client, in any splits). Replays the seed
# corpus in fuzz/corpus/<name>/ (regression inputs included), then fuzzes each harness for FUZZ_SECONDS seconds
# (default 60), with fuzz/<name>.dict when there is one. New inputs go to a scratch folder under build/, never into
# the checked-in corpus. Exits non-zero on the first crash (libFuzzer writes the input as crash-* in the current
# folder: fix the bug, then add that input to fuzz/corpus/<name>/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=${BUILD_ROOT:-build}/fuzz
mkdir -p "$out"
parser_sources="lib-sxe-http/sxe-http*.c"
httpd_sources="examples/httpd/httpd-*.c lib-sxe-tls/*.c lib-sxe/*.c lib-sxe-pool/*.c lib-sxe-log/*.c lib-sxe-http/*.c
               -lssl -lcrypto -lev -lm -lrt -pthread"
tls_sources="lib-sxe-tls/*.c lib-sxe/*.c lib-sxe-pool/*.c lib-sxe-log/*.c -lssl -lcrypto -lev -lm -lrt -pthread"
for f in request response chunked httpd tls; do
    sources=$parser_sources
    [ "$f" = httpd ] && sources=$httpd_sources
    [ "$f" = tls ] && sources=$tls_sources
    # shellcheck disable=SC2086 # the source lists are globs and words on purpose
    # SXE_DEBUG=1: lib-sxe's and httpd's debug assertions (SXEA6) are checked too; logging is off at run time
    clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
          -DSXE_DEBUG=1 -Ilib-sxe-tls -Ilib-sxe -Ilib-sxe-http -Ilib-sxe-pool -Ilib-sxe-log -Iexamples/httpd \
          fuzz/fuzz-$f.c $sources \
          -o "$out/fuzz-$f"
    mkdir -p "$out/corpus-$f"
    dict=()
    [ -f "fuzz/$f.dict" ] && dict=(-dict="fuzz/$f.dict")
    echo "== fuzz-$f: replaying fuzz/corpus/$f, then fuzzing for $seconds s"
    "$out/fuzz-$f" "${dict[@]}" -runs=0 fuzz/corpus/$f 2>&1 | tail -1
    rc=0
    "$out/fuzz-$f" "${dict[@]}" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$out/corpus-$f" \
        fuzz/corpus/$f > "$out/fuzz-$f.log" 2>&1 || rc=$?
    grep -E '^(stat::number_of_executed_units|Done|==[0-9]+==ERROR|SUMMARY)' "$out/fuzz-$f.log" || true
    [ "$rc" = 0 ] || { tail -40 "$out/fuzz-$f.log" >&2; echo "fuzz-$f FAILED (exit $rc)" >&2; exit 1; }
done
echo "fuzz: every harness ran $seconds s with no crash"
