#!/bin/sh
# The public search measurement of docs/benchmarks.md on an existing archive:
#   bench/web/search-run.sh TIZIM_BINARY DATA_DIR QUERIES_FILE [PORT]
# Starts a fresh server on DATA_DIR (stopping any other on it), waits until it has loaded the
# name index and the public projections (its log says "search index loaded"), asks one
# search (NOWARM=1 for builds that load the index on the first search), warms up 10 s with the rotating queries, then measures 12 s on queries the
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
if [ -n "${NOWARM:-}" ]; then # builds before session 6: the first search loads the index
  until curl -fs "127.0.0.1:$PORT/healthz" >/dev/null; do sleep 1; done
  curl -fs "127.0.0.1:$PORT/api/v1/public/people?q=Asqan" >/dev/null
  echo "first search (loads the name index): $(($(date +%s) - t0)) s"
else
  until grep -q "search index loaded" "$LOG"; do sleep 1; done
  echo "index and projections loaded: $(($(date +%s) - t0)) s ($(grep -o 'public_projections=[0-9]*' "$LOG"))"
  curl -fs "127.0.0.1:$PORT/api/v1/public/people?q=Asqan" >/dev/null
fi
# Each wrk thread walks its own half of the file (rotate.lua). The warm-up (10 s) asks the
# start of each half; the measured run (12 s) starts a quarter of the file in, and must end
# before the other thread's half begins: otherwise it would ask again what was asked before
# and flatter the figures (with 63,280 queries, up to about 2,600 req/s is clean).
lines=$(wc -l <"$Q")
quarter=$((lines / 4))
w=$(DUR=10 ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep rotating)
echo "warm-up: $w"
m=$(OFFSET=$quarter DUR=12 ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep -v '^search queries\|^codes')
echo "$m"
rw=$(echo "$w" | awk '{for(i=1;i<NF;i++) if($(i+1)=="req/s") print $i}')
rm=$(echo "$m" | awk '/rotating/{for(i=1;i<NF;i++) if($(i+1)=="req/s") print $i}')
awk -v rw="$rw" -v rm="$rm" -v q="$quarter" 'BEGIN{
  if (rw*10/2 > q || q + rm*12/2 > 2*q) print "WARNING: the measured run repeated queries of the warm-up or of the other thread: use a longer QUERIES file";
  else printf "measured queries not asked before in this run: each thread asked lines %d..%d of its half (warm-up: 0..%d)\n", q, q + rm*12/2, rw*10/2 }'
grep VmHWM "/proc/$PID/status"
