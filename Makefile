# libsxe: top-level GNU Makefile.
#
# Convention over configuration (nothing to edit when a file is added):
#   lib-sxe-NAME/*.c             -> archive lib-sxe-NAME.a, and into libsxe.a / libsxe.so (a library listed in
#                                   SEPARATE_LIBS goes into its own libsxe-NAME.a / .so instead, e.g. lib-sxe-lua)
#   lib-sxe-NAME/test/test-*.lua -> a Lua test suite run with examples/sxelua (a launcher build/.../test-NAME)
#   lib-sxe-NAME/test/test-*.c   -> one Check test binary each; other .c files there are test helpers
#   test/test-*.c                -> integration test binaries (other test/*.c are helpers), linked with libsxe
#   test/soak/sxe-soak.c         -> the soak client of `make soak`, linked like the integration tests
#   examples/NAME/*.c            -> program NAME, linked with libsxe (a folder without .c files holds scripts)
#   bench/*.c                    -> one benchmark program each, linked with libsxe
#   man/sxe-NAME.1               -> the manual of examples/NAME: make install installs both, as sxe-NAME
#   man/*.3                      -> library manual pages, installed in section 3
#
# Modes: make (release: -O2, SXE_DEBUG=0), make DEBUG=1 (-O0 -g, SXE_DEBUG=1), SANITIZE=1 (ASan+UBSan), TSAN=1
# (ThreadSanitizer; not with SANITIZE=1), COVERAGE=1 (gcov). Each mode builds in its own folder under $(BUILD_ROOT) so
# objects never mix.
# make test T=pattern runs only the test binaries whose path contains the pattern.
#
# Packages: before compiling, make checks the Debian packages of the build group (.ci/deps; the test group too for
# test objects and make test). As root it installs the missing ones; otherwise it names them with the exact
# apt-get command and stops. DEPS_CHECK=0 skips the check. .ci/deps-audit proves the groups hold what is used.
#
# Layering: a library's sources and tests compile with -I for that library and its DEPS_ only, so including a
# header of a library it does not depend on fails to build (make layering-check shows it for every pair).

SHELL        := /bin/bash
.DEFAULT_GOAL := all
.SUFFIXES:

# The version is written in one place, lib-sxe-log/sxe-version.h; libsxe.pc, the library's file name, its soname and
# the man pages take it from there. Soname rule: MAJOR.MINOR while MAJOR is 0 (a 0.x minor release may change the
# ABI), MAJOR alone from 1.0 on.
version_part   = $(shell sed -n 's/^.define SXE_VERSION_$(1)[[:space:]]*\([0-9][0-9]*\)[[:space:]]*$$/\1/p' \
                             lib-sxe-log/sxe-version.h)
VERSION_MAJOR  := $(call version_part,MAJOR)
VERSION_MINOR  := $(call version_part,MINOR)
VERSION_PATCH  := $(call version_part,PATCH)
VERSION        := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
ifneq ($(words $(VERSION_MAJOR) $(VERSION_MINOR) $(VERSION_PATCH)),3)
$(error cannot read SXE_VERSION_MAJOR/MINOR/PATCH from lib-sxe-log/sxe-version.h)
endif
SONAME_VERSION := $(if $(filter 0,$(VERSION_MAJOR)),$(VERSION_MAJOR).$(VERSION_MINOR),$(VERSION_MAJOR))
PREFIX        ?= /usr/local
DESTDIR       ?=
BUILD_ROOT    ?= build
CC            ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif

MODE := release
ifeq ($(DEBUG),1)
MODE := debug
endif
ifeq ($(SANITIZE),1)
MODE := $(MODE)-sanitize
endif
ifeq ($(TSAN),1)
ifeq ($(SANITIZE),1)
$(error TSAN=1 cannot be combined with SANITIZE=1: ThreadSanitizer and AddressSanitizer exclude each other)
endif
MODE := $(MODE)-tsan
endif
ifeq ($(COVERAGE),1)
MODE := $(MODE)-coverage
endif
B := $(BUILD_ROOT)/$(MODE)

