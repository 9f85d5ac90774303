#!/bin/sh
# make bench: prints one line per figure. Databases are kept in build/bench
# between runs (BENCH_FRESH=1 rebuilds them); the demo generation is timed
# whenever it runs, and always for the 100,000-dwelling database.
set -eu
dir=build/bench
run=$dir/runstat
mkdir -p "$dir"
db100=$dir/demo-100k.db

echo "== Loge benchmarks ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%M:%SZ))"
rm -f "$db100" "$db100-wal" "$db100-shm"
$run "demo generation, 100,000 dwellings" ./loge demo --db "$db100" --dwellings 100000 --seed 1 2>/dev/null
size=$(stat -c %s "$db100")
printf '%-44s %10.1f MB\n' "demo database size, 100,000 dwellings" "$(echo "$size" | awk '{print $1/1048576}')"
# Cold: a new process, and the page cache dropped where the system allows.
sync
echo 3 >/proc/sys/vm/drop_caches 2>/dev/null && cache="page cache dropped" || cache="page cache warm"
$run "cold open, new process ($cache)" $dir/bench_core open "$db100"
$run "list one estate (process total)" $dir/bench_core list "$db100"
$dir/bench_core search "$db100"
sh tests/bench/bench_tui.sh "$db100"
sh tests/bench/bench_inspection.sh "$db100"
sh tests/bench/bench_report.sh
sh tests/bench/bench_sync.sh "$db100"
sh tests/bench/bench_serve.sh
# BENCH_BIG=1: the same search and TUI figures on 500,000 dwellings (about 10 GB, made once
# and kept; BENCH_FRESH=1 makes it again).
if [ "${BENCH_BIG:-0}" = 1 ]; then
	db500=$dir/demo-500k.db
	if [ "${BENCH_FRESH:-0}" = 1 ] || [ ! -f "$db500" ]; then
		rm -f "$db500" "$db500-wal" "$db500-shm"
		$run "demo generation, 500,000 dwellings" ./loge demo --db "$db500" --dwellings 500000 --seed 1 2>/dev/null
	fi
	$dir/bench_core search "$db500"
	sh tests/bench/bench_tui.sh "$db500"
fi
