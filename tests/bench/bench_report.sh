#!/bin/sh
# Dashboards (loge report) for an agency of 50,000 dwellings with five
# years of claims, work orders and rounds: one line per report, the time
# of the whole `loge report` process (open, queries, table written) for
# that agency over the five years up to the demo's date.
# Usage: sh tests/bench/bench_report.sh
# RUNSTAT and LOGE name other binaries (default build/bench/runstat and
# ./loge). The database, build/bench/demo-50k-1agency.db (one agency),
# is made once and kept; BENCH_FRESH=1 makes it again. The file is read
# once before the figures, so that they are those of a hub whose
# database sits in the page cache, not of whatever the benchmarks before
# left there (a cold read of the claims doubles them or more).
set -eu
dir=build/bench
run=${RUNSTAT:-$dir/runstat}
loge=${LOGE:-./loge}
db=$dir/demo-50k-1agency.db
out=$dir/report.out
mkdir -p "$dir"

if [ "${BENCH_FRESH:-0}" = 1 ] || [ ! -f "$db" ]; then
	rm -f "$db" "$db-wal" "$db-shm"
	$run "demo generation, 50,000 dwellings, 1 agency" "$loge" demo --db "$db" \
	    --dwellings 50000 --agencies 1 --seed 1 2>/dev/null
fi
sql() { sqlite3 -cmd '.timeout 10000' "$db" "$1"; }

# Reports open the database read-only: an older one is migrated first
# by a read-write open, outside the figures.
"$loge" user list --db "$db" --user admin >/dev/null

to=$(sql "SELECT value FROM meta WHERE key = 'demo_date'")
from=$(sql "SELECT date('$to', '-5 years', '+1 day')")
agency=$(sql "SELECT s.agency_id FROM sector s JOIN estate es ON es.sector_id = s.id
  JOIN building b ON b.estate_id = es.id JOIN entrance en ON en.building_id = b.id
  JOIN dwelling d ON d.entrance_id = en.id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
code=$(sql "SELECT code FROM agency WHERE id = '$agency'")
n=$(sql "SELECT count(*) FROM sector s JOIN estate es ON es.sector_id = s.id
  JOIN building b ON b.estate_id = es.id JOIN entrance en ON en.building_id = b.id
  JOIN dwelling d ON d.entrance_id = en.id WHERE s.agency_id = '$agency'")
claims=$(sql "SELECT count(*) FROM claim WHERE opened_at >= '$from'")
echo "(reports of agency $code: $n dwellings, $claims claims from $from to $to)"
cat "$db" >/dev/null

for r in $("$loge" report --list | awk '{ print $1 }'); do
	$run "report $r, $((n / 1000))k, 5 years" "$loge" report "$r" \
	    --db "$db" --user admin --agency "$code" --from "$from" --to "$to" -o "$out"
done
rm -f "$out"
