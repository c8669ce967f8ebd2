// Package audit defines tizim's tamper-evident log: each entry's hash covers its content and
// the previous entry's hash, and signed checkpoints pin the chain at intervals, so editing,
// deleting, reordering or inserting an entry is detected by Verify.
//
// It computes and checks; it stores nothing. The store appends entries in the same
// transaction as the change they record.
package audit

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"iter"
	"time"
)

// Entry is one line of the audit log. Detail never holds confidential values: it names
// fields and records, not their contents.
type Entry struct {
	Seq    int64
	At     time.Time
	Actor  string // user name, "system", "import:<file>"
	Action string // create, update, delete, read_confidential, export, consent, login…
	Kind   string // the record kind, or what the action was about
	Record string // record id or other subject
	Detail string
	Prev   []byte
	Hash   []byte
}

// Genesis is the Prev of the first entry.
var Genesis = make([]byte, sha256.Size)

// Sum computes an entry's hash from its content and Prev. Fields are length-prefixed so no
// two different entries encode alike.
func Sum(e *Entry) []byte {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write([]byte("tizim audit v1\x00"))
	h.Write(n[:])
	binary.BigEndian.PutUint64(n[:], uint64(e.At.UnixMicro()))
	h.Write(n[:])
	for _, s := range []string{e.Actor, e.Action, e.Kind, e.Record, e.Detail} {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	h.Write(e.Prev)
	return h.Sum(nil)
}

// Checkpoint pins the chain at one entry with the archive's signature.
type Checkpoint struct {
	Seq  int64
	Hash []byte
	At   time.Time
	Sig  []byte
}

// CheckpointMessage is what a checkpoint signature covers.
func CheckpointMessage(seq int64, hash []byte) []byte {
	return fmt.Appendf(nil, "tizim audit checkpoint v1\n%d\n%s\n", seq, hex.EncodeToString(hash))
}

// Problem is one defect found by Verify.
type Problem struct {
	Seq int64
	Msg string
}

func (p Problem) String() string { return fmt.Sprintf("audit entry %d: %s", p.Seq, p.Msg) }

// Verify walks the entries in sequence order and checks the chain and the checkpoints.
// head is the sequence number and hash the log's head row claims. It returns every problem
// found, at most max of them.
func Verify(entries iter.Seq2[*Entry, error], checkpoints []Checkpoint, pub ed25519.PublicKey, headSeq int64, headHash []byte, max int) ([]Problem, error) {
	var probs []Problem
	add := func(seq int64, format string, a ...any) {
		if len(probs) < max {
			probs = append(probs, Problem{seq, fmt.Sprintf(format, a...)})
		}
	}
	cps := map[int64]Checkpoint{}
	for _, c := range checkpoints {
		if !ed25519.Verify(pub, CheckpointMessage(c.Seq, c.Hash), c.Sig) {
			add(c.Seq, "checkpoint signature does not verify")
		}
		cps[c.Seq] = c
	}
	prev, want := Genesis, int64(1)
	var last int64
	for e, err := range entries {
		if err != nil {
			return probs, err
		}
		if e.Seq != want {
			add(e.Seq, "out of sequence (expected %d): entries were deleted, inserted or reordered", want)
		}
		if !bytes.Equal(e.Prev, prev) {
			add(e.Seq, "does not link to the entry before it")
		}
		if !bytes.Equal(Sum(e), e.Hash) {
			add(e.Seq, "content does not match its hash: the entry was edited")
		}
		if c, ok := cps[e.Seq]; ok && !bytes.Equal(c.Hash, e.Hash) {
			add(e.Seq, "differs from the signed checkpoint")
		}
		delete(cps, e.Seq)
		prev, want, last = e.Hash, e.Seq+1, e.Seq
	}
	for seq := range cps {
		add(seq, "a signed checkpoint names this entry, but it is missing")
	}
	if headSeq != last || (last > 0 && !bytes.Equal(headHash, prev)) {
		add(last, "the log ends at %d but its head says %d: entries were removed or added at the end", last, headSeq)
	}
	return probs, nil
}
