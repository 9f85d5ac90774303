#!/bin/sh
# Sync benchmarks (issue 4's performance targets), one figure per line:
# first syncs on the 100,000-dwelling demo, then change capture, push,
# pull and cut sessions on gardien1's laptop against that hub.
# Usage: bench_sync.sh [DEMO_DB]   (default build/bench/demo-100k.db)
# The demo is only read: the sessions write to a copy in build/bench/sync,
# removed at the end. Without the demo, a 20,000-dwelling one is made in
# build/bench and kept. BENCH_SYNC_AGENT=1 adds the first sync of an agent
# (a whole agency: about 1.1 million rows on the 100,000-dwelling demo).
set -eu
dir=build/bench
bin=$dir/bench_sync
work=$dir/sync
demo=${1:-$dir/demo-100k.db}

if [ ! -f "$demo" ]; then
	demo=$dir/demo-20k.db
	[ -f "$demo" ] || $bin demo "$demo" 20000
	echo "(no $dir/demo-100k.db: sync figures on a 20,000-dwelling demo, $demo)"
fi
rm -rf "$work"
mkdir -p "$work"
cp "$demo" "$work/hub.db"
[ ! -f "$demo-wal" ] || cp "$demo-wal" "$work/hub.db-wal"

$bin first "$work/hub.db" gardien1 "$work/g1.db"
# A gardien standing in for three colleagues: about 100,000 rows.
$bin sectors "$work/hub.db" gardien3 4
$bin first "$work/hub.db" gardien3 "$work/g3.db"
if [ "${BENCH_SYNC_AGENT:-0}" = 1 ]; then
	$bin first "$work/hub.db" agent1 "$work/a1.db"
fi

cp "$work/g1.db" "$work/capture.db"
$bin capture "$work/capture.db"
cp "$work/g1.db" "$work/node.db"
$bin push "$work/hub.db" "$work/node.db"
$bin pull "$work/hub.db" "$work/node.db"
$bin cut "$work/hub.db" "$work/node.db"
rm -rf "$work"
