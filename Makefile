# Pishkhan — plain make, pkg-config, C17.
#
#   make            build everything in the tree (common/libpishkhan.a, programs)
#   make run        demo system on a private PostgreSQL under ./var
#   make check      sanitizer build + every test suite against a throwaway cluster
#   make check-deploy  as root: install and run by the documents (tests/deploy/)
#   make check-ha   failover and switchover under load (tests/ha/, pg_auto_failover)
#   make bench      benchmarks against references measured in the same run
#   make fuzz       libFuzzer targets (clang), each FUZZ_RUNS executions (slow)
#   make mutate     mutation checks: does a test fail when a rule breaks? (slow)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Flags the build needs live in PK_*; CFLAGS, CPPFLAGS and LDFLAGS are yours.

VERSION    = 0.1
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share/pishkhan
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
UNITDIR    ?= /lib/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d

# Build directory: objects and programs go under $(B) (the tree itself by
# default, so the library is common/libpishkhan.a); `make check` uses build/san.
B ?= .
SANITIZE ?=
WERROR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CONFIG ?= pkg-config

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla -Wno-format-nonliteral
PK_CPPFLAGS = -D_GNU_SOURCE -Icommon -I/usr/include/iniparser \
       -DPK_SYSCONFDIR='"$(SYSCONFDIR)"' -DPK_DATADIR='"$(DATADIR)"' \
       -DPK_VERSION='"$(VERSION)"'
PK_CFLAGS = -std=c17 $(WARN) $(if $(WERROR),-Werror) -MMD -MP \
       $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
PK_LDFLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE))

# Recursively expanded: pkg-config runs only when a rule needs it, after
# `make deps` has had a chance to install the packages.
PQ_CFLAGS   = $(shell $(PKG_CONFIG) --cflags libpq)
PQ_LIBS     = $(shell $(PKG_CONFIG) --libs libpq)
CURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw)
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs ncursesw)
INI_LIBS    = -liniparser
# Gateway replies (common/sms.c) are read by jansson; widths (common/u8.c)
# come from utf8proc.
JSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson)
JSON_LIBS   = $(shell $(PKG_CONFIG) --libs jansson)
UTF8_CFLAGS = $(shell $(PKG_CONFIG) --cflags libutf8proc)
UTF8_LIBS   = $(shell $(PKG_CONFIG) --libs libutf8proc)

ALL_CFLAGS = $(PK_CPPFLAGS) $(CPPFLAGS) $(PK_CFLAGS) $(PQ_CFLAGS) $(CFLAGS)
# Only the console needs curses' and fribidi's flags.
$(B)/console/%.o: ALL_CFLAGS += $(CURSES_CFLAGS) $(shell $(PKG_CONFIG) --cflags fribidi)
$(B)/common/sms.o: ALL_CFLAGS += $(JSON_CFLAGS)
$(B)/common/u8.o: ALL_CFLAGS += $(UTF8_CFLAGS)

