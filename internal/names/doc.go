// Package names is tizim's cross-script name engine: it reads a personal name written in
// Kazakh, Russian, Kyrgyz or Uyghur Cyrillic, Kazakh or Uyghur Arabic script, any of the Latin
// systems in use for them (English ad hoc, BGN/PCGN, Kazakh Latin 2017/2018/2021, ULY,
// pinyin-style spellings), Chinese characters, and a handful of other scripts, into one
// internal phonemic Latin, and compares, keys and clusters records built on it.
//
// Public API (keep it small and stable; search, import and dedupe call it):
//
//	Normalize(s) string                 NFC/NFKC, format characters, homoglyphs, separators, case
//	Script(s) string                    dominant script of a string: Cyrl, Latn, Arab, Hani, …
//	Analyze(s) Analysis                 tokens with script/system, phonemic readings,
//	                                    romanizations, structure and keys
//	Keys(s) []string                    blocking keys of one name form
//	Record, Prepare(Record) *Prepared   a person's name forms and qualifiers, pre-analysed
//	PrepareWithKeys(Record)             Prepare plus Keys of each form, from one analysis
//	Compare(a, b Record) Match          score in [0,1] with human-readable reasons
//	ComparePrepared(a, b *Prepared)     the same without re-analysing (one against many)
//	CannotLink(a, b *Prepared) bool     hard evidence that two records are different people
//	NewDeduper(threshold) *Deduper      cluster many records: Add each, Run, then Result(i)
//	DefaultThreshold                    the score at which two records are called a match
//	ValidPRCID(s) (ok, birth, region)   PRC resident identity number check (ISO 7064 MOD 11-2)
//
// The package is pure: no I/O at run time except reading the tables compiled into it, no
// ICU, and no package-level mutable state but bounded caches of word readings that change no
// result (cache.go, ADR 0104). Every function is safe for concurrent use. Transliteration tables are Go data checked against the
// CLDR rule files in testdata by golden tests; ICU rule syntax is never interpreted here.
// It must not know about archives, storage, HTTP or files: callers read and write.
package names
