#!/bin/sh
# gen-variants.sh — writes internal/names/testdata/kazakh-variants.csv, the cross-script
# Kazakh dedupe evaluation set, from the real names in internal/names/testdata/names.
#
# The variants are made WITHOUT the name engine: ICU's uconv (Debian icu-devtools) for the
# romanisations, sed for Russian-style Cyrillic, awk for Kazakh Arabic script (töte jazu
# letter table below), word order, upper case and typos. Run once; tests read the committed
# file and do not need uconv:
#
#   apt-get install -y icu-devtools && sh bench/gen-variants.sh
#
# Persons: given name + surname, or given name + father's name + ұлы/қызы; 10 % of persons
# are namesakes of another (same name, birth year 10–30 years apart, another place), which a
# dedupe must keep apart. Deterministic (awk srand seed below).
set -eu
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
D=internal/names/testdata
OUT=$D/kazakh-variants.csv
SEED=${SEED:-20240601}
PERSONS=${PERSONS:-600}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
command -v uconv >/dev/null || { echo "gen-variants: uconv not found (apt-get install icu-devtools)" >&2; exit 1; }

# 1. persons and their records, Kazakh Cyrillic (tab-separated: rec person kind kk year gender place)
awk -F, -v seed="$SEED" -v n="$PERSONS" '
{ sub(/\r$/, "") }
FNR == 1 { next }
FILENAME ~ /given/   { if ($2 == "male") gm[++ngm] = $1; else gf[++ngf] = $1; next }
FILENAME ~ /surname/ { if ($2 == "male") sm[++nsm] = $1; else sf[++nsf] = $1; next }
END {
  srand(seed)
  np = split("Құлжа|Шәуешек|Алтай|Үрімжі|Іле|Тарбағатай|Қашқар|Күйтүн|Текес|Моңғолкүре|Нылқы|Шонжы", place, "|")
  nk = split("kk-Cyrl ru-Cyrl kk-Latn-BGN en-Latn en-ASCII-upper icu-Any-Latin kk-Arab icu-kk-ar typo", kinds, " ")
  rec = 0
  for (p = 1; p <= n; p++) {
    female = rand() < 0.4
    if (p > 20 && rand() < 0.1) {           # namesake of an earlier person
      q = int(rand() * (p - 1)) + 1
      name[p] = name[q]; fem[p] = fem[q]
      year[p] = year[q] + (rand() < 0.5 ? -1 : 1) * (10 + int(rand() * 20))
      pl[p] = place[(plidx[q] % np) + 1]; plidx[p] = (plidx[q] % np) + 1
    } else {
      given = female ? gf[int(rand() * ngf) + 1] : gm[int(rand() * ngm) + 1]
      if (rand() < 0.7) {
        fam = female ? sf[int(rand() * nsf) + 1] : sm[int(rand() * nsm) + 1]
      } else {
        fam = gm[int(rand() * ngm) + 1] (female ? "қызы" : "ұлы")
      }
      name[p] = given " " fam; fem[p] = female
      year[p] = 1950 + int(rand() * 50)
      plidx[p] = int(rand() * np) + 1; pl[p] = place[plidx[p]]
    }
    # every person: the Kazakh Cyrillic form and three other kinds, none twice
    delete used
    k[1] = 1; used[1] = 1
    for (j = 2; j <= 4; j++) { do { x = int(rand() * (nk - 1)) + 2 } while (x in used); used[x] = 1; k[j] = x }
    for (j = 1; j <= 4; j++) {
      rec++
      printf "r%05d\tp%04d\t%s\t%s\t%d\t%s\t%s\n", rec, p, kinds[k[j]], name[p], year[p], fem[p] ? "f" : "m", pl[p]
    }
  }
}' $D/names/kazakh-given-names-mimesis.csv $D/names/kazakh-surnames-mimesis.csv > "$TMP/base.tsv"

