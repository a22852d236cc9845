#!/usr/bin/env bash
# Installs libsxe into a temporary DESTDIR, then checks what a user of the installed tree gets:
# - a classic-style program compiles and links with nothing but `pkg-config --cflags --libs libsxe`, runs (found
#   through LD_LIBRARY_PATH, then through an rpath) and prints log lines in the documented format;
# - the version agrees everywhere: sxe_version(), SXE_VERSION_STRING, `pkg-config --modversion`, the library's file
#   name, its soname (MAJOR.MINOR while MAJOR is 0, see sxe-version.h) and every tool's --version;
# - the tools are installed as sxe-NAME, and every manual page is installed with the version filled in;
# - a C program embedding Lua compiles and links with `pkg-config --cflags --libs libsxe-lua` and runs a script, the
#   runner is also installed as sxelua (running a script), and plain libsxe users do not link LuaJIT.
# Then uninstalls and checks that nothing is left behind (no file, no symbolic link).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "install-check: $*" >&2; exit 1; }
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
root=$dest$prefix
make --no-print-directory install DESTDIR="$dest" PREFIX="$prefix" >/dev/null
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cat > "$dest/prog.c" <<'PROG'
#include <stdio.h>
#include <string.h>
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
    printf("headers %s library %s\n", SXE_VERSION_STRING, sxe_version());
    return strcmp(SXE_VERSION_STRING, sxe_version()) != 0;
}
PROG
cc -o "$dest/prog" "$dest/prog.c" $(pkg-config --cflags --libs libsxe)
out=$(LD_LIBRARY_PATH="$root/lib" "$dest/prog" 2>&1) || fail "the program failed: $out"
echo "$out"
re='^[0-9]{8} [0-9]{6}\.[0-9]{3} P[0-9a-f]{8} ------ 1 - '
lines=$(grep -cE "$re(classic spelling: hello|modern spelling: 42|time is positive: 1)\$" <<<"$out" || true)
[ "$lines" = 3 ] || fail "expected 3 well-formed log lines, got $lines"

version=$(pkg-config --modversion libsxe)
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || fail "pkg-config --modversion libsxe: '$version'"
grep -qx "headers $version library $version" <<<"$out" || fail "the program saw another version than $version"
soname=libsxe.so.${BASH_REMATCH[1]}
[ "${BASH_REMATCH[1]}" = 0 ] && soname=libsxe.so.0.${BASH_REMATCH[2]}
[ -f "$root/lib/libsxe.so.$version" ] || fail "no $prefix/lib/libsxe.so.$version"
[ "$(readlink "$root/lib/$soname")" = "libsxe.so.$version" ] || fail "$soname does not link to libsxe.so.$version"
[ "$(readlink "$root/lib/libsxe.so")" = "$soname" ] || fail "libsxe.so does not link to $soname"
dynamic=$(readelf -d "$root/lib/libsxe.so.$version") # whole output first: grep -q would cut the pipe (pipefail)
grep -q "Library soname: \[$soname\]" <<<"$dynamic" || fail "the soname is not $soname"

cc -o "$dest/prog-rpath" "$dest/prog.c" $(pkg-config --cflags --libs libsxe) -Wl,-rpath,"$root/lib"
env -u LD_LIBRARY_PATH "$dest/prog-rpath" >/dev/null 2>&1 || fail "the program linked with an rpath did not run"
loaded=$(ldd "$dest/prog-rpath")
grep -q "$soname => $root/lib/$soname" <<<"$loaded" || fail "the rpath program did not load $root/lib"

for page in man/*.[0-9]; do
    installed=$root/share/man/man${page##*.}/${page##*/}
    [ -f "$installed" ] || fail "$page is not installed"
    grep -q "@VERSION@" "$installed" && fail "$installed still says @VERSION@"
    grep -q "\"libsxe $version\"" "$installed" || fail "$installed does not say libsxe $version"
done
tools=0
for page in man/sxe-*.1; do
    name=${page#man/}; name=${name%.1}
    [ -x "$root/bin/$name" ] || fail "the tool $name is not installed in $prefix/bin"
    got=$("$root/bin/$name" --version) || fail "$name --version failed"
    [ "$got" = "$name (libsxe) $version" ] || fail "$name --version said '$got'"
    echo "$got"
    tools=$((tools + 1))
done
[ "$tools" -ge 3 ] || fail "expected at least sxe-httpd, sxe-http and sxe-hello, found $tools tools"

cat > "$dest/embed.c" <<'PROG'
#include <stdio.h>
#include "ev.h"
#include "sxe-lua.h"

int
main(int argc, char **argv)
{
    if (argc != 2 || sxe_lua_new(0) == NULL || sxe_lua_load(argv[1], 0, NULL) != SXE_RETURN_OK ||
        sxe_lua_init() != SXE_RETURN_OK) {
        fprintf(stderr, "embed: %s\n", sxe_lua_error());
        return 1;
    }
    ev_run(EV_DEFAULT, 0);
    sxe_lua_delete();
    return 0;
}
PROG
cat > "$dest/script.lua" <<'LUA'
sxe_register(1, function () sxe_defer(function () print("lua says " .. SXE_VERSION) end) end)
LUA
pkg-config --print-requires libsxe-lua | grep -q '^luajit' || fail "libsxe-lua.pc does not require luajit"
# PKG_CONFIG_SYSROOT_DIR (the DESTDIR) also prefixes luajit.pc's paths, which are the system's: add them unprefixed.
cc -o "$dest/embed" "$dest/embed.c" $(pkg-config --cflags --libs libsxe-lua) \
    $(PKG_CONFIG_SYSROOT_DIR= pkg-config --cflags --libs luajit) || fail "the embedding program did not build"
[ "$(pkg-config --modversion libsxe-lua)" = "$version" ] || fail "pkg-config --modversion libsxe-lua is not $version"
got=$(LD_LIBRARY_PATH="$root/lib" "$dest/embed" "$dest/script.lua" 2>&1) || fail "the embedding program failed: $got"
[ "$got" = "lua says $version" ] || fail "the embedding program said '$got'"
got=$("$root/bin/sxelua" "$dest/script.lua" 2>&1) || fail "sxelua failed: $got"
[ "$got" = "lua says $version" ] || fail "sxelua said '$got'"
[ "$(readlink "$root/share/man/man1/sxelua.1")" = sxe-sxelua.1 ] || fail "sxelua.1 does not link to sxe-sxelua.1"
if readelf -d "$root/lib/libsxe.so.$version" | grep -q luajit; then fail "libsxe.so links LuaJIT"; fi
echo "install-check: a program embedding Lua built with pkg-config libsxe-lua and ran a script; so did sxelua"

make --no-print-directory uninstall DESTDIR="$dest" PREFIX="$prefix" >/dev/null
left=$(find "$root" ! -type d | wc -l)
[ "$left" = 0 ] || { find "$root" ! -type d >&2; fail "uninstall left $left files"; }
echo "install-check: installed, compiled, linked (LD_LIBRARY_PATH and rpath), ran $tools tools and uninstalled cleanly"
