#!/bin/sh
# Measures the public site and API of a running tizim server under wrk (ADR 0301,
# docs/benchmarks.md "Public site and API").
#
#   bench/web/public.sh [BASE_URL] [SERVER_PID]
#
# BASE_URL defaults to http://127.0.0.1:8080. With the server's PID it also prints the server's
# CPU time per request (user+system from /proc), which depends less on other load than req/s.
# Q is the name searched (default "Asqan"); DUR the seconds per run (default 5). The search
# is also measured with a different query on every request (names of public persons read
# from the API and typos of them, rotated by rotate.lua); ONLY=search measures only that.
# QUERIES=FILE keeps those queries in FILE: written when it does not exist, read when it does
# (so that runs compare on the same queries and a profile sees only the searches). The two
# wrk threads start half the file apart; OFFSET=N shifts both by N lines, so that a measured
# run after a warm-up can ask queries the warm-up did not (rotate.lua).
set -eu
B=${1:-http://127.0.0.1:8080}
PID=${2:-}
Q=${Q:-Asqan}
DUR=${DUR:-5}
DIR=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Published persons' codes, from the public API itself: all, and the public ones.
curl -fsS "$B/api/v1/public/people?limit=500" >"$TMP/list.json"
python3 - "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/list.json"))
people = d["people"]
open(sys.argv[1] + "/all.txt", "w").write("".join(p["code"] + "\n" for p in people))
open(sys.argv[1] + "/public.txt", "w").write("".join(p["code"] + "\n" for p in people if p["level"] == "public"))
PY
CODE=$(head -1 "$TMP/public.txt")
echo "codes: $(wc -l <"$TMP/all.txt") published, $(wc -l <"$TMP/public.txt") public; one public code: $CODE"

if [ -n "${QUERIES:-}" ] && [ -s "$QUERIES" ]; then
  cp "$QUERIES" "$TMP/queries.txt"
  echo "search queries: $(wc -l <"$TMP/queries.txt") from $QUERIES"
else

# Search queries that differ from request to request: for every public person the list API
# shows, by prefecture and status (so that it reaches past the first 500), one of its name
# forms as published (each person a different script in turn) and the same form with one
# inner letter dropped or two swapped (a typo); shuffled, URL-encoded, one per line.
# ETHNICITIES=1 also splits each list by ethnicity, reaching about four times as many persons
# (a longer file, for rates past 2,000 req/s: see search-run.sh).
eths=all
if [ "${ETHNICITIES:-0}" = 1 ]; then eths="kazakh uyghur kyrgyz hui uzbek tatar tajik mongol han other"; fi
for p in 6501 6502 6504 6505 6523 6527 6528 6529 6530 6531 6532 6540 6542 6543 6590; do # Xinjiang prefectures
  for st in camp detained imprisoned forced_labour restricted released abroad disappeared deceased unknown; do
    for e in $eths; do
      eq=; [ "$e" = all ] || eq="&ethnicity=$e"
      curl -fsS "$B/api/v1/public/people?limit=500&prefecture=$p&status=$st$eq" >"$TMP/p-$p-$st-$e.json" || true
    done
  done
done
python3 "$DIR/queries.py" "$TMP"
if [ -n "${QUERIES:-}" ]; then cp "$TMP/queries.txt" "$QUERIES"; fi
fi

cpu() { if [ -n "$PID" ]; then awk '{print $14+$15}' "/proc/$PID/stat"; else echo 0; fi; }
TCK=$(getconf CLK_TCK)
run() { # name, then wrk arguments
  name=$1; shift
  c0=$(cpu)
  out=$(wrk -t2 -c8 -d"${DUR}s" --latency "$@")
  c1=$(cpu)
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$out" | awk -v name="$name" -v c=$((c1 - c0)) -v n="$n" -v t="$TCK" -v pid="$PID" \
    '/99%/{p=$2} /Requests\/sec/{r=$2} /Non-2xx/{x=" " $0} END{
       cpu = pid == "" ? "" : sprintf("  cpu %4.0f us/req", c / t * 1e6 / n);
       printf "%-34s %7.0f req/s  p99 %-9s%s%s\n", name, r, p, cpu, x}'
}

uptime
CODES="$TMP/queries.txt" PREFIX="/api/v1/public/people?q=" run "/api/v1/public/people?q= (rotating)" -s "$DIR/rotate.lua" "$B"
if [ "${ONLY:-}" = search ]; then uptime; exit 0; fi
run "/p/{code} (one)" "$B/p/$CODE"
CODES="$TMP/all.txt" PREFIX=/p/ run "/p/{code} (rotating)" -s "$DIR/rotate.lua" "$B"
run "/api/v1/public/people/{code}" "$B/api/v1/public/people/$CODE"
run "/api/v1/public/people?limit=50" "$B/api/v1/public/people?limit=50"
run "/api/v1/public/people?q=$Q" "$B/api/v1/public/people?q=$Q"
run "/?limit=50 (register page)" "$B/?limit=50"
uptime
