# libsxe: top-level GNU Makefile.
#
# Convention over configuration (nothing to edit when a file is added):
#   lib-sxe-NAME/*.c             -> archive lib-sxe-NAME.a, and into libsxe.a / libsxe.so
#   lib-sxe-NAME/test/test-*.c   -> one Check test binary each; other .c files there are test helpers
#   test/test-*.c                -> integration test binaries (other test/*.c are helpers), linked with libsxe
#   examples/NAME/*.c            -> program NAME, linked with libsxe
#   bench/*.c                    -> one benchmark program each, linked with libsxe
#
# Modes: make (release: -O2, SXE_DEBUG=0), make DEBUG=1 (-O0 -g, SXE_DEBUG=1), SANITIZE=1 (ASan+UBSan),
# COVERAGE=1 (gcov). Each mode builds in its own folder under $(BUILD_ROOT) so objects never mix.
# make test T=pattern runs only the test binaries whose path contains the pattern.

SHELL        := /bin/bash
.DEFAULT_GOAL := all
.SUFFIXES:

VERSION_MAJOR := 0
VERSION       := 0.1.0
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
ifeq ($(COVERAGE),1)
MODE := $(MODE)-coverage
endif
B := $(BUILD_ROOT)/$(MODE)

# Libraries, highest layer first (link order). A library only uses the ones listed after it in its DEPS.
LIB_ORDER         := lib-sxe lib-sxe-http lib-sxe-pool lib-sxe-log
DEPS_lib-sxe-log  :=
DEPS_lib-sxe-pool := lib-sxe-log
DEPS_lib-sxe-http := lib-sxe-log
DEPS_lib-sxe      := lib-sxe-pool lib-sxe-log
LIBS              := $(filter $(patsubst %/,%,$(wildcard lib-*/)),$(LIB_ORDER))

CPPFLAGS_ALL := -D_GNU_SOURCE $(addprefix -I,$(LIBS))
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
ALL_LIB_OBJS += $$($(1)_OBJS)
endef
$(foreach l,$(LIBS),$(eval $(call LIB_template,$(l))))

lib_archives = $(foreach l,$(1),$(B)/lib/$(l).a)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(CHECK_CFLAGS) $(CFLAGS_ALL) -c $< -o $@

LIBSXE_A   := $(B)/lib/libsxe.a
LIBSXE_SO  := $(B)/lib/libsxe.so.$(VERSION)
LIBSXE_SON := libsxe.so.$(VERSION_MAJOR)

$(LIBSXE_A): $(ALL_LIB_OBJS)
	@mkdir -p $(@D)
	@rm -f $@
	ar rcs $@ $^

