# The real build, called by Makefile once dependencies are installed.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

PKGS = ncursesw sqlite3 libssh libcjson cairo
CC ?= cc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -I. $(PKG_CFLAGS)
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CORE_SRC = $(sort $(wildcard core/*.c))
SYNC_SRC = $(sort $(wildcard sync/*.c))
TUI_SRC = $(sort $(wildcard tui/*.c))
CLI_SRC = $(sort $(wildcard cli/*.c))
LIB_SRC = $(CORE_SRC) $(SYNC_SRC)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_NAMES = $(notdir $(UNIT_SRC:.c=))

B = build/normal
S = build/asan
LIB_OBJ = $(LIB_SRC:%.c=$(B)/%.o)
LIB_SOBJ = $(LIB_SRC:%.c=$(S)/%.o)
APP_OBJ = $(TUI_SRC:%.c=$(B)/%.o) $(CLI_SRC:%.c=$(B)/%.o)
UNIT_BIN = $(UNIT_NAMES:%=$(B)/tests/%)
UNIT_SBIN = $(UNIT_NAMES:%=$(S)/tests/%)

.PHONY: check bench soak install layering
# Objects are reused between runs, never removed as intermediates.
.SECONDARY:
loge: $(APP_OBJ) $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

include tests/fuzz/fuzz.mk

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(S)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/testutil.h tests/unit/sync_harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

$(S)/tests/%: tests/unit/%.c $(LIB_SOBJ) tests/unit/testutil.h tests/unit/sync_harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) $(CMOCKA_CFLAGS) -o $@ $< $(LIB_SOBJ) $(PKG_LIBS) $(CMOCKA_LIBS) -lm

build/bench/runstat: tests/bench/runstat.c tests/bench/drive.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

build/bench/bench_core: tests/bench/bench_core.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lm

# core/ must not know curses or libssh; tui/ must not know SQL.
layering:
	@! grep -l -E '#include *[<"](n?curses|ncursesw/|libssh/)' core/*.[ch] || \
	  { echo "core/ includes curses or libssh" >&2; exit 1; }
	@! grep -l -E '#include *[<"](sqlite3\.h|core/db\.h|\.\./core/db\.h)' tui/*.[ch] || \
	  { echo "tui/ includes sqlite3.h or core/db.h" >&2; exit 1; }
	@# The TUI is served over SSH (loge serve): it never starts a program and
	@# never opens a file by a name the user could type.
	@! grep -n -E '(^|[^.>[:alnum:]_])(system|popen|exec[lv]p?e?|fork|fopen|open|freopen)[[:space:]]*\(' \
	  tui/*.c || { echo "tui/ spawns a program or opens a file" >&2; exit 1; }

check: layering loge $(UNIT_BIN) $(UNIT_SBIN) $(FUZZ_TARGETS) build/bench/sshdrive
	@sh tests/run.sh "$(UNIT_BIN)" "$(UNIT_SBIN)"

build/bench/bench_sync: tests/bench/bench_sync.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lm

build/bench/ptydrive: tests/bench/ptydrive.c tests/bench/drive.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lutil

build/bench/sshdrive: tests/bench/sshdrive.c tests/bench/drive.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lutil

bench: loge build/bench/runstat build/bench/bench_core build/bench/ptydrive build/bench/bench_sync \
    build/bench/sshdrive
	@sh tests/bench/bench.sh

SEEDS ?= 50
soak: $(S)/tests/test_sync
	LOGE_SOAK_SEEDS=$(SEEDS) LOGE_SIM_VERBOSE=1 $(S)/tests/test_sync

install: loge
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 loge "$(DESTDIR)$(BINDIR)/loge"
	for m in man/*.1; do install -m 644 "$$m" "$(DESTDIR)$(MANDIR)/man1/"; done
	for s in 5 8; do for m in man/*.$$s; do [ -f "$$m" ] || continue; \
	  install -d "$(DESTDIR)$(MANDIR)/man$$s"; install -m 644 "$$m" "$(DESTDIR)$(MANDIR)/man$$s/"; done; done

-include $(shell find build -name '*.d' 2>/dev/null)
