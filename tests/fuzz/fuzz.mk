# Fuzzing with libFuzzer (clang). Included from build.mk (after its first
# rule, so `loge` stays the default goal), or standalone:
#   make -f tests/fuzz/fuzz.mk fuzz [FUZZ_RUNS=200000]    every target
#   make -f tests/fuzz/fuzz.mk fuzz-frame / fuzz-bundle   one of them
#   make -f tests/fuzz/fuzz.mk fuzz-bundle-corpus         remake its seeds
# Targets: fuzz_frame, the frame layer (sync/json.c); fuzz_bundle, the
# laptop's import of a hub's reply bundle (sync/node.c) and all it calls.
# Each build/fuzz/fuzz_NAME runs on a copy of tests/fuzz/corpus/NAME
# (tests/run.sh does the same in `make check`), so the committed corpus
# never grows; a crash fails the target and leaves its input in
# build/fuzz/.
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)

FUZZ_CC ?= clang
FUZZ_RUNS ?= 20000
FUZZ_MAX_LEN ?= 4096
FUZZ_FLAGS ?= -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -I.
FUZZ_PKG_CFLAGS := $(shell pkg-config --cflags libcjson)
FUZZ_PKG_LIBS := $(shell pkg-config --libs libcjson)
FUZZ_SRC = sync/json.c core/xalloc.c core/err.c core/utf8.c
FUZZ_HDR = sync/json.h core/xalloc.h core/err.h core/utf8.h
# What `make check` builds for tests/run.sh.
FUZZ_TARGETS = build/fuzz/fuzz_frame build/fuzz/fuzz_bundle

# The library for fuzz_bundle: every source of core/ and sync/,
# instrumented, in an archive, so that a target links only what it calls
# (not the SSH front end: no libssh at link time), whatever files come and
# go.
FUZZ_LIB_SRC = $(sort $(wildcard core/*.c sync/*.c))
FUZZ_LIB_OBJ = $(FUZZ_LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_LIB_FLAGS = $(FUZZ_FLAGS)
FUZZ_DB_CFLAGS := $(shell pkg-config --cflags sqlite3 libssh libcjson cairo)
FUZZ_DB_LIBS := $(shell pkg-config --libs sqlite3 libcjson)
# The corpus generator has its own main(): instrumented, without libFuzzer.
FUZZ_GEN_FLAGS = $(filter-out -fsanitize=fuzzer%,$(FUZZ_FLAGS)) \
	-fsanitize=fuzzer-no-link,address,undefined

.PHONY: fuzz fuzz-frame fuzz-bundle fuzz-bundle-corpus
fuzz: fuzz-frame fuzz-bundle

# $(1): the target's NAME.
define fuzz_run
	@work=$$(mktemp -d /tmp/loge-fuzz-XXXXXX) && cp tests/fuzz/corpus/$(1)/* "$$work"/ && \
	build/fuzz/fuzz_$(1) -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) \
	    -artifact_prefix=build/fuzz/ -print_final_stats=1 "$$work"; \
	status=$$?; rm -rf "$$work"; \
	if [ $$status -ne 0 ]; then echo "fuzz: fuzz_$(1) failed (status $$status), input in build/fuzz/" >&2; fi; \
	exit $$status
endef

fuzz-frame: build/fuzz/fuzz_frame
	$(call fuzz_run,frame)

fuzz-bundle: build/fuzz/fuzz_bundle
	$(call fuzz_run,bundle)

build/fuzz/fuzz_frame: tests/fuzz/fuzz_frame.c $(FUZZ_SRC) $(FUZZ_HDR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_PKG_CFLAGS) -o $@ tests/fuzz/fuzz_frame.c $(FUZZ_SRC) \
	    $(FUZZ_PKG_LIBS) -lm

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_LIB_FLAGS) $(FUZZ_DB_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libloge.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_bundle: tests/fuzz/fuzz_bundle.c build/fuzz/libloge.a
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DB_CFLAGS) -o $@ tests/fuzz/fuzz_bundle.c \
	    build/fuzz/libloge.a $(FUZZ_DB_LIBS) -lm

# The seeds are replies of the hub made by the code (gen_bundle_corpus.c):
# remade when the protocol changes, then committed.
build/fuzz/gen_bundle_corpus: tests/fuzz/gen_bundle_corpus.c tests/fuzz/fuzz_bundle.c \
    build/fuzz/libloge.a
	$(FUZZ_CC) $(FUZZ_GEN_FLAGS) $(FUZZ_DB_CFLAGS) -o $@ tests/fuzz/gen_bundle_corpus.c \
	    build/fuzz/libloge.a $(FUZZ_DB_LIBS) -lm

fuzz-bundle-corpus: build/fuzz/gen_bundle_corpus
	@mkdir -p tests/fuzz/corpus/bundle
	rm -f tests/fuzz/corpus/bundle/*
	build/fuzz/gen_bundle_corpus tests/fuzz/corpus/bundle

# Header dependencies of the library (build.mk reads them too).
-include $(wildcard build/fuzz/obj/*/*.d)

ifneq ($(FUZZ_SAVED_GOAL),)
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
endif
