# Fuzzing the sync frame layer with libFuzzer (clang). Included from build.mk
# (after its first rule, so `loge` stays the default goal), or standalone:
#   make -f tests/fuzz/fuzz.mk fuzz [FUZZ_RUNS=200000]
# The run works on a copy of the seed corpus so the committed one never
# grows; a crash fails the target and leaves its input in build/fuzz/.
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
FUZZ_CORPUS = tests/fuzz/corpus/frame

.PHONY: fuzz
fuzz: build/fuzz/fuzz_frame
	@work=$$(mktemp -d /tmp/loge-fuzz-XXXXXX) && cp $(FUZZ_CORPUS)/* "$$work"/ && \
	build/fuzz/fuzz_frame -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) \
	    -artifact_prefix=build/fuzz/ -print_final_stats=1 "$$work"; \
	status=$$?; rm -rf "$$work"; \
	if [ $$status -ne 0 ]; then echo "fuzz: fuzz_frame failed (status $$status), input in build/fuzz/" >&2; fi; \
	exit $$status

build/fuzz/fuzz_frame: tests/fuzz/fuzz_frame.c $(FUZZ_SRC) $(FUZZ_HDR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_PKG_CFLAGS) -o $@ tests/fuzz/fuzz_frame.c $(FUZZ_SRC) \
	    $(FUZZ_PKG_LIBS) -lm

ifneq ($(FUZZ_SAVED_GOAL),)
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
endif
