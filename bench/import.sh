#!/bin/sh
# Import benchmark, side by side in one run: tizim import of an N-row person CSV (from
# tizim synth) into SQLite (and PostgreSQL when TIZIM_BENCH_POSTGRES is set), against a raw
# `sqlite3 .import` and `psql \copy` of the same file into a plain table; then tizim export.
# Usage: bench/import.sh [PERSONS]   (default 1000000). Needs sqlite3 (and psql).
set -eu
export PGOPTIONS=--client-min-messages=warning
N=${1:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/tizim" ./cmd/tizim
"$W/tizim" synth --persons "$N" --out "$W/p.csv" 2>/dev/null
echo "file: $N rows, $(du -m "$W/p.csv" | cut -f1) MB"
secs() { awk "BEGIN{printf \"%.1f\", $2 - $1}"; }
now() { date +%s.%N; }

t0=$(now); sqlite3 "$W/raw.db" ".mode csv" ".import $W/p.csv persons"; t1=$(now)
raw=$(secs "$t0" "$t1"); echo "sqlite3 .import: ${raw} s"

"$W/tizim" init --data "$W/d" >/dev/null 2>&1
t0=$(now); "$W/tizim" import --data "$W/d" --no-duplicates-check "$W/p.csv" 2>/dev/null; t1=$(now)
tz=$(secs "$t0" "$t1"); echo "tizim import (SQLite, without the duplicate check): ${tz} s, ratio $(awk "BEGIN{printf \"%.1f\", $tz/$raw}")x"
t0=$(now); "$W/tizim" export --data "$W/d" --format csv --plaintext --out "$W/e.csv" 2>/dev/null; t1=$(now)
echo "tizim export csv (SQLite): $(secs "$t0" "$t1") s"
/usr/bin/time -f "tizim verify: %e s, max RSS %M kB" "$W/tizim" verify --data "$W/d" >/dev/null

if [ -n "${TIZIM_BENCH_POSTGRES:-}" ]; then
  psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema if exists bench cascade; create schema bench; create table bench.raw (id text,name text,names text,gender text,birth_date text,ethnicity text,citizenship text,hometown text,status text,detained_on text,last_contact text,facility text,consent text,evidence_level text,source text,notes text)"
  t0=$(now); psql -q "$TIZIM_BENCH_POSTGRES" -c "\\copy bench.raw from '$W/p.csv' csv header"; t1=$(now)
  rawpg=$(secs "$t0" "$t1"); printf "psql copy: %s s\n" "$rawpg"
  psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema bench cascade; create schema bench"
  url="$TIZIM_BENCH_POSTGRES&search_path=bench"
  TIZIM_DATABASE_URL="$url" "$W/tizim" init --data "$W/dp" >/dev/null 2>&1
  t0=$(now); TIZIM_DATABASE_URL="$url" "$W/tizim" import --data "$W/dp" --no-duplicates-check "$W/p.csv" 2>/dev/null; t1=$(now)
  tp=$(secs "$t0" "$t1"); echo "tizim import (PostgreSQL): ${tp} s, ratio $(awk "BEGIN{printf \"%.1f\", $tp/$rawpg}")x"
  psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema bench cascade"
fi
