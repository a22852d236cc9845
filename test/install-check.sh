#!/usr/bin/env bash
# Installs libsxe into a temporary DESTDIR, then compiles, links and runs a small classic-style program with
# nothing but `pkg-config --cflags --libs libsxe`, checking that both log macro spellings print lines in the
# documented format. Then uninstalls and checks that nothing is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
make --no-print-directory install DESTDIR="$dest" PREFIX="$prefix" >/dev/null
export PKG_CONFIG_PATH="$dest$prefix/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cat > "$dest/prog.c" <<'PROG'
#include "ev.h"
#include "sxe.h"
#include "sxe-log.h"
#include "sxe-util.h"
#include "sxe-pool.h"

int
main(void)
{
    SXEL10("classic spelling: %s", "hello");
    SXEL1("modern spelling: %d", 42);
    SXEA10(sxe_strnstr("abcdef", "cd", 6) != NULL, "sxe_strnstr must find cd");
    SXEL11("time is positive: %d", sxe_get_time_in_seconds() > 0);
    return 0;
}
PROG
cc -o "$dest/prog" "$dest/prog.c" $(pkg-config --cflags --libs libsxe)
out=$(LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/prog" 2>&1)
echo "$out"
re='^[0-9]{8} [0-9]{6}\.[0-9]{3} P[0-9a-f]{8} ------ 1 - '
lines=$(grep -cE "$re(classic spelling: hello|modern spelling: 42|time is positive: 1)\$" <<<"$out" || true)
[ "$lines" = 3 ] || { echo "install-check: expected 3 well-formed log lines, got $lines" >&2; exit 1; }
make --no-print-directory uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
left=$(find "$dest$prefix" -type f | wc -l)
[ "$left" = 0 ] || { echo "install-check: uninstall left $left files" >&2; find "$dest$prefix" -type f >&2; exit 1; }
echo "install-check: installed, compiled, ran and uninstalled cleanly"
