#!/bin/sh
# Runs every test of `make check` and ends with "N passed, N failed".
# $1: the unit test binaries (normal build), $2: the same under ASan/UBSan.
# End-to-end tests are tests/e2e/*.sh; each prints TAP lines.
set -u
unit="$1"
sunit="$2"
top=$(pwd)
log=$(mktemp -d /tmp/loge-check-XXXXXX)
passed=0
failed=0
failures=""

count() {	# $1: TAP output file, $2: label
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^not ok ' "$1")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		failures="$failures\n$2:\n$(grep '^not ok ' "$1")"
	fi
}

run_unit() {	# $1: binary, $2: label
	out="$log/$(echo "$2" | tr '/ ' '__').tap"
	CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1 "$1" >"$out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$out"; then
		# A crash or a sanitizer report outside any test still fails.
		echo "not ok - $2 exited with status $rc" >>"$out"
	fi
	count "$out" "$2"
	echo "$2: $(grep -c '^ok ' "$out") passed, $(grep -c '^not ok ' "$out") failed"
	[ $rc -ne 0 ] && sed -n '1,200p' "$out" >&2
}

for t in $unit; do run_unit "$t" "unit $(basename "$t")"; done
for t in $sunit; do run_unit "$t" "asan $(basename "$t")"; done

# libFuzzer targets, a bounded number of runs each on a copy of their
# seed corpus (tests/fuzz/corpus/NAME for build/fuzz/fuzz_NAME). A bundle
# import opens a database: fewer runs (about 15 s).
for t in build/fuzz/fuzz_*; do
	[ -x "$t" ] && [ -d tests/fuzz/corpus/"$(basename "$t" | sed 's/^fuzz_//')" ] || continue
	name=$(basename "$t" | sed 's/^fuzz_//')
	runs=${FUZZ_RUNS:-20000}
	[ "$name" = bundle ] && runs=${FUZZ_BUNDLE_RUNS:-3000}
	out="$log/fuzz_$name.tap"
	work=$(mktemp -d /tmp/loge-fuzz-XXXXXX)
	cp tests/fuzz/corpus/"$name"/* "$work"/
	if "$t" -runs="$runs" -max_len=4096 -artifact_prefix=build/fuzz/ \
	    "$work" >"$log/fuzz_$name.log" 2>&1; then
		echo "ok - fuzz $name ($runs runs)" >"$out"
	else
		echo "not ok - fuzz $name: see build/fuzz/ for the input" >"$out"
		tail -40 "$log/fuzz_$name.log" >&2
	fi
	rm -rf "$work"
	count "$out" "fuzz $name"
	echo "fuzz $name: $(grep -c '^ok ' "$out") passed, $(grep -c '^not ok ' "$out") failed"
done

for t in tests/e2e/*.sh; do
	case $(basename "$t") in lib*.sh) continue ;; esac
	[ -f "$t" ] || continue
	out="$log/e2e_$(basename "$t").tap"
	LOGE="$top/loge" sh "$t" >"$out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$out"; then
		echo "not ok - $t exited with status $rc" >>"$out"
	fi
	count "$out" "e2e $(basename "$t")"
	echo "e2e $(basename "$t"): $(grep -c '^ok ' "$out") passed, $(grep -c '^not ok ' "$out") failed"
	[ $rc -ne 0 ] && cat "$out" >&2
done

if [ "$failed" -ne 0 ]; then
	printf "\nFailures:%b\n(logs in %s)\n" "$failures" "$log"
else
	rm -rf "$log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
