#!/bin/sh
# names-eval.sh — every accuracy figure and micro-benchmark of the name engine in one run
# (docs/benchmarks.md, "Name engine"). The 1M-record dedupe is bench/dedupe.sh.
set -eu
cd "$(dirname "$0")/.."
echo "== nomenklatura name-pair benchmark (peer logic-v2: Person F1 0.742, all 0.790)"
go test -count=1 -run 'TestNomenklaturaBench' -v ./internal/names | grep -E 'Person  |all  |scripts'
echo "== cross-script Kazakh variants: engine vs ICU Any-Latin + Levenshtein"
go test -count=1 -run 'TestKazakhVariants(Dedupe|Peer)' -v ./internal/names | grep -E 'pairwise|namesakes|peer|recall'
echo "== yente: UN people with typos; 50,000 synthetic negatives"
go test -count=1 -run 'TestYente' -v ./internal/names | grep -E 'UN people|negatives|blocks'
echo "== micro-benchmarks"
go test -count=1 -run XXX -bench . -benchmem ./internal/names | grep Benchmark
