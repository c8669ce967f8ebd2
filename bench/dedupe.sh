#!/bin/sh
# dedupe.sh — the 1M-record dedupe benchmark of the name engine (docs/benchmarks.md).
#
#   sh bench/dedupe.sh [RECORDS [DEDUPE FLAGS...]]   default 1000000
#
# Flags after RECORDS go to `tizim dedupe`, e.g. `sh bench/dedupe.sh 1000000 --max-candidates 4`
# (the cap the import's duplicate check uses, ADR 0105); the output files are named after them.
# Writes a synthetic input with bench/cmd/namesgen (Kazakh names from
# internal/names/testdata/names in Kazakh and Russian-style Cyrillic, English romanisation,
# upper case, SURNAME-first order, typos; 20 % without birth year; 10 % of persons with an
# identity number), runs `tizim dedupe` under /usr/bin/time -v, and scores the clusters
# against the generator's person column (pairwise precision, recall, F1).
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
[ $# -gt 0 ] && shift
TAG=$N$(echo "$*" | tr -c 'a-z0-9\n' '-' | sed 's/^-*/-/; s/-*$//; s/^-$//')
W=${TMPDIR:-/tmp}/tizim-dedupe-bench
mkdir -p "$W"
go build -o "$W/tizim" ./cmd/tizim 2>/dev/null || go build -o "$W/tizim" ./bench/cmd/namecmd
go build -o "$W/namesgen" ./bench/cmd/namesgen
if [ ! -s "$W/people-$N.csv" ]; then
	"$W/namesgen" -records "$N" -seed 1 > "$W/people-$N.csv"
fi
echo "input: $W/people-$N.csv ($(wc -l < "$W/people-$N.csv") lines), $(nproc) cores"
echo "load before: $(cat /proc/loadavg)"
/usr/bin/time -v "$W/tizim" dedupe --in "$W/people-$N.csv" --out "$W/out-$TAG.csv" --stats "$@" 2> "$W/time-$TAG.txt"
echo "load after: $(cat /proc/loadavg)"
grep -E '^records|Elapsed|Maximum resident|Percent of CPU|User time|System time' "$W/time-$TAG.txt"
"$W/namesgen" -score "$W/people-$N.csv" -out "$W/out-$TAG.csv"
