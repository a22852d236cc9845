#!/usr/bin/env bash
# make soak: the long reliability runs against the release httpd (build it first with `make`).
# Builds test/soak/sxe-soak.c with cc (warnings are errors), then runs each scenario: flood, slow, abrupt,
# descriptors (see test/soak/README.md). Each scenario starts its own httpd on an ephemeral loopback port and stops
# it by pid; each is bounded by `timeout`. Exits non-zero when any scenario failed.
# Environment: SXE_BIN_DIR (default build/release/bin), SOAK_SCENARIOS (default "flood slow abrupt descriptors").
set -u
cd "$(dirname "$0")/../.." || exit 2
bin_dir=${SXE_BIN_DIR:-build/release/bin}
httpd=$bin_dir/httpd
if [ ! -x "$httpd" ]; then
    echo "soak: $httpd not found: run make first" >&2
    exit 2
fi
work=$(mktemp -d /tmp/sxe-soak.XXXXXX)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o "$work/sxe-soak" test/soak/sxe-soak.c || exit 2

failed=()
for scenario in ${SOAK_SCENARIOS:-flood slow abrupt descriptors}; do
    echo "== soak: $scenario"
    start=$(date +%s)
    timeout 600 "$work/sxe-soak" "$(realpath "$httpd")" "$scenario"
    rc=$?
    echo "== soak: $scenario: exit $rc in $(( $(date +%s) - start )) s"
    [ $rc = 0 ] || failed+=("$scenario")
done
echo
if [ ${#failed[@]} -eq 0 ]; then
    echo "soak: all scenarios passed"
else
    echo "soak: FAILED: ${failed[*]}"
    exit 1
fi