# Libraries, highest layer first (link order). DEPS_<lib> lists every library <lib> uses, directly or not: its
# sources and tests see only those headers (includes_of) and its tests link only those archives.
LIB_ORDER         := lib-sxe-lua lib-sxe-tls lib-sxe lib-sxe-http lib-sxe-pool lib-sxe-log
DEPS_lib-sxe-log  :=
DEPS_lib-sxe-pool := lib-sxe-log
DEPS_lib-sxe-http :=
DEPS_lib-sxe      := lib-sxe-pool lib-sxe-log
DEPS_lib-sxe-lua  := lib-sxe lib-sxe-http lib-sxe-pool lib-sxe-log
DEPS_lib-sxe-tls  := lib-sxe lib-sxe-pool lib-sxe-log
LIBS              := $(filter $(patsubst %/,%,$(wildcard lib-*/)),$(LIB_ORDER))

# Libraries that stay out of libsxe.a / libsxe.so: each is its own libsxe-NAME.a / .so with its own pkg-config file
# (libsxe-NAME.pc.in), so that only its users link what it needs. lib-sxe-lua needs LuaJIT (Debian
# libluajit2-5.1-dev, OpenResty's maintained branch), lib-sxe-tls OpenSSL 3 (Debian libssl-dev): .ci/deps build
# group. EXTRA_CFLAGS_<lib> / EXTRA_LIBS_<lib> are added to the compiles of that library and of every source that
# sees its headers, and to the links of its users.
SEPARATE_LIBS             := lib-sxe-lua lib-sxe-tls
LUAJIT_CFLAGS              = $(shell pkg-config --cflags luajit 2>/dev/null || echo -I/usr/include/luajit-2.1)
LUAJIT_LIBS                = $(shell pkg-config --libs luajit 2>/dev/null || echo -lluajit-5.1)
OPENSSL_CFLAGS             = $(shell pkg-config --cflags openssl 2>/dev/null)
OPENSSL_LIBS               = $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)
EXTRA_CFLAGS_lib-sxe-lua   = $(LUAJIT_CFLAGS)
EXTRA_LIBS_lib-sxe-lua     = $(LUAJIT_LIBS)
EXTRA_CFLAGS_lib-sxe-tls   = $(OPENSSL_CFLAGS)
EXTRA_LIBS_lib-sxe-tls     = $(OPENSSL_LIBS)

# The include path of a source file: a library's folder and its DEPS_ for lib-NAME/... (sources and tests), every
# library for the rest (integration tests, examples, benchmarks).
lib_of      = $(filter $(LIBS),$(firstword $(subst /, ,$(1))))
seen_by     = $(if $(call lib_of,$(1)),$(call lib_of,$(1)) $(DEPS_$(call lib_of,$(1))),$(LIBS))
includes_of = $(addprefix -I,$(call seen_by,$(1))) $(foreach l,$(call seen_by,$(1)),$(EXTRA_CFLAGS_$(l)))

CPPFLAGS_ALL := -D_GNU_SOURCE
CFLAGS_ALL   := -std=gnu11 -Wall -Wextra -Werror -fPIC -pthread -MMD -MP
ifeq ($(DEBUG),1)
CFLAGS_ALL   += -O0 -g
CPPFLAGS_ALL += -DSXE_DEBUG=1
else
CFLAGS_ALL   += -O2 -g
CPPFLAGS_ALL += -DSXE_DEBUG=0
endif
LDFLAGS_ALL  := -pthread
ifeq ($(SANITIZE),1)
CFLAGS_ALL   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS_ALL  += -fsanitize=address,undefined
endif
ifeq ($(TSAN),1)
CFLAGS_ALL   += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS_ALL  += -fsanitize=thread
endif
ifeq ($(COVERAGE),1)
CFLAGS_ALL   := $(filter-out -O2,$(CFLAGS_ALL)) -O0 --coverage
LDFLAGS_ALL  += --coverage
endif
CFLAGS_ALL   += $(CFLAGS)
LDFLAGS_ALL  += $(LDFLAGS)

CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lm)
SYS_LIBS     := -lev -lm -lrt

# ---- library objects and archives -------------------------------------------------------------------------
obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

