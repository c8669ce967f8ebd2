package store

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/synth"
)

// eachFormKey is how the name index's keys were gathered before ADR 0203, kept as the
// tests' reference: it calls word for each "p:" key of FormKeys of each indexed form
// (without its prefix) and hash for the NameKeyHash of each other key, with the form's bit,
// and returns the forms as indexed.
func eachFormKey(forms []model.NameForm, word func(w string, bit int64), hash func(h, bit int64)) []string {
	out := make([]string, 0, len(forms))
	for _, n := range forms {
		text := n.Text
		if !spacedOnce(text) {
			text = strings.Join(strings.Fields(text), " ")
		}
		if text == "" || len(out) == maxForms {
			continue
		}
		bit := int64(1) << len(out)
		out = append(out, text)
		for _, k := range FormKeys(text) {
			if w, ok := strings.CutPrefix(k, WordKeyPrefix); ok {
				word(w, bit)
			} else {
				hash(NameKeyHash(k), bit)
			}
		}
	}
	return out
}

// nameKeysReference is NameKeys before ADR 0203: eachFormKey's keys in maps.
func nameKeysReference(forms []model.NameForm) (NameKeySet, []string) {
	ks := NameKeySet{Words: map[string]int64{}, Hashes: map[int64]int64{}}
	out := eachFormKey(forms, func(w string, bit int64) { ks.Words[w] |= bit }, func(h, bit int64) { ks.Hashes[h] |= bit })
	return ks, out
}

// packNameKeysReference is packNameKeys before ADR 0203 (the keys of each form as FormKeys'
// sorted strings), kept as the reference for TestPackNameKeysMatchesReference.
func packNameKeysReference(forms []model.NameForm) ([]byte, []string) {
	var wbuf [32]keyBits[string]
	var hbuf [96]keyBits[int64]
	ws, hs := wbuf[:0], hbuf[:0]
	out := eachFormKey(forms, func(w string, bit int64) { ws = append(ws, keyBits[string]{w, bit}) },
		func(h, bit int64) { hs = append(hs, keyBits[int64]{h, bit}) })
	ws, hs = sortMerge(ws), sortMerge(hs)
	n := len(keysFormat2) + 1 + len(hs)*9
	for _, x := range ws {
		n += len(x.k) + 2
	}
	b := append(make([]byte, 0, n), keysFormat2...)
	b = binary.AppendUvarint(b, uint64(len(ws)))
	for _, x := range ws {
		b = binary.AppendUvarint(b, uint64(len(x.k)))
		b = append(b, x.k...)
		b = binary.AppendUvarint(b, uint64(x.f))
	}
	for _, x := range hs {
		b = binary.LittleEndian.AppendUint64(b, uint64(x.k))
		b = binary.AppendUvarint(b, uint64(x.f))
	}
	return b, out
}

// TestPackNameKeysMatchesReference checks that packNameKeys writes byte for byte what it
// wrote before ADR 0203, and the same forms, for the persons of a synthetic archive (names
// in Kazakh, Uyghur, Kyrgyz, Chinese and their transcriptions), persons made of random
// forms of several scripts, and random strings.
func TestPackNameKeysMatchesReference(t *testing.T) {
	check := func(forms []model.NameForm) {
		t.Helper()
		want, wantForms := packNameKeysReference(forms)
		got, gotForms := packNameKeys(forms)
		if !bytes.Equal(got, want) || !slices.Equal(gotForms, wantForms) {
			t.Fatalf("%q: packed %q %q, want %q %q", forms, got, gotForms, want, wantForms)
		}
		got, gotForms = packNameKeysInto([]string{"form before"}, forms) // as searchRowsOf calls it
		if !bytes.Equal(got, want) || !slices.Equal(gotForms[1:], wantForms) {
			t.Fatalf("%q: packed after a form %q %q, want %q %q", forms, got, gotForms, want, wantForms)
		}
	}
	nameKeysCorpus(t, check)
}

// synthNames is the name forms of n persons of a synthetic archive.
func synthNames(b *testing.B, n int) [][]model.NameForm {
	b.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ref, err := refdata.LoadAt(now)
	if err != nil {
		b.Fatal(err)
	}
	var out [][]model.NameForm
	err = synth.Generate(synth.Options{Persons: n, Seed: 7, Now: now}, ref, func(r model.Record) error {
		if p, ok := r.(*model.Person); ok {
			out = append(out, p.Names)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkPackNameKeys measures packNameKeys per person of a synthetic archive (the name
// engine's token caches warm, as in an import), and beside it the path before ADR 0203.
func BenchmarkPackNameKeys(b *testing.B) {
	ps := synthNames(b, 20000)
	for _, c := range []struct {
		name string
		pack func([]model.NameForm) ([]byte, []string)
	}{{"now", packNameKeys}, {"reference", packNameKeysReference}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.pack(ps[i%len(ps)])
			}
		})
	}
}

// TestSpacedOnceRandom checks spacedOnce's byte scan against what it stands for on random
// strings of spaces, letters, every white space rune and broken UTF-8.
func TestSpacedOnceRandom(t *testing.T) {
	pieces := []string{" ", "  ", "a", "Ж", "阿", "\t", "\n", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b",
		"\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\xc2", "\xe2\x80", "\xe3", "\xf0", "\x80", "\xff", "é", "\u00c2"}
	rng := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 200000; i++ {
		var b strings.Builder
		for j := rng.IntN(8); j >= 0; j-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := spacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Fatalf("spacedOnce(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSpacedOnceLeadBytes: spacedOnce decodes only runes that start with 0xC2 or
// 0xE1–0xE3; every white space rune beyond ASCII must start so (a Unicode update that adds
// one elsewhere fails here, not silently in the keys).
func TestSpacedOnceLeadBytes(t *testing.T) {
	var b [utf8.UTFMax]byte
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) {
			continue
		}
		utf8.EncodeRune(b[:], r)
		if c := b[0]; c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 {
			t.Errorf("U+%04X is white space and starts with %#x", r, c)
		}
		if spacedOnce("a" + string(r) + "b") {
			t.Errorf("spacedOnce misses U+%04X", r)
		}
	}
}
