#!/bin/sh
# Import benchmark, side by side in one run: tizim import of an N-row person CSV (from
# tizim synth) into SQLite (and PostgreSQL when TIZIM_BENCH_POSTGRES is set), against a raw
# `sqlite3 .import` and `psql \copy` of the same file into a plain table; each import with
# and without the duplicate check (BENCH_DEDUPE=0 skips the runs with it); then tizim export
# and tizim verify on each engine (a command that fails stops the script). Time, CPU and
# peak memory of each tizim command come from /usr/bin/time.
# Usage: bench/import.sh [PERSONS]   (default 1000000). Needs sqlite3 (and psql).
# BENCH_SQLITE=0 skips the SQLite runs (the raw .import still runs), BENCH_DEDUPE=0 the runs
# with the duplicate check. BENCH_PG_SCHEMA names the PostgreSQL schema it uses (default
# bench_import; it is dropped and created again). PostgreSQL lines also give the server's CPU
# time (every postgres process's, sampled from /proc while the command runs: other users of
# the same server count too).
# Heavy: run it under `flock /tmp/bench.lock` on a shared machine.
set -eu
export PGOPTIONS=--client-min-messages=warning
N=${1:-1000000}
DEDUPE=${BENCH_DEDUPE:-1}
S=${BENCH_PG_SCHEMA:-bench_import}
W=$(mktemp -d)
sampler=
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; rm -rf "$W"' EXIT
go build -o "$W/tizim" ./cmd/tizim
"$W/tizim" synth --persons "$N" --out "$W/p.csv" 2>/dev/null
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average$(uptime | sed 's/.*load average://')"
echo "file: $N rows, $(du -m "$W/p.csv" | cut -f1) MB"
secs() { awk "BEGIN{printf \"%.1f\", $2 - $1}"; }
now() { date +%s.%N; }
ratio() { awk "BEGIN{printf \"%.1f\", $1/$2}"; }
# pgticks: "pid ticks" of every postgres process (user + system CPU, in clock ticks).
# A process that ends between pgrep and awk is skipped (the sampler runs under set -e too).
pgticks() { for p in $(pgrep -x postgres); do awk -v p="$p" '{print p, $14 + $15}' "/proc/$p/stat" 2>/dev/null || true; done; }
# run LABEL CMD…: times a tizim command; prints wall seconds, CPU seconds and peak RSS, and
# with PGCPU=1 the PostgreSQL server's CPU seconds over the same time.
run() {
  label=$1; shift
  sampler=
  if [ "${PGCPU:-0}" = 1 ]; then
    pgticks >"$W/pg0"; : >"$W/pg1"
    (while :; do pgticks >>"$W/pg1"; sleep 0.2; done) & sampler=$!
  fi
  /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >"$W/out" 2>/dev/null
  server=
  if [ -n "$sampler" ]; then
    kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
    server=", server $(awk -v hz="$(getconf CLK_TCK)" 'NR==FNR{b[$1]=$2;next}{m[$1]=$2}END{for(p in m)t+=m[p]-(p in b?b[p]:0);printf "%.1f", t/hz}' "$W/pg0" "$W/pg1") s CPU"
  fi
  set -- $(cat "$W/time")
  echo "$label: $1 s wall, $(awk "BEGIN{printf \"%.1f\", $2 + $3}") s CPU$server, $(($4 / 1024)) MB peak RSS (load$(uptime | sed 's/.*load average://'))"
  LAST=$1
}

t0=$(now); sqlite3 "$W/raw.db" ".mode csv" ".import $W/p.csv persons"; t1=$(now)
raw=$(secs "$t0" "$t1"); echo "sqlite3 .import: ${raw} s"

if [ "${BENCH_SQLITE:-1}" = 1 ]; then
"$W/tizim" init --data "$W/d" >/dev/null 2>&1
run "tizim import (SQLite, --no-duplicates-check)" "$W/tizim" import --data "$W/d" --no-duplicates-check "$W/p.csv"
echo "  ratio to sqlite3 .import: $(ratio "$LAST" "$raw")x"
run "tizim export --format csv (SQLite)" "$W/tizim" export --data "$W/d" --format csv --plaintext --out "$W/e.csv"
echo "  exported $(($(wc -l <"$W/e.csv") - 1)) persons"
run "tizim verify (SQLite)" "$W/tizim" verify --data "$W/d"
if [ "$DEDUPE" = 1 ]; then
  rm -rf "$W/d" "$W/e.csv"
  "$W/tizim" init --data "$W/d" >/dev/null 2>&1
  run "tizim import (SQLite, with the duplicate check)" "$W/tizim" import --data "$W/d" "$W/p.csv"
  echo "  ratio to sqlite3 .import: $(ratio "$LAST" "$raw")x; $(grep -o '[0-9]* likely duplicate(s)' "$W/out" || echo '0 likely duplicates') queued"
fi
fi
rm -rf "$W/d" "$W/raw.db"

if [ -n "${TIZIM_BENCH_POSTGRES:-}" ]; then
  psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema if exists $S cascade; create schema $S; create table $S.raw (id text,name text,names text,gender text,birth_date text,ethnicity text,citizenship text,hometown text,status text,detained_on text,last_contact text,facility text,consent text,evidence_level text,source text,notes text)"
  t0=$(now); psql -q "$TIZIM_BENCH_POSTGRES" -c "\\copy $S.raw from '$W/p.csv' csv header"; t1=$(now)
  rawpg=$(secs "$t0" "$t1"); printf "psql \\\\copy: %s s\n" "$rawpg"
  url="$TIZIM_BENCH_POSTGRES&search_path=$S"
  for check in no yes; do
    psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema $S cascade; create schema $S"
    rm -rf "$W/dp"
    TIZIM_DATABASE_URL="$url" "$W/tizim" init --data "$W/dp" >/dev/null 2>&1
    if [ $check = no ]; then
      PGCPU=1 run "tizim import (PostgreSQL, --no-duplicates-check)" env TIZIM_DATABASE_URL="$url" "$W/tizim" import --data "$W/dp" --no-duplicates-check "$W/p.csv"
      printf "  ratio to psql copy: %sx\n" "$(ratio "$LAST" "$rawpg")"
      run "tizim export --format csv (PostgreSQL)" env TIZIM_DATABASE_URL="$url" "$W/tizim" export --data "$W/dp" --format csv --plaintext --out "$W/e.csv"
      echo "  exported $(($(wc -l <"$W/e.csv") - 1)) persons"
      rm -f "$W/e.csv"
      run "tizim verify (PostgreSQL)" env TIZIM_DATABASE_URL="$url" "$W/tizim" verify --data "$W/dp"
      [ "$DEDUPE" = 1 ] || break
    else
      run "tizim import (PostgreSQL, with the duplicate check)" env TIZIM_DATABASE_URL="$url" "$W/tizim" import --data "$W/dp" "$W/p.csv"
      printf "  ratio to psql copy: %sx\n" "$(ratio "$LAST" "$rawpg")"
    fi
  done
  psql -q "$TIZIM_BENCH_POSTGRES" -c "drop schema $S cascade"
fi
