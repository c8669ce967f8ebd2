#!/bin/sh
# The public search measurement of docs/benchmarks.md on an existing archive:
#   bench/web/search-run.sh TIZIM_BINARY DATA_DIR QUERIES_FILE [PORT]
# Starts a fresh server on DATA_DIR (stopping any other on it), waits until it has loaded the
# name index and the public projections (its log says "search index loaded"), asks one
# search (NOWARM=1 for builds that load the index on the first search), warms up 25 s (WARM=N: N s) with
# the rotating queries, then measures 10 s on queries the warm-up did not ask (OFFSET,
# rotate.lua), and prints the server's memory high-water mark.
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
  until grep -q "search index loaded" "$LOG"; do
    if ! kill -0 $PID 2>/dev/null || grep -q "loading the search index" "$LOG"; then
      echo "the server stopped or could not load the search index:" >&2; cat "$LOG" >&2; exit 1
    fi
    if [ $(($(date +%s) - t0)) -gt 600 ]; then echo "the search index did not load in 10 minutes" >&2; exit 1; fi
    sleep 1
  done
  echo "index and projections loaded: $(($(date +%s) - t0)) s ($(grep -o 'public_projections=[0-9]*' "$LOG"))"
  curl -fs "127.0.0.1:$PORT/api/v1/public/people?q=Asqan" >/dev/null
fi
# Each wrk thread walks its own half of the file (rotate.lua). The measured run (10 s) asks
# lines Q..Q+S of each half (Q a quarter of the file, S a sixth, at most 20,000); the warm-up before it (25 s)
# starts after them and must end before the other half's measured lines begin, so that
# every measured query is one the server has not been asked in this run (with 63,280
# queries: clean up to about 1,700 req/s in the warm-up and 2,100 in the measured run; with
# 90,000, up to 2,400 and 3,000; with 140,000, whose measured lines are 20,000 a
# thread, up to 4,000 in both; the script says when a run went past that).
lines=$(wc -l <"$Q")
quarter=$((lines / 4)) span=$((lines / 6))
if [ "$span" -gt 20000 ]; then span=20000; fi
warm=${WARM:-25}
w=$(OFFSET=$((quarter + span)) DUR=$warm ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep rotating)
echo "warm-up: $w"
m=$(OFFSET=$quarter DUR=10 ONLY=search QUERIES=$Q sh "$DIR/public.sh" "http://127.0.0.1:$PORT" $PID | grep -v '^search queries\|^codes')
echo "$m"
rw=$(echo "$w" | awk '{for(i=1;i<NF;i++) if($(i+1)=="req/s") print $i}')
rm=$(echo "$m" | awk '/rotating/{for(i=1;i<NF;i++) if($(i+1)=="req/s") print $i}')
if [ -z "$rw" ] || [ -z "$rm" ]; then echo "WARNING: wrk gave no rate; nothing was measured" >&2; exit 1; fi
awk -v rw="$rw" -v rm="$rm" -v q="$quarter" -v s="$span" -v wd="$warm" 'BEGIN{
  if (rm*10/2 > s || rw*wd/2 > 2*q - s) print "WARNING: the measured run may have asked queries asked before in this run: use a longer QUERIES file";
  else printf "every measured query unasked before in this run (per thread: %d of %d measured lines, %d of %d warm-up lines)\n", rm*10/2, s, rw*wd/2, 2*q - s }'
grep VmHWM "/proc/$PID/status"