define LIB_template
$(1)_SRCS := $$(wildcard $(1)/*.c)
$(1)_OBJS := $$(call obj,$$($(1)_SRCS))
$(B)/lib/$(1).a: $$($(1)_OBJS)
	@mkdir -p $$(@D)
	@rm -f $$@
	ar rcs $$@ $$^
$(if $(filter $(1),$(SEPARATE_LIBS)),SEPARATE_LIB_OBJS += $$($(1)_OBJS),ALL_LIB_OBJS += $$($(1)_OBJS))
endef
$(foreach l,$(LIBS),$(eval $(call LIB_template,$(l))))

lib_archives = $(foreach l,$(1),$(B)/lib/$(l).a)

$(B)/obj/%.o: %.c | deps-check
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(call includes_of,$<) $(CHECK_CFLAGS) $(CFLAGS_ALL) -c $< -o $@

LIBSXE_A   := $(B)/lib/libsxe.a
LIBSXE_SO  := $(B)/lib/libsxe.so.$(VERSION)
LIBSXE_SON := libsxe.so.$(SONAME_VERSION)

$(LIBSXE_A): $(ALL_LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(LIBSXE_SO): $(ALL_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(LIBSXE_SON) $(LDFLAGS_ALL) -o $@ $^ $(SYS_LIBS)
	ln -sf libsxe.so.$(VERSION) $(B)/lib/$(LIBSXE_SON)
	ln -sf $(LIBSXE_SON) $(B)/lib/libsxe.so

# The separate libraries: lib-sxe-NAME -> libsxe-NAME.a and libsxe-NAME.so.VERSION (linked against libsxe.so).
sep_name = $(patsubst lib-%,lib%,$(1))
define SEPLIB_template
$(B)/lib/$(call sep_name,$(1)).a: $$($(1)_OBJS)
	@mkdir -p $$(@D)
	@rm -f $$@
	ar rcs $$@ $$^
$(B)/lib/$(call sep_name,$(1)).so.$(VERSION): $$($(1)_OBJS) $(LIBSXE_SO)
	@mkdir -p $$(@D)
	$$(CC) -shared -Wl,-soname,$(call sep_name,$(1)).so.$(SONAME_VERSION) $$(LDFLAGS_ALL) -o $$@ $$($(1)_OBJS) \
	    -L$(B)/lib -lsxe $$(EXTRA_LIBS_$(1)) $(SYS_LIBS)
	ln -sf $(call sep_name,$(1)).so.$(VERSION) $(B)/lib/$(call sep_name,$(1)).so.$(SONAME_VERSION)
	ln -sf $(call sep_name,$(1)).so.$(SONAME_VERSION) $(B)/lib/$(call sep_name,$(1)).so
SEPARATE_ARCHIVES += $(B)/lib/$(call sep_name,$(1)).a
SEPARATE_SHARED   += $(B)/lib/$(call sep_name,$(1)).so.$(VERSION)
endef
$(foreach l,$(filter $(SEPARATE_LIBS),$(LIBS)),$(eval $(call SEPLIB_template,$(l))))

# ---- library unit tests -----------------------------------------------------------------------------------
define LIBTEST_template
$(1)_TEST_SRCS   := $$(wildcard $(1)/test/test-*.c)
$(1)_HELPER_OBJS := $$(call obj,$$(filter-out $$($(1)_TEST_SRCS),$$(wildcard $(1)/test/*.c)))
$(1)_TEST_BINS   := $$(patsubst %.c,$(B)/%,$$($(1)_TEST_SRCS))
$$($(1)_TEST_BINS): $(B)/$(1)/test/%: $(B)/obj/$(1)/test/%.o $$($(1)_HELPER_OBJS) $$(call lib_archives,$(1) $$(DEPS_$(1)))
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$(filter %.o,$$^) $$(call lib_archives,$(1) $$(DEPS_$(1))) $$(CHECK_LIBS) \
	    $$(EXTRA_LIBS_$(1)) $$(SYS_LIBS)
TEST_BINS += $$($(1)_TEST_BINS)
# Lua suites: a launcher that runs the script with the sxelua runner from the top of the tree.
$(1)_LUATEST_SRCS := $$(wildcard $(1)/test/test-*.lua)
$(1)_LUATEST_BINS := $$(patsubst %.lua,$(B)/%,$$($(1)_LUATEST_SRCS))
$$($(1)_LUATEST_BINS): $(B)/$(1)/test/%: $(1)/test/%.lua $(B)/bin/sxelua
	@mkdir -p $$(@D)
	printf '#!/bin/sh\n# generated by the Makefile: runs %s with sxelua\ncd %s && exec %s %s "$$$$@"\n' \
	    '$$<' '$$(CURDIR)' '$$(abspath $(B)/bin/sxelua)' '$$<' > $$@
	chmod 755 $$@
TEST_BINS += $$($(1)_LUATEST_BINS)
endef
$(foreach l,$(LIBS),$(eval $(call LIBTEST_template,$(l))))

# ---- examples, integration tests, benchmarks --------------------------------------------------------------
EXAMPLES     := $(patsubst examples/%/,%,$(sort $(dir $(wildcard examples/*/*.c))))
# An example linking a separate library names it: EXAMPLE_LIBS_<name> (the runner sxelua: lib-sxe-lua; httpd and
# http speak TLS too: lib-sxe-tls).
EXAMPLE_LIBS_sxelua := lib-sxe-lua
EXAMPLE_LIBS_httpd  := lib-sxe-tls
EXAMPLE_LIBS_http   := lib-sxe-tls
define EXAMPLE_template
$(B)/bin/$(1): $$(call obj,$$(wildcard examples/$(1)/*.c)) $$(call lib_archives,$$(EXAMPLE_LIBS_$(1))) $(LIBSXE_A)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(foreach l,$$(EXAMPLE_LIBS_$(1)),$$(EXTRA_LIBS_$$(l))) $$(SYS_LIBS)
endef
$(foreach e,$(EXAMPLES),$(eval $(call EXAMPLE_template,$(e))))
EXAMPLE_BINS := $(addprefix $(B)/bin/,$(EXAMPLES))

ITEST_SRCS        := $(wildcard test/test-*.c)
ITEST_HELPER_OBJS := $(call obj,$(filter-out $(ITEST_SRCS),$(wildcard test/*.c)))
ITEST_BINS        := $(patsubst %.c,$(B)/%,$(ITEST_SRCS))
SOAK_BIN          := $(B)/test/soak/sxe-soak
$(ITEST_BINS) $(SOAK_BIN): $(B)/test/%: $(B)/obj/test/%.o $(ITEST_HELPER_OBJS) $(LIBSXE_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LIBSXE_A) $(CHECK_LIBS) $(OPENSSL_LIBS) $(SYS_LIBS)
# Integration suites of lib-sxe-lua (test/test-sxelua*.c) run the runner: they need it built.
$(filter $(B)/test/test-sxelua%,$(ITEST_BINS)): $(B)/bin/sxelua
TEST_BINS += $(ITEST_BINS)

# Test objects include check.h: they wait for the test group's check too.
TEST_OBJS := $(call obj,$(foreach l,$(LIBS),$(wildcard $(l)/test/*.c)) $(wildcard test/*.c))
$(TEST_OBJS): | deps-check-test

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRCS))
$(B)/bench/%: $(B)/obj/bench/%.o $(LIBSXE_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(OPENSSL_LIBS) $(SYS_LIBS)

# ---- top-level targets ------------------------------------------------------------------------------------
.PHONY: all libs examples benches tests test deps deps-check deps-check-test layering-check install uninstall \
        coverage clean demo bench fuzz soak valgrind format

all: libs examples benches
libs: $(LIBSXE_A) $(LIBSXE_SO) $(SEPARATE_ARCHIVES) $(SEPARATE_SHARED)
examples: $(EXAMPLE_BINS)
benches: $(BENCH_BINS)

SELECTED_TESTS := $(if $(T),$(foreach t,$(TEST_BINS),$(if $(findstring $(T),$(t)),$(t))),$(TEST_BINS))
tests: $(SELECTED_TESTS) $(if $(filter $(B)/test/%,$(SELECTED_TESTS)),$(EXAMPLE_BINS))

# Runs each selected test binary through the suite runner (.ci/run-tests); each prints Check's report and its own
# totals line. Ends with the totals: tests passed, failed and skipped, and the reason of every skip.
test: deps-check-test
	@$(MAKE) --no-print-directory tests
	@SXE_BIN_DIR=$(abspath $(B)/bin) bash .ci/run-tests $(SELECTED_TESTS)

# make deps: installs (as root) or names the packages that make and make test need. deps-check and deps-check-test
# are what every compile waits for (see the header); DEPS_CHECK=0 turns them off.
DEPS_CHECK ?= 1
deps:
	@bash .ci/deps install build test

deps-check:
ifneq ($(DEPS_CHECK),0)
	@bash .ci/deps install build
endif

deps-check-test:
ifneq ($(DEPS_CHECK),0)
	@bash .ci/deps install build test
endif

# make layering-check: for every pair of libraries, includes one's headers from the other's sources with the
# include path the build gives them. A header of the library itself or of one in its DEPS_ must compile; any other
# must fail to be found. Proves that the build enforces the layering declared above.
LAYER_CFLAGS = $(CPPFLAGS_ALL) $(CHECK_CFLAGS) $(filter-out -MMD -MP,$(CFLAGS_ALL)) -fsyntax-only -x c -
layering-check: | deps-check
	@fail=0; pairs=0; \
	$(foreach l,$(LIBS),$(foreach m,$(LIBS),$(foreach h,$(notdir $(wildcard $(m)/*.h)),\
	    want=$(if $(filter $(m),$(l) $(DEPS_$(l))),compiles,fails); \
	    if err=$$(echo '#include "$(h)"' | $(CC) $(call includes_of,$(l)/) $(LAYER_CFLAGS) 2>&1); then got=compiles; \
	    elif grep -q '$(h): No such file' <<< "$$err"; then got=fails; \
	    else got="fails for another reason: $$(grep -m1 error <<< "$$err")"; fi; \
	    pairs=$$((pairs + 1)); \
	    if [ $$got != $$want ]; then fail=1; echo "layering-check: $(h) of $(m) included from $(l) $$got (must: $$want)"; fi;))) \
	echo "layering-check: $$pairs includes of one library's header from another's sources; $$([ $$fail = 0 ] && echo 'all as declared' || echo FAILED)"; \
	exit $$fail

# ---- install ----------------------------------------------------------------------------------------------
# Tools are installed as sxe-NAME (e.g. /usr/bin/http belongs to HTTPie): each example that has a man/sxe-NAME.1.
BINDIR      := $(PREFIX)/bin
LIBDIR      := $(PREFIX)/lib
INCLUDEDIR  := $(PREFIX)/include
MANDIR      := $(PREFIX)/share/man
PUB_HEADERS := $(filter-out %-private.h,$(foreach l,$(LIBS),$(wildcard $(l)/*.h)))
MAN1_PAGES  := $(wildcard man/*.1)
MAN3_PAGES  := $(wildcard man/*.3)
TOOLS       := $(filter $(EXAMPLES),$(patsubst man/sxe-%.1,%,$(MAN1_PAGES)))
SEP_NAMES   := $(foreach l,$(filter $(SEPARATE_LIBS),$(LIBS)),$(call sep_name,$(l)))
INSTALLED   := $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(PUB_HEADERS))) \
               $(DESTDIR)$(LIBDIR)/libsxe.a $(DESTDIR)$(LIBDIR)/libsxe.so.$(VERSION) \
               $(DESTDIR)$(LIBDIR)/$(LIBSXE_SON) $(DESTDIR)$(LIBDIR)/libsxe.so \
               $(DESTDIR)$(LIBDIR)/pkgconfig/libsxe.pc \
               $(foreach n,$(SEP_NAMES),$(DESTDIR)$(LIBDIR)/$(n).a $(DESTDIR)$(LIBDIR)/$(n).so.$(VERSION) \
                   $(DESTDIR)$(LIBDIR)/$(n).so.$(SONAME_VERSION) $(DESTDIR)$(LIBDIR)/$(n).so \
                   $(DESTDIR)$(LIBDIR)/pkgconfig/$(n).pc) \
               $(addprefix $(DESTDIR)$(BINDIR)/sxe-,$(TOOLS)) \
               $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1_PAGES))) \
               $(addprefix $(DESTDIR)$(MANDIR)/man3/,$(notdir $(MAN3_PAGES))) \
               $(if $(filter sxelua,$(TOOLS)),$(DESTDIR)$(BINDIR)/sxelua $(DESTDIR)$(MANDIR)/man1/sxelua.1)

# The Lua runner is installed as sxe-sxelua like every tool, and also under the name scripts use, sxelua (a link,
# with its manual page linked as sxelua.1).
install: libs $(addprefix $(B)/bin/,$(TOOLS))
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 $(PUB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(LIBSXE_A) $(DESTDIR)$(LIBDIR)/libsxe.a
	install -m 755 $(LIBSXE_SO) $(DESTDIR)$(LIBDIR)/libsxe.so.$(VERSION)
	ln -sf libsxe.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBSXE_SON)
	ln -sf $(LIBSXE_SON) $(DESTDIR)$(LIBDIR)/libsxe.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' libsxe.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libsxe.pc
	for n in $(SEP_NAMES); do \
	    install -m 644 $(B)/lib/$$n.a $(DESTDIR)$(LIBDIR)/$$n.a && \
	    install -m 755 $(B)/lib/$$n.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$$n.so.$(VERSION) && \
	    ln -sf $$n.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$$n.so.$(SONAME_VERSION) && \
	    ln -sf $$n.so.$(SONAME_VERSION) $(DESTDIR)$(LIBDIR)/$$n.so && \
	    sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	        -e 's|@VERSION@|$(VERSION)|' $$n.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/$$n.pc || exit 1; \
	done
	for t in $(TOOLS); do install -m 755 $(B)/bin/$$t $(DESTDIR)$(BINDIR)/sxe-$$t || exit 1; done
	for p in $(MAN1_PAGES) $(MAN3_PAGES); do \
	    sed -e 's|@VERSION@|$(VERSION)|g' $$p > $(DESTDIR)$(MANDIR)/man$${p##*.}/$${p##*/} || exit 1; \
	done
	if [ -n "$(filter sxelua,$(TOOLS))" ]; then \
	    ln -sf sxe-sxelua $(DESTDIR)$(BINDIR)/sxelua && ln -sf sxe-sxelua.1 $(DESTDIR)$(MANDIR)/man1/sxelua.1; fi
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

uninstall:
	rm -f $(INSTALLED)
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

# ---- coverage ---------------------------------------------------------------------------------------------
coverage:
	@bash .ci/deps install build coverage
	@$(MAKE) --no-print-directory COVERAGE=1 test
	@echo "line coverage per library:"
	@for l in $(LIBS); do \
	    c=$$(gcovr -r . --filter "$$l/[^/]*\.c" $(BUILD_ROOT)/release-coverage/obj/$$l -s 2>/dev/null | grep '^lines:'); \
	    printf '  %-14s %s\n' "$$l" "$${c:-lines: no coverage data (no test of it ran)}"; \
	done

# make demo: installs what is missing, builds, runs httpd and a load generator against it, prints the result.
demo:
	@bash examples/demo.sh

# make bench [QUICK=1]: the side-by-side benchmark suite (bench/README.md).
bench:
	@QUICK=$(QUICK) bash bench/run.sh

# make fuzz [FUZZ_SECONDS=N]: libFuzzer harnesses of the HTTP parser and of httpd's connection logic (fuzz/run.sh).
fuzz:
	@bash .ci/deps install build fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) BUILD_ROOT=$(BUILD_ROOT) bash fuzz/run.sh

# make soak [SOAK_SCENARIOS="flood slow"]: the long flood / slow-client / abrupt-client / descriptor-exhaustion runs
# against the release httpd (test/soak/README.md), and test-pipeline with its storm lasting 10 s, through the suite
# runner.
soak: all $(SOAK_BIN) $(B)/test/test-pipeline
	@SXE_BIN_DIR=$(abspath $(B)/bin) SXE_TEST_TIMEOUT=$${SXE_TEST_TIMEOUT:-2400} SXE_TEST_STORM_SECONDS=10 \
	    bash .ci/run-tests $(SOAK_BIN) $(B)/test/test-pipeline

# make valgrind [T=pattern]: make DEBUG=1 test with every test binary under valgrind memcheck (.ci/valgrind).
valgrind:
	@bash .ci/deps install build test valgrind
	@bash .ci/valgrind

clean:
	rm -rf $(BUILD_ROOT)

format:
	@bash .ci/deps install format
	clang-format -i $$(git ls-files '*.c' '*.h')

-include $(shell find $(B) -name '*.d' 2>/dev/null)
