package store

import (
	"encoding/binary"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// The second format holds the phonemic words as text; a row of the first format (every
// key hashed) still decodes, its words as the hashes the first format stored for them.
func TestKeysEncoding(t *testing.T) {
	ks, forms := NameKeys([]model.NameForm{{Text: "Кулайша Абугалымова"}, {Text: "  Kulaysha   Abughalym "}})
	if len(forms) != 2 || forms[1] != "Kulaysha Abughalym" {
		t.Fatalf("forms %q", forms)
	}
	if ks.Words["kulayşa"] != 3 || ks.Words["abugalim"] != 3 {
		t.Fatalf("words %v", ks.Words)
	}
	words, hashes := map[string]int64{}, map[int64]int64{}
	DecodeKeys(encodeKeys(ks), func(w []byte, f int64) { words[string(w)] = f }, func(k, f int64) { hashes[k] = f })
	if len(words) != len(ks.Words) || len(hashes) != len(ks.Hashes) {
		t.Fatalf("decoded %d words, %d hashes; want %d, %d", len(words), len(hashes), len(ks.Words), len(ks.Hashes))
	}
	for w, f := range ks.Words {
		if words[w] != f {
			t.Errorf("word %q: forms %b, want %b", w, words[w], f)
		}
	}
	// the first format: every key hashed, no header
	var old []byte
	want := map[int64]int64{}
	for w, f := range ks.Words {
		want[NameKeyHash(WordKeyPrefix+w)] = f
	}
	for k, f := range ks.Hashes {
		want[k] = f
	}
	for k, f := range want {
		old = binary.LittleEndian.AppendUint64(old, uint64(k))
		old = binary.AppendUvarint(old, uint64(f))
	}
	got := map[int64]int64{}
	DecodeKeys(old, func([]byte, int64) { t.Error("a first-format row decoded a word") }, func(k, f int64) { got[k] = f })
	if len(got) != len(want) {
		t.Fatalf("first format: %d keys, want %d", len(got), len(want))
	}
	for k, f := range want {
		if got[k] != f {
			t.Errorf("first format key %x: %b, want %b", k, got[k], f)
		}
	}
	// truncated rows stop decoding, they do not panic
	b := encodeKeys(ks)
	for i := range b {
		DecodeKeys(b[:i], func([]byte, int64) {}, func(int64, int64) {})
	}
}
