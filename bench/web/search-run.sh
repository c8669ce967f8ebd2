#!/bin/sh
# The public search measurement of docs/benchmarks.md on an existing archive:
#   bench/web/search-run.sh TIZIM_BINARY DATA_DIR QUERIES_FILE [PORT]
# Starts a fresh server on DATA_DIR (stopping any other on it), waits until it has loaded the
# name index and the public projections (its log says "search index loaded"), asks one
# search, warms up 30 s with the rotating queries, then measures 15 s on queries the
# warm-up did not ask (OFFSET, rotate.lua), and prints the server's memory high-water mark.
# QUERIES_FILE is written by public.sh on the first run (QUERIES=FILE). Heavy: run it under
# `flock /tmp/bench.lock` on a shared machine.
set -u
BIN=$1 DATA=$2 Q=$3 PORT=${4:-8080}
DIR=$(cd "$(dirname "$0")" && pwd)
pkill -f "serve --data $DATA" && sleep 2
LOG=$(mktemp)
t0=$(date +%s)
"$BIN" serve --data "$DATA" --addr "127.0.0.1:$PORT" >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID; rm -f "$LOG"' EXIT
until grep -q "search index loaded" "$LOG"; do sleep 1; done
echo "index and projections loaded: $(($(date +%s) - t0)) s ($(grep -o 'public_projections=[0-9]*' "$LOG"))"
curl -fs "127.0.0.1:$PORT/api/v1/public/people?q=Asqan" >/dev/null
DUR=30 ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep rotating | sed 's/^/warm-up: /'
half=$(($(wc -l <"$Q") / 4))
OFFSET=$half DUR=15 ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep -v '^search queries\|^codes'
grep VmHWM "/proc/$PID/status"
