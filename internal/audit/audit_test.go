package audit

import (
	"crypto/ed25519"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"
)

func chain(n int) []*Entry {
	var out []*Entry
	prev := Genesis
	for i := 1; i <= n; i++ {
		e := &Entry{Seq: int64(i), At: time.Unix(int64(1700000000+i), 0), Actor: "alice", Action: "update", Kind: "person", Record: "r", Detail: "fields: status", Prev: prev}
		e.Hash = Sum(e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func seq(es []*Entry) iter.Seq2[*Entry, error] {
	return func(yield func(*Entry, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	sign := func(e *Entry) Checkpoint {
		return Checkpoint{Seq: e.Seq, Hash: e.Hash, Sig: ed25519.Sign(priv, CheckpointMessage(e.Seq, e.Hash))}
	}
	for _, tc := range []struct {
		name   string
		tamper func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte)
		want   string
	}{
		{"intact", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			return es, cps, 10, es[9].Hash
		}, ""},
		{"edited", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			es[3].Detail = "fields: nothing"
			return es, cps, 10, es[9].Hash
		}, "edited"},
		{"edited and rehashed", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			es[3].Actor = "mallory"
			es[3].Hash = Sum(es[3])
			return es, cps, 10, es[9].Hash
		}, "does not link"},
		{"rewritten whole chain", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			es[1].Actor = "mallory"
			prev := es[0].Hash
			for _, e := range es[1:] {
				e.Prev = prev
				e.Hash = Sum(e)
				prev = e.Hash
			}
			return es, cps, 10, prev
		}, "signed checkpoint"},
		{"deleted", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			return slices.Delete(es, 2, 3), cps, 10, es[8].Hash
		}, "out of sequence"},
		{"reordered", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			es[2], es[3] = es[3], es[2]
			return es, cps, 10, es[9].Hash
		}, "out of sequence"},
		{"inserted", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			x := *es[4]
			return slices.Insert(es, 5, &x), cps, 10, es[9].Hash
		}, "out of sequence"},
		{"tail truncated", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			return es[:8], cps, 10, es[9].Hash
		}, "head says"},
		{"forged checkpoint", func(es []*Entry, cps []Checkpoint) ([]*Entry, []Checkpoint, int64, []byte) {
			cps[0].Sig[0] ^= 1
			return es, cps, 10, es[9].Hash
		}, "signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := chain(10)
			cps := []Checkpoint{sign(es[4]), sign(es[9])}
			es2, cps2, hs, hh := tc.tamper(es, cps)
			probs, err := Verify(seq(es2), cps2, pub, hs, hh, 10)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(probs) != 0 {
					t.Fatalf("intact chain: %v", probs)
				}
				return
			}
			var all []string
			for _, p := range probs {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Fatalf("got %q, want a problem mentioning %q", all, tc.want)
			}
		})
	}
}
