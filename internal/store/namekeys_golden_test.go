package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/synth"
)

// nameKeysCorpus calls fn with the name forms of the persons of a synthetic archive (names
// in Kazakh, Uyghur, Kyrgyz, Chinese and their transcriptions), of persons made of random
// forms of several scripts and random strings, and of one person with more forms and keys
// than the index keeps. The same every run (testing.Short: fewer synthetic persons).
func nameKeysCorpus(t *testing.T, fn func(forms []model.NameForm)) {
	t.Helper()
	persons := 3000
	if testing.Short() {
		persons = 300
	}
	ref, err := refdata.LoadAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = synth.Generate(synth.Options{Persons: persons, Seed: 7, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, ref, func(r model.Record) error {
		if p, ok := r.(*model.Person); ok {
			fn(p.Names)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != persons {
		t.Fatalf("%d persons checked, want %d", n, persons)
	}
	pool := []string{"Кулайша Абугалымова", "  Kulaysha   Abughalym ", "Kulaysha Abughalym", "阿布尕力木·阿力皮斯巴伊",
		"Abugalimu Alipisibayi", "Серікжан Біләшұлы", "BILASH, Serikzhan", "سەرىكجان ٴبىلاش", "伊力哈木·土赫提",
		"Ilham Tohti", "al-Hassan bin Ali", "Dr. Mr Ali", "", " ", "习近平", "Си Цзиньпин", "Гүлбахар Жәлилқызы", "x",
		"Nurlan uulu Bakyt", "김정은", "a\xffb", "Ali\u200dYev", "Ａｌｉ Ｖａｌｉ", strings.Repeat("Абай ", 30)}
	letters := []rune("абвгдежзийклмнопрстуфхцчшыәғқңөұүһі abcdefghijklmnopqrstuvwxyzäöüşçğı ابتجدرسشقكلمنوىيەۇ 伊力哈木江古丽李王 ·,-'.\t")
	rng := rand.New(rand.NewPCG(5, 8))
	for i := 0; i < 3000; i++ {
		var forms []model.NameForm
		for j := rng.IntN(8); j >= 0; j-- {
			if rng.IntN(2) == 0 {
				forms = append(forms, model.NameForm{Text: pool[rng.IntN(len(pool))]})
				continue
			}
			rs := make([]rune, 1+rng.IntN(25))
			for k := range rs {
				rs[k] = letters[rng.IntN(len(letters))]
			}
			forms = append(forms, model.NameForm{Text: string(rs)})
		}
		fn(forms)
	}
	var many []model.NameForm // more forms than the index names, and more keys than the arrays hold
	for i := 0; i < 80; i++ {
		many = append(many, model.NameForm{Text: pool[i%len(pool)] + " " + pool[(i*7)%len(pool)]})
	}
	fn(many)
}

// packedKeysDigest is the SHA-256 of everything packNameKeys writes for the corpus of
// nameKeysCorpus (not in testing.Short), computed with the code before ADR 0203 (cccbadc):
// the name index's stored bytes of any archive depend on it.
const packedKeysDigest = "d6059b6253668ad0f356617de15a7bb2b20b60974b3757bf9dd3f2bd1579baa5"

// TestPackNameKeysGolden pins the bytes packNameKeys writes: a change to the name engine's
// keys, their order or their packing changes the rows every archive holds, and must come
// with a migration that rebuilds them (ADR 0413), not pass unnoticed.
func TestPackNameKeysGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("the digest is of the full corpus")
	}
	h := sha256.New()
	var n [8]byte
	nameKeysCorpus(t, func(forms []model.NameForm) {
		b, fs := packNameKeys(forms)
		h.Write(binary.LittleEndian.AppendUint64(n[:0], uint64(len(b))))
		h.Write(b)
		for _, f := range fs {
			h.Write(binary.LittleEndian.AppendUint64(n[:0], uint64(len(f))))
			h.Write([]byte(f))
		}
	})
	if got := hex.EncodeToString(h.Sum(nil)); got != packedKeysDigest {
		t.Errorf("packNameKeys wrote other bytes than before: digest %s, want %s", got, packedKeysDigest)
	}
}