cut -f4 "$TMP/base.tsv" > "$TMP/kk.txt"
# 2. Russian-style Cyrillic: Kazakh letters replaced by their Russian look-alikes
sed 's/ә/а/g; s/Ә/А/g; s/ғ/г/g; s/Ғ/Г/g; s/қ/к/g; s/Қ/К/g; s/ң/н/g; s/Ң/Н/g; s/ө/о/g; s/Ө/О/g; s/ұ/у/g; s/Ұ/У/g; s/ү/у/g; s/Ү/У/g; s/һ/х/g; s/Һ/Х/g; s/і/и/g; s/І/И/g' "$TMP/kk.txt" > "$TMP/ru.txt"
# 3. ICU romanisations
uconv -x 'Kazakh-Latin/BGN' < "$TMP/kk.txt" > "$TMP/bgn.txt"
uconv -x 'Russian-Latin/BGN' < "$TMP/ru.txt" > "$TMP/en.txt"
uconv -x 'Russian-Latin/BGN; Latin-ASCII; Upper' < "$TMP/ru.txt" > "$TMP/ascii.txt"
uconv -x 'Any-Latin' < "$TMP/kk.txt" > "$TMP/anylatin.txt"
uconv -x 'kk-ar' < "$TMP/kk.txt" > "$TMP/kkar.txt"
uconv -x 'Lower' < "$TMP/kk.txt" > "$TMP/kklower.txt"
# 4. Kazakh Arabic script (töte jazu), letter by letter, ٴ before words with front vowels
awk '
BEGIN {
  n = split("а ا ә ا б ب в ۆ г گ ғ ع д د е ە ж ج з ز и ي й ي к ك қ ق л ل м م н ن ң ڭ о و ө و п پ р ر с س т ت у ۋ ұ ۇ ү ۇ ф ف х ح һ ھ ц تس ч چ ш ش щ شش ъ _ ы ى і ى ь _ э ە ю يۋ я يا ё يو", t, " ")
  for (i = 1; i < n; i += 2) m[t[i]] = (t[i + 1] == "_") ? "" : t[i + 1]
}
{
  line = $0; out = ""
  nw = split(line, w, " ")
  for (i = 1; i <= nw; i++) {
    word = w[i]; s = ""
    front = (word ~ /[әөүі]/) && (word !~ /[екг]/)
    nc = split(word, c, "")
    for (j = 1; j <= nc; j++) s = s ((c[j] in m) ? m[c[j]] : c[j])
    if (front) s = "ٴ" s
    out = out (i > 1 ? " " : "") s
  }
  print out
}' "$TMP/kklower.txt" > "$TMP/arab.txt"

paste "$TMP/base.tsv" "$TMP/ru.txt" "$TMP/bgn.txt" "$TMP/en.txt" "$TMP/ascii.txt" "$TMP/anylatin.txt" "$TMP/kkar.txt" "$TMP/arab.txt" > "$TMP/all.tsv"

# 5. pick the form of each record's kind; swap word order now and then; typos
{
  echo "# kazakh-variants.csv — cross-script Kazakh name variants for dedupe evaluation."
  echo "# Made by bench/gen-variants.sh (seed $SEED, $PERSONS persons) from testdata/names (mimesis, MIT)."
  echo "# Romanisations by ICU $(uconv --version 2>/dev/null | head -1 | tr -d '\n'):"
  echo "#   uconv -x 'Kazakh-Latin/BGN' | 'Russian-Latin/BGN' (after sed to Russian-style Cyrillic)"
  echo "#   | 'Russian-Latin/BGN; Latin-ASCII; Upper' | 'Any-Latin' | 'kk-ar'; Kazakh Arabic by awk table."
  echo "# Columns: id, person (truth), kind, name, birth_year, gender, place, and icu_latin: the name"
  echo "#   through uconv -x 'Any-Latin; Latin-ASCII; Lower', the input of the peer baseline (ICU + edit distance)."
  echo "id,person,kind,name,birth_year,gender,place,icu_latin"
  awk -F'\t' -v seed="$SEED" '
  BEGIN { srand(seed + 1) }
  function typo(s,   n, i, a, b) {
    n = length(s); i = int(rand() * (n - 2)) + 2
    r = rand()
    if (r < 0.33) return substr(s, 1, i - 1) substr(s, i + 1)                              # drop
    if (r < 0.66) return substr(s, 1, i) substr(s, i, 1) substr(s, i + 1)                  # double
    a = substr(s, i, 1); b = substr(s, i + 1, 1); return substr(s, 1, i - 1) b a substr(s, i + 2)  # swap
  }
  function swap(s,   w, n) { n = split(s, w, " "); return n == 2 ? w[2] " " w[1] : s }
  {
    kind = $3; name = $4
    if (kind == "ru-Cyrl") name = $8
    else if (kind == "kk-Latn-BGN") name = $9
    else if (kind == "en-Latn") name = $10
    else if (kind == "en-ASCII-upper") name = swap($11)
    else if (kind == "icu-Any-Latin") name = $12
    else if (kind == "icu-kk-ar") name = $13
    else if (kind == "kk-Arab") name = $14
    else if (kind == "typo") name = typo($10)
    if (kind != "en-ASCII-upper" && rand() < 0.15) name = swap(name)
    gsub(/"/, "", name)
    printf "%s,%s,%s,\"%s\",%s,%s,%s\n", $1, $2, kind, name, $5, $6, $7
  }' "$TMP/all.tsv" > "$TMP/rows.csv"
  # the peer baseline's view of each name: ICU Any-Latin, ASCII, lower case
  sed 's/^[^"]*"\([^"]*\)".*/\1/' "$TMP/rows.csv" | uconv -x 'Any-Latin; Latin-ASCII; Lower' | sed 's/"//g' > "$TMP/icu.txt"
  paste -d, "$TMP/rows.csv" "$TMP/icu.txt" | awk -F'\t' '{ n = split($0, f, ","); printf "%s\"\n", substr($0, 1, length($0) - length(f[n])) "\"" f[n] }' | sed 's/,"\(.*\)""$/,"\1"/'
} > "$OUT"
echo "wrote $OUT ($(grep -vc '^#' "$OUT") lines)" >&2