COMMON_SRC = $(sort $(wildcard common/*.c))
COMMON_OBJ = $(COMMON_SRC:%.c=$(B)/%.o)
LIBPK      = $(B)/common/libpishkhan.a

# Every program links the whole library, so every program gets its libraries.
BASE_LIBS = $(PQ_LIBS) $(INI_LIBS) -lzip $(JSON_LIBS) $(UTF8_LIBS)

CTL_SRC = $(sort $(wildcard console/ctl/*.c))
CTL_OBJ = $(CTL_SRC:%.c=$(B)/%.o)
# The binary stays beside the console's, where the tests and scripts run it.
CTL     = $(B)/console/pishkhanctl
CTL_LIBS = $(BASE_LIBS) $(shell $(PKG_CONFIG) --libs libcurl)

# The staff console: console/*.c (the CLI is in console/ctl/).
CON_SRC = $(sort $(wildcard console/*.c))
CON_OBJ = $(CON_SRC:%.c=$(B)/%.o)
CON     = $(B)/console/pishkhan-console
CON_LIBS = $(BASE_LIBS) $(CURSES_LIBS) $(shell $(PKG_CONFIG) --libs fribidi)

# The public web.
WEB_SRC = $(sort $(wildcard webfront/*.c))
WEB_OBJ = $(WEB_SRC:%.c=$(B)/%.o)
WEB     = $(B)/webfront/pishkhan-web
WEB_LIBS = $(BASE_LIBS) $(shell $(PKG_CONFIG) --libs libmicrohttpd) -lgd -lnettle -lpthread

PROGRAMS = $(CTL) $(if $(CON_SRC),$(CON)) $(if $(WEB_SRC),$(WEB))

UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:%.c=$(B)/%)

MANPAGES = $(sort $(wildcard man/*.[1-9]))

.PHONY: all deps run check check-deploy check-ha test bench fuzz fuzz-replay fuzz-targets mutate install install-static \
	uninstall clean lint-man console
comma = ,
all: $(PROGRAMS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBPK): $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(CTL): $(CTL_OBJ) $(LIBPK)
	$(CC) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $(CTL_OBJ) $(LIBPK) $(CTL_LIBS)

$(CON): $(CON_OBJ) $(LIBPK)
	$(CC) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $(CON_OBJ) $(LIBPK) $(CON_LIBS)

$(WEB): $(WEB_OBJ) $(LIBPK)
	$(CC) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $(WEB_OBJ) $(LIBPK) $(WEB_LIBS)

$(B)/tests/unit/test_%: tests/unit/test_%.c $(LIBPK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBPK) -lcmocka $(BASE_LIBS)

unit-tests: $(UNIT_BIN)

# test_bidi includes console/bidi.c: it needs FriBidi.
$(B)/tests/unit/test_bidi: ALL_CFLAGS += -Iconsole $(shell $(PKG_CONFIG) --cflags fribidi)
$(B)/tests/unit/test_bidi: BASE_LIBS += $(shell $(PKG_CONFIG) --libs fribidi)

# The staff console on the demo of `make run` (in another terminal), as you.
console: $(CON)
	$(CON) -c var/pishkhan.conf

# Programs the test suites and benchmarks run beside ours.
TEST_TOOLS = $(B)/tests/sms/fakegw
$(B)/tests/sms/fakegw: tests/sms/fakegw.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $< \
	    $(shell $(PKG_CONFIG) --libs libmicrohttpd) -lpthread

# common/vocab.h's lists, for tests/db/vocab.sh.
TEST_TOOLS += $(B)/tests/db/vocab_dump
$(B)/tests/db/vocab_dump: tests/db/vocab_dump.c common/vocab.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PK_LDFLAGS) $(LDFLAGS) -o $@ $<

test-tools: $(TEST_TOOLS)

# Fuzz targets: tests/fuzz/fuzz_<name>.c, one per parser that sees outside
# bytes.  `make check` builds each with tests/fuzz/replay.c (replay_<name>)
# and replays its corpus and regression inputs; `make fuzz` builds them with
# clang's libFuzzer under build/fuzz and runs each FUZZ_RUNS times.
FUZZ_SRC   = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_RUNS ?= 1000000
FUZZ_LIBS  = $(WEB_LIBS) $(shell $(PKG_CONFIG) --libs libcurl)
# The multipart target compiles webfront/main.c in and links the rest of the web.
FUZZ_WEB_OBJ = $(filter-out $(B)/webfront/main.o,$(WEB_OBJ))
$(B)/tests/fuzz/replay_multipart $(B)/tests/fuzz/fuzz_multipart: $(FUZZ_WEB_OBJ)

$(B)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIBPK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iwebfront $(PK_LDFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	    $(filter %.o,$^) $(LIBPK) $(FUZZ_LIBS)

$(B)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIBPK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iwebfront -fsanitize=fuzzer $(PK_LDFLAGS) $(LDFLAGS) -o $@ $< \
	    $(filter %.o,$^) $(LIBPK) $(FUZZ_LIBS)

fuzz-replay: $(FUZZ_NAMES:%=$(B)/tests/fuzz/replay_%)
fuzz-targets: $(FUZZ_NAMES:%=$(B)/tests/fuzz/fuzz_%)

# `make fuzz FUZZ=cfg,u8` runs only those targets.
fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang \
	    SANITIZE=fuzzer-no-link,address,undefined fuzz-targets
	@FUZZ_RUNS=$(FUZZ_RUNS) sh scripts/fuzz.sh $(subst $(comma), ,$(FUZZ))

# Debian packages the build, the demo and the tests need (no-op when present).
deps:
	@sh scripts/deps.sh

run: deps
	@$(MAKE) --no-print-directory -s all
	@sh scripts/run.sh

check: deps
	@$(MAKE) --no-print-directory B=build/san SANITIZE=address,undefined WERROR=1 all unit-tests test-tools fuzz-replay
	@PK_BUILD=build/san sh tests/run.sh $(TESTS)

test: check

# The installation by the documents (tests/deploy/deploy.sh): make install
# into a staging prefix, a cluster of its own, the service users, the
# services, backup and restore.  As root only (it makes users and clusters
# on this machine, and removes them); skipped otherwise.  .ci/run runs it
# after check.
check-deploy:
	@if [ "$$(id -u)" = 0 ]; then sh scripts/deps.sh deploy; else sh scripts/deps.sh; fi
	@$(MAKE) --no-print-directory B=build/deploy build/deploy/tests/sms/fakegw
	@PK_FAKEGW=build/deploy/tests/sms/fakegw prove --timer $(PROVE_FLAGS) --exec '' tests/deploy/*.sh

# Two webs behind nginx, two SMS workers and a clerk's console on a
# pg_auto_failover formation (a monitor, a primary and its synchronous
# standby) on this machine: the primary killed under load, then a
# switchover (tests/ha/).  A few minutes.  .ci/run runs it after
# check-deploy.
check-ha:
	@sh scripts/deps.sh ha
	@$(MAKE) --no-print-directory B=build/ha all build/ha/tests/sms/fakegw
	@PK_HA_BUILD=build/ha prove --timer $(PROVE_FLAGS) --exec '' tests/ha/nginx.sh tests/ha/failover.sh

# Each mutation of tests/mutate/mutations.tsv on its own, on a scratch copy,
# against the suites that own its rule; ONLY=regex picks some.  Not part of
# check: run it before resolving an issue that changes a rule.
mutate: deps
	@ONLY='$(ONLY)' sh tests/mutate/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory test-tools
	@sh tests/bench/run.sh

lint-man:
	mandoc -Tlint -Wwarning $(MANPAGES)

install: all
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/sql \
	    $(DESTDIR)$(SYSCONFDIR)/pishkhan $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 755 $(CTL) $(DESTDIR)$(BINDIR)/pishkhanctl
	$(if $(WEB_SRC),install -m 755 $(WEB) $(DESTDIR)$(SBINDIR)/pishkhan-web)
	$(if $(WEB_SRC),$(MAKE) -s install-static)
	$(if $(CON_SRC),install -m 755 $(CON) $(DESTDIR)$(BINDIR)/pishkhan-console)
	install -m 644 sql/*.sql $(DESTDIR)$(DATADIR)/sql/
	install -m 644 pishkhan.conf.example $(DESTDIR)$(DATADIR)/pishkhan.conf.example
	test -e $(DESTDIR)$(SYSCONFDIR)/pishkhan/pishkhan.conf || \
	    sed -e 's|^; *sql_dir = .*|sql_dir = $(DATADIR)/sql|' \
	    -e 's|^; *conninfo =.*|conninfo = dbname=pishkhan|' pishkhan.conf.example \
	    >$(DESTDIR)$(SYSCONFDIR)/pishkhan/pishkhan.conf
	for u in dist/systemd/*.service; do \
	    sed -e 's|/usr/local/sbin|$(SBINDIR)|g' -e 's|/usr/local/bin|$(BINDIR)|g' \
	    -e 's|/etc/pishkhan|$(SYSCONFDIR)/pishkhan|g' \
	    $$u >$(DESTDIR)$(UNITDIR)/$${u##*/}; done
	install -m 644 dist/sysusers.d/pishkhan.conf $(DESTDIR)$(SYSUSERSDIR)/pishkhan.conf
	@# nginx in front of several webs (pishkhan(7)): available, not enabled;
	@# an existing file is the administrator's and is kept.
	install -d $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available
	test -e $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available/pishkhan.conf || \
	    install -m 644 dist/nginx/pishkhan.conf $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available/pishkhan.conf
	@# The services' users and group, now: systemd would make them only at
	@# the next boot.  Not into a staging DESTDIR, which is not this system.
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
	    systemd-sysusers $(SYSUSERSDIR)/pishkhan.conf; \
	elif [ -z "$(DESTDIR)" ]; then \
	    echo "make install: no systemd-sysusers; make the users of $(SYSUSERSDIR)/pishkhan.conf by hand" >&2; \
	fi
	for m in $(MANPAGES); do \
	    s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done

# The web's static files: the stylesheet, the script and the fonts with
# their licence (also alone, for tests/web/fonts.sh).
install-static:
	install -d $(DESTDIR)$(DATADIR)/web/fonts
	install -m 644 webfront/static/style.css webfront/static/app.js $(DESTDIR)$(DATADIR)/web/
	install -m 644 webfront/static/fonts/*.woff2 webfront/static/fonts/OFL.txt \
	    $(DESTDIR)$(DATADIR)/web/fonts/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pishkhanctl $(DESTDIR)$(SBINDIR)/pishkhan-web \
	    $(DESTDIR)$(BINDIR)/pishkhan-console $(DESTDIR)$(SYSUSERSDIR)/pishkhan.conf
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(UNITDIR)/pishkhan-*.service
	for m in $(MANPAGES); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done

clean:
	rm -rf build
	rm -f common/*.o common/*.d $(LIBPK) console/*.o console/*.d \
	    console/ctl/*.o console/ctl/*.d \
	    webfront/*.o webfront/*.d $(PROGRAMS) $(UNIT_SRC:.c=) tests/unit/*.d
	rm -f $(TEST_TOOLS) tests/sms/*.d tests/db/*.d $(FUZZ_NAMES:%=tests/fuzz/replay_%) \
	    $(FUZZ_NAMES:%=tests/fuzz/fuzz_%) tests/fuzz/*.d

-include $(wildcard $(B)/common/*.d $(B)/console/*.d $(B)/console/ctl/*.d $(B)/webfront/*.d $(B)/tests/unit/*.d \
    $(B)/tests/sms/*.d $(B)/tests/fuzz/*.d)
