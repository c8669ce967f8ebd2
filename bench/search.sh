#!/bin/sh
# Search benchmark, side by side in one run on the same names and queries (ADR 0500):
#  1. tizim synth --persons N (or SYNTH=FILE.jsonl to reuse one), then searchpeers extract
#     writes every person's name forms and Q variant queries with their right answers
#     (another romanisation, a typo, a swapped order, a changed patronymic; made with plain
#     string operations, not tizim's name engine);
#  2. tizim's engine: go test -bench Variants ./internal/search (in-memory index with the
#     store's keys, ranked by names.ComparePrepared) — p50/p99 per query, recall@10, heap;
#  3. the peers over the same names: PostgreSQL pg_trgm (GIN, similarity), SQLite FTS5
#     trigram, Bleve fuzzy queries (bench/searchpeers, a separate module);
#  4. a table with the ratios;
#  5. with E2E=N (say 100000): end to end, a SQLite archive of N synthetic persons made by
#     tizim init and tizim import, the same kind of variant queries through
#     tizim search --batch (latency as tizim measures it per query, the first one building
#     the postings), recall@10 and the process's maximum RSS.
# Usage: bench/search.sh [PERSONS] [QUERIES]   (default 1000000 1000)
# Needs a PostgreSQL with pg_trgm at TIZIM_BENCH_POSTGRES (default the local server).
set -eu
N=${1:-1000000}
Q=${2:-1000}
PG=${TIZIM_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
W=${WORK:-$(mktemp -d)}
mkdir -p "$W"
go build -o "$W/tizim" ./cmd/tizim
(cd bench/searchpeers && go build -o "$W/searchpeers" .)
echo "start $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -z "${SYNTH:-}" ]; then
  SYNTH="$W/synth.jsonl"
  "$W/tizim" synth --persons "$N" --out "$SYNTH" >/dev/null
fi
"$W/searchpeers" extract --in "$SYNTH" --names "$W/names.tsv" --variants "$W/variants.tsv" --queries "$Q"
echo "persons: $(wc -l < "$W/names.tsv"), name forms: $(cut -f4 "$W/names.tsv" | tr '|' '\n' | wc -l), queries: $Q"

TIZIM_BENCH_NAMES="$W/names.tsv" TIZIM_BENCH_VARIANTS="$W/variants.tsv" \
  go test -run '^$' -bench Variants -benchtime 1x -timeout 60m ./internal/search/ | tee "$W/tizim.txt"
echo "tizim done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
awk '/^BenchmarkVariants/ { for (i = 1; i < NF; i++) { if ($(i+1) == "p50-ms") p50 = $i; if ($(i+1) == "p99-ms") p99 = $i; if ($(i+1) == "recall@10") r = $i; if ($(i+1) == "heap-MB") h = $i; if ($(i+1) == "index-MB") x = $i }
  printf "tizim\tp50 %sms\tp99 %sms\trecall@10 %s\theap %s MB\tindex %s MB\n", p50, p99, r, h, x }' "$W/tizim.txt" > "$W/results.txt"
for peer in ${PEERS:-pgtrgm fts5 bleve}; do
  "$W/searchpeers" "$peer" --names "$W/names.tsv" --variants "$W/variants.tsv" --dir "$W" --url "$PG" | tee -a "$W/results.txt"
done

echo
echo "| engine | p50 | p99 | recall@10 | p50 ratio to tizim |"
echo "|---|---|---|---|---|"
awk -F'\t' '{ n = $1; for (i = 2; i <= NF; i++) { split($i, a, " "); v[a[1]] = a[2] }
  p50 = v["p50"] + 0; if (n == "tizim") base = p50
  printf "| %s | %s | %s | %s | %.1f× |\n", n, v["p50"], v["p99"], v["recall@10"], p50 / base }' "$W/results.txt"
echo "end $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "${E2E:-}" ]; then
  E="$W/e2e"
  rm -rf "$E" && mkdir -p "$E"
  "$W/tizim" synth --persons "$E2E" --out "$E/synth.jsonl" >/dev/null
  "$W/tizim" init --data "$E/archive" >/dev/null
  /usr/bin/time -f "import: %e s, max RSS %M KB" "$W/tizim" import --data "$E/archive" "$E/synth.jsonl" | tail -2
  "$W/searchpeers" extract --in "$E/synth.jsonl" --names "$E/names.tsv" --variants "$E/variants.tsv" --queries "${E2E_QUERIES:-500}"
  cut -f1 "$E/variants.tsv" > "$E/queries.txt"
  /usr/bin/time -f "search --batch: %e s, max RSS %M KB" "$W/tizim" search --data "$E/archive" --batch "$E/queries.txt" --limit 10 > "$E/batch.jsonl"
  "$W/searchpeers" score --variants "$E/variants.tsv" --results "$E/batch.jsonl"
  echo "first query (builds the postings): $(head -1 "$E/batch.jsonl" | grep -o '"micros":[0-9]*')"
fi
