package transfer

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
)

// Progress shows how far a long import or export is: a bar with rate and time left on a
// terminal, plain lines every few seconds otherwise (logs, pipes, CI). A nil *Progress
// shows nothing.
type Progress struct {
	w        io.Writer
	terminal bool
	label    string
	total    int64 // bytes, or 0 when unknown
	start    time.Time
	last     time.Time
	every    time.Duration
	rows     atomic.Int64
	done     atomic.Int64
	now      func() time.Time
}

// NewProgress reports to w; total is the amount of work in bytes (0 when unknown).
func NewProgress(w io.Writer, terminal bool, label string, total int64) *Progress {
	p := &Progress{w: w, terminal: terminal, label: label, total: total, now: time.Now, every: 5 * time.Second}
	if terminal {
		p.every = 200 * time.Millisecond
	}
	p.start = p.now()
	p.last = p.start
	return p
}

// Every sets how often a line is written (0 keeps the default); it returns p.
func (p *Progress) Every(d time.Duration) *Progress {
	if p != nil && d > 0 {
		p.every = d
	}
	return p
}

// Add counts rows and bytes done, and redraws when it is time to.
func (p *Progress) Add(rows, bytes int64) {
	if p == nil {
		return
	}
	p.rows.Add(rows)
	p.done.Add(bytes)
	if now := p.now(); now.Sub(p.last) >= p.every {
		p.last = now
		p.draw(false)
	}
}

// Finish draws the final state.
func (p *Progress) Finish() {
	if p == nil {
		return
	}
	p.draw(true)
}

func (p *Progress) draw(final bool) {
	el := p.now().Sub(p.start)
	rows, done := p.rows.Load(), p.done.Load()
	rate := 0.0
	if s := el.Seconds(); s > 0 {
		rate = float64(rows) / s
	}
	frac := -1.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	eta := ""
	if frac > 0 && frac < 1 && !final {
		left := time.Duration(float64(el) * (1 - frac) / frac)
		eta = " ETA " + left.Round(time.Second).String()
	}
	if !p.terminal {
		pct := ""
		if frac >= 0 {
			pct = fmt.Sprintf(" (%.0f%%)", frac*100)
		}
		fmt.Fprintf(p.w, "%s: %d rows%s, %.0f rows/s, %s elapsed%s\n", p.label, rows, pct, rate, el.Round(time.Second), eta)
		return
	}
	bar := ""
	if frac >= 0 {
		const width = 30
		n := int(frac * width)
		bar = "[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + fmt.Sprintf("] %3.0f%% ", frac*100)
	}
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprintf(p.w, "\r%s %s%d rows  %.0f rows/s%s   %s", p.label, bar, rows, rate, eta, end)
}

// countingReader counts the bytes read through it, for progress by file position.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	return n, err
}
