# Loge. The public targets first make sure the Debian packages are there
# (tools/deps.sh), then hand over to build.mk, so that pkg-config is asked
# only once the libraries are installed.
PREFIX ?= /usr/local
DESTDIR ?=
DB ?= demo.db
SUBMAKE = $(MAKE) --no-print-directory -f build.mk

.PHONY: all run check bench soak install clean deps deps-check
all: deps
	@$(SUBMAKE) loge

deps:
	@sh tools/deps.sh build

deps-check:
	@sh tools/deps.sh check

# Builds Loge, makes a demo database once, and opens the TUI on it.
run: deps
	@$(SUBMAKE) loge
	@test -f "$(DB)" || ./loge demo --db "$(DB)" --dwellings 2000
	./loge --db "$(DB)"

check: deps-check
	@$(SUBMAKE) check

bench: deps-check
	@$(SUBMAKE) bench

# The sync simulation with many seeds (SEEDS=N, 50 by default).
soak: deps-check
	@$(SUBMAKE) soak

install: deps
	@$(SUBMAKE) install PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"

clean:
	rm -rf build loge
