#!/usr/bin/env bash
# make fuzz [FUZZ_SECONDS=N]: builds the libFuzzer harnesses of the HTTP parser (request heads, response heads,
# chunked bodies) with clang and ASan/UBSan, replays the seed corpus in fuzz/corpus/<name>/ (regression inputs
# included), then fuzzes each harness for FUZZ_SECONDS seconds (default 60). New inputs go to a scratch folder
# under build/, never into the checked-in corpus. Exits non-zero on the first crash (libFuzzer writes the input
# as crash-* in the current folder: fix the bug, then add that input to fuzz/corpus/<name>/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=${BUILD_ROOT:-build}/fuzz
mkdir -p "$out"
for f in request response chunked; do
    clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
          -Ilib-sxe-http fuzz/fuzz-$f.c lib-sxe-http/sxe-http*.c -o "$out/fuzz-$f"
    mkdir -p "$out/corpus-$f"
    echo "== fuzz-$f: replaying fuzz/corpus/$f, then fuzzing for $seconds s"
    "$out/fuzz-$f" -runs=0 fuzz/corpus/$f 2>&1 | tail -1
    rc=0
    "$out/fuzz-$f" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$out/corpus-$f" fuzz/corpus/$f \
        > "$out/fuzz-$f.log" 2>&1 || rc=$?
    grep -E '^(stat::number_of_executed_units|Done|==[0-9]+==ERROR|SUMMARY)' "$out/fuzz-$f.log" || true
    [ "$rc" = 0 ] || { tail -40 "$out/fuzz-$f.log" >&2; echo "fuzz-$f FAILED (exit $rc)" >&2; exit 1; }
done
echo "fuzz: every harness ran $seconds s with no crash"