$(LIBSXE_SO): $(ALL_LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(LIBSXE_SON) $(LDFLAGS_ALL) -o $@ $^ $(SYS_LIBS)
	ln -sf libsxe.so.$(VERSION) $(B)/lib/$(LIBSXE_SON)
	ln -sf $(LIBSXE_SON) $(B)/lib/libsxe.so

# ---- library unit tests -----------------------------------------------------------------------------------
define LIBTEST_template
$(1)_TEST_SRCS   := $$(wildcard $(1)/test/test-*.c)
$(1)_HELPER_OBJS := $$(call obj,$$(filter-out $$($(1)_TEST_SRCS),$$(wildcard $(1)/test/*.c)))
$(1)_TEST_BINS   := $$(patsubst %.c,$(B)/%,$$($(1)_TEST_SRCS))
$$($(1)_TEST_BINS): $(B)/$(1)/test/%: $(B)/obj/$(1)/test/%.o $$($(1)_HELPER_OBJS) $$(call lib_archives,$(1) $$(DEPS_$(1)))
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$(filter %.o,$$^) $$(call lib_archives,$(1) $$(DEPS_$(1))) $$(CHECK_LIBS) $$(SYS_LIBS)
TEST_BINS += $$($(1)_TEST_BINS)
endef
$(foreach l,$(LIBS),$(eval $(call LIBTEST_template,$(l))))

# ---- examples, integration tests, benchmarks --------------------------------------------------------------
EXAMPLES     := $(patsubst examples/%/,%,$(wildcard examples/*/))
define EXAMPLE_template
$(B)/bin/$(1): $$(call obj,$$(wildcard examples/$(1)/*.c)) $(LIBSXE_A)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS_ALL) -o $$@ $$^ $$(SYS_LIBS)
endef
$(foreach e,$(EXAMPLES),$(eval $(call EXAMPLE_template,$(e))))
EXAMPLE_BINS := $(addprefix $(B)/bin/,$(EXAMPLES))

ITEST_SRCS        := $(wildcard test/test-*.c)
ITEST_HELPER_OBJS := $(call obj,$(filter-out $(ITEST_SRCS),$(wildcard test/*.c)))
ITEST_BINS        := $(patsubst %.c,$(B)/%,$(ITEST_SRCS))
$(ITEST_BINS): $(B)/test/%: $(B)/obj/test/%.o $(ITEST_HELPER_OBJS) $(LIBSXE_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LIBSXE_A) $(CHECK_LIBS) $(SYS_LIBS)
TEST_BINS += $(ITEST_BINS)

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRCS))
$(B)/bench/%: $(B)/obj/bench/%.o $(LIBSXE_A)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(SYS_LIBS)

# ---- top-level targets ------------------------------------------------------------------------------------
.PHONY: all libs examples benches tests test deps deps-check install uninstall coverage clean demo bench fuzz \
        soak valgrind format

all: libs examples benches
libs: $(LIBSXE_A) $(LIBSXE_SO)
examples: $(EXAMPLE_BINS)
benches: $(BENCH_BINS)

SELECTED_TESTS := $(if $(T),$(foreach t,$(TEST_BINS),$(if $(findstring $(T),$(t)),$(t))),$(TEST_BINS))
tests: $(SELECTED_TESTS) $(if $(filter $(B)/test/%,$(SELECTED_TESTS)),$(EXAMPLE_BINS))

# Runs each selected test binary; each prints Check's own summary line. Ends with the totals.
test: deps-check
	@$(MAKE) --no-print-directory tests
	@SXE_BIN_DIR=$(abspath $(B)/bin) bash .ci/run-tests $(SELECTED_TESTS)

deps:
	@bash .ci/deps install build

deps-check:
	@bash .ci/deps install build

# ---- install ----------------------------------------------------------------------------------------------
LIBDIR      := $(PREFIX)/lib
INCLUDEDIR  := $(PREFIX)/include
PUB_HEADERS := $(filter-out %-private.h,$(foreach l,$(LIBS),$(wildcard $(l)/*.h)))
INSTALLED   := $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(PUB_HEADERS))) \
               $(DESTDIR)$(LIBDIR)/libsxe.a $(DESTDIR)$(LIBDIR)/libsxe.so.$(VERSION) \
               $(DESTDIR)$(LIBDIR)/$(LIBSXE_SON) $(DESTDIR)$(LIBDIR)/libsxe.so \
               $(DESTDIR)$(LIBDIR)/pkgconfig/libsxe.pc

install: libs
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig
	install -m 644 $(PUB_HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(LIBSXE_A) $(DESTDIR)$(LIBDIR)/libsxe.a
	install -m 755 $(LIBSXE_SO) $(DESTDIR)$(LIBDIR)/libsxe.so.$(VERSION)
	ln -sf libsxe.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(LIBSXE_SON)
	ln -sf $(LIBSXE_SON) $(DESTDIR)$(LIBDIR)/libsxe.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' libsxe.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libsxe.pc
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

# make soak: the long flood / slow-client / abrupt-client / descriptor-exhaustion runs against httpd.
soak: all
	@bash test/soak/run.sh

# make valgrind: the whole test suite under valgrind memcheck on a debug build.
valgrind:
	@bash .ci/deps install build valgrind
	@bash .ci/valgrind

clean:
	rm -rf $(BUILD_ROOT)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

-include $(shell find $(B) -name '*.d' 2>/dev/null)
