#!/usr/bin/env bash
# Evidence ingest and verify throughput beside openssl's and coreutils' SHA-256, and the
# memory of ingesting one large file. Usage: bench/evidence.sh [SIZE_MB] (default 2048).
# The test file is random bytes behind an MP4 header, made with head -c from /dev/urandom
# in a temporary folder and deleted afterwards; nothing is committed.
#
# bench/evidence.sh bulk [FILES] [SIZE_KB] (default 10000 files of 2048 KiB): a bulk
# ingest through a manifest CSV in one run (time, files/s, max RSS), then verify. Each file
# is a PDF header, its number and a shared random body cut to a length of its own, so every
# file has its own hash and size.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin
if [ "${1:-}" = bulk ]; then
  N=${2:-10000}
  KB=${3:-2048}
  work=$(mktemp -d /tmp/tizim-bulk.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  go build -o "$work/tizim" ./cmd/tizim
  T="$work/tizim"
  mkdir "$work/in"
  head -c "$((KB * 1024 - 64))" /dev/urandom > "$work/body"
  python3 - "$work/in" "$work/body" "$N" <<'PY'
import sys
d, body, n = sys.argv[1], open(sys.argv[2], 'rb').read(), int(sys.argv[3])
with open(d + '/appeals.csv', 'w') as m:
    m.write('file,about,testifier,kind,recorded_on,language,consent,notes\n')
    for i in range(n):
        name = 'appeal-%05d.pdf' % i
        with open(d + '/' + name, 'wb') as f:
            # Sizes differ (as real appeals' do): a file the same size as a stored original
            # is hashed once more before ingest to see whether it is already stored.
            f.write(b'%%PDF-1.4\n%% appeal %08d\n' % i + body[:len(body) - i % 65536])
        m.write('%s,bench-1,,video_appeal,2019-05,ug,internal,bulk %d\n' % (name, i))
PY
  "$T" init --data "$work/data" > /dev/null 2>&1
  printf 'id,name,status\nbench-1,Bench Person,detained\n' > "$work/p.csv"
  "$T" import --data "$work/data" "$work/p.csv" > /dev/null 2>&1
  bytes=$(du -sb "$work/in" | cut -f1)
  /usr/bin/time -v "$T" attach --data "$work/data" --manifest "$work/in/appeals.csv" > "$work/out.txt" 2> "$work/ingest.txt" || { tail -5 "$work/ingest.txt"; exit 1; }
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/ingest.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/ingest.txt")
  added=$(tr '\r' '\n' < "$work/ingest.txt" | grep -o '[0-9]* added' | tail -1)
  ver=$( { /usr/bin/time -f %e "$T" verify --data "$work/data" > "$work/verify.txt"; } 2>&1 | tail -1)
  echo "bulk manifest ingest: $N files of $KB KiB ($bytes bytes), $(nproc) cores"
  echo "tizim attach --manifest: $secs s, $(awk -v n="$N" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') files/s, $(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.2f", b / s / 1e9 }') GB/s, max RSS $rss MB, $added"
  echo "tizim verify: $ver s, $(grep -c PROBLEM "$work/verify.txt" || true) problems"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
MB=${1:-2048}
work=$(mktemp -d /tmp/tizim-bench.XXXXXX)
shm=$(mktemp -d /dev/shm/tizim-bench.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
go build -o "$work/tizim" ./cmd/tizim
T="$work/tizim"

printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom' > "$work/appeal.mp4"
head -c "$((MB * 1024 * 1024))" /dev/urandom >> "$work/appeal.mp4"
bytes=$(stat -c %s "$work/appeal.mp4")
gb() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.2f", b / s / 1e9 }'; }

ossl=$(openssl speed -bytes 1048576 -seconds 3 sha256 2>/dev/null | awk '/^sha256/ { sub("k", "", $2); printf "%.2f", $2 * 1000 / 1e9 }')
cat "$work/appeal.mp4" > /dev/null # the same page cache for everyone
s=$( { /usr/bin/time -f %e sha256sum "$work/appeal.mp4" > /dev/null; } 2>&1 )

"$T" init --data "$work/data" > /dev/null 2>&1
printf 'id,name,status\nbench-1,Bench Person,detained\n' > "$work/p.csv"
"$T" import --data "$work/data" "$work/p.csv" > /dev/null 2>&1
/usr/bin/time -v "$T" attach --data "$work/data" --to bench-1 "$work/appeal.mp4" > /dev/null 2> "$work/ingest.txt"
ing=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/ingest.txt")
rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/ingest.txt")
ver=$( { /usr/bin/time -f %e "$T" verify --data "$work/data" > /dev/null; } 2>&1 | tail -1)
# The disk's own ceiling for a durable write of the same bytes.
dd=$( { /usr/bin/time -f %e dd if="$work/appeal.mp4" of="$work/copy" bs=1M conv=fsync status=none; } 2>&1 | tail -1)
rm -f "$work/copy"
# The CPU side alone: the same ingest into a data directory in memory (tmpfs: fsync is free).
"$T" init --data "$shm/data" > /dev/null 2>&1
"$T" import --data "$shm/data" "$work/p.csv" > /dev/null 2>&1
memt=$( { /usr/bin/time -f "%e %U %S" "$T" attach --data "$shm/data" --to bench-1 "$work/appeal.mp4" > /dev/null; } 2>&1 | tail -1)
memvt=$( { /usr/bin/time -f "%e %U %S" "$T" verify --data "$shm/data" > /dev/null; } 2>&1 | tail -1)
mem=${memt%% *}
memv=${memvt%% *}
# openssl hashing the same file, timed by the wall clock like everything else here: under
# load, "openssl speed" (which counts CPU time) stays put while every timed run slows down.
osw=$( { /usr/bin/time -f %e openssl dgst -sha256 "$work/appeal.mp4" > /dev/null; } 2>&1 | tail -1)
cpu() { awk -v b="$bytes" '{ printf "%.2f s CPU per GB (user %.2f + sys %.2f s)", ($2 + $3) / b * 1e9, $2, $3 }' <<< "$1"; }

echo "file: $bytes bytes ($MB MiB), $(nproc) cores"
echo "openssl speed -bytes 1048576 sha256: $ossl GB/s"
echo "sha256sum:                           $(gb "$s") GB/s ($s s)"
echo "tizim attach (hash+encrypt+fsync):   $(gb "$ing") GB/s ($ing s), max RSS $rss MB"
echo "tizim verify (decrypt+hash):         $(gb "$ver") GB/s ($ver s, includes the database checks)"
echo "dd conv=fsync (the disk's ceiling): $(gb "$dd") GB/s ($dd s)"
echo "tizim attach, data dir on tmpfs:     $(gb "$mem") GB/s ($mem s)"
echo "tizim verify, data dir on tmpfs:     $(gb "$memv") GB/s ($memv s)"
echo "CPU cost, tmpfs:  attach $(cpu "$memt");  verify $(cpu "$memvt")"
echo "openssl dgst -sha256 FILE (wall clock): $(gb "$osw") GB/s ($osw s)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v o="$ossl" -v i="$(gb "$ing")" -v v="$(gb "$ver")" -v d="$(gb "$dd")" -v m="$(gb "$mem")" -v mv="$(gb "$memv")" 'BEGIN {
  printf "durable ingest / openssl: %.0f %%  (/ dd fsync: %.0f %%)   verify / openssl: %.0f %%\n", 100 * i / o, 100 * i / d, 100 * v / o
  printf "in-memory ingest / openssl: %.0f %%   in-memory verify / openssl: %.0f %%   (target >= 60 %%)\n", 100 * m / o, 100 * mv / o }'
