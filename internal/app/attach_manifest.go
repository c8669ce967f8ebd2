package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// manifestColumns are the columns of an evidence manifest (DESIGN.md, Contracts); file is
// required, the rest optional.
var manifestColumns = []string{"file", "about", "testifier", "kind", "recorded_on", "recorded_at", "language", "consent", "notes"}

// manifest reads a manifest CSV row by row; it never holds more than one row.
type manifest struct {
	path string
	f    *os.File
	r    *csv.Reader
	col  map[string]int
	line int
}

func openManifest(path string) (*manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	m := &manifest{path: path, f: f, r: csv.NewReader(f), col: map[string]int{}}
	m.r.FieldsPerRecord = -1
	head, err := m.r.Read()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: reading the header: %w", path, err)
	}
	for i, h := range head {
		m.col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := m.col["file"]; !ok {
		f.Close()
		return nil, usagef("%s: the header has no \"file\" column (columns: %s)", path, strings.Join(manifestColumns, ", "))
	}
	return m, nil
}

// next returns the next row as column → value, or io.EOF.
func (m *manifest) next() (map[string]string, error) {
	rec, err := m.r.Read()
	if err != nil {
		return nil, err
	}
	m.line, _ = m.r.FieldPos(0)
	row := map[string]string{}
	for _, c := range manifestColumns {
		if i, ok := m.col[c]; ok && i < len(rec) {
			row[c] = strings.TrimSpace(rec[i])
		}
	}
	return row, nil
}

func (m *manifest) Close() error { return m.f.Close() }

// splitList splits an about cell: ids or names separated by " | ".
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// attachManifest ingests every file a manifest lists. A first pass counts the rows and
// ties the names in about and testifier to persons (the name engine, one pass over the
// archive); the second ingests row by row, each row in its own transaction, skipping files
// already stored (same SHA-256), so running it again after a crash finishes the job.
func attachManifest(ctx context.Context, env *Env, o *Opened, who archive.Actor, f attachFlags) error {
	m, err := openManifest(f.manifest)
	if err != nil {
		return err
	}
	refs := map[string]model.ID{} // ids and external ids, resolved once
	var unresolved []string
	rows := 0
	for {
		row, err := m.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			m.Close()
			return fmt.Errorf("%s: %w", f.manifest, err)
		}
		rows++
		for _, ref := range append(splitList(row["about"]), row["testifier"]) {
			if _, seen := refs[ref]; seen || ref == "" || slices.Contains(unresolved, ref) {
				continue
			}
			if id, err := o.Archive.Resolve(ctx, ref); err == nil {
				refs[ref] = id
			} else if errors.Is(err, model.ErrNotFound) {
				unresolved = append(unresolved, ref)
			} else {
				m.Close()
				return err
			}
		}
	}
	m.Close()
	matches, err := o.Archive.MatchNames(ctx, who, unresolved)
	if err != nil {
		return fmt.Errorf("matching names: %w", err)
	}
	for _, n := range unresolved {
		if mt := matches[n]; mt != nil {
			refs[n] = mt.ID
			if mt.Review {
				fmt.Fprintf(env.Stderr, "review: %s\n", mt.Reason)
			}
		}
	}

	m, err = openManifest(f.manifest)
	if err != nil {
		return err
	}
	defer m.Close()
	p := newProgress(env.Stderr, rows)
	base := filepath.Dir(f.manifest)
	for n := 1; ; n++ {
		row, err := m.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", f.manifest, err)
		}
		res, err := attachRow(ctx, o, who, f, base, m.line, row, refs, matches)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p.row(res, err, fmt.Sprintf("%s line %d (%s)", filepath.Base(f.manifest), m.line, row["file"]))
	}
	return p.done()
}

func attachRow(ctx context.Context, o *Opened, who archive.Actor, f attachFlags, base string, line int, row map[string]string,
	refs map[string]model.ID, matches map[string]*archive.NameMatch) (*archive.Ingested, error) {
	if row["file"] == "" {
		return nil, errors.New("no file")
	}
	rec := archive.Recording{Kind: row["kind"], Language: row["language"], Notes: row["notes"]}
	if rec.Kind == "" {
		rec.Kind = f.kind
	}
	if rec.Kind != "" && !slices.Contains(model.EvidenceKinds, rec.Kind) {
		return nil, fmt.Errorf("kind %q is not one of %s", rec.Kind, strings.Join(model.EvidenceKinds, ", "))
	}
	var notes []string
	if row["notes"] != "" {
		notes = append(notes, row["notes"])
	}
	for _, ref := range splitList(row["about"]) {
		rec.About = append(rec.About, refs[ref])
		if mt := matches[ref]; mt != nil && mt.Review {
			notes = append(notes, "REVIEW: "+mt.Reason)
		}
	}
	if t := row["testifier"]; t != "" {
		rec.Testifier = refs[t]
		if mt := matches[t]; mt != nil && mt.Review {
			notes = append(notes, "REVIEW (testifier): "+mt.Reason)
		}
	}
	var err error
	if rec.RecordedOn, err = model.ParseDate(row["recorded_on"]); err != nil {
		return nil, fmt.Errorf("recorded_on: %w", err)
	}
	if at := row["recorded_at"]; at != "" {
		if id, err := o.Archive.Resolve(ctx, at); err == nil {
			rec.RecordedAt = id
		} else {
			rec.Location = at
		}
	}
	if c := row["consent"]; c != "" {
		rec.Consent = model.Publication(c)
		if !rec.Consent.Valid() {
			return nil, fmt.Errorf("consent %q is not internal, pseudonymous or public", c)
		}
	}
	path := row["file"]
	if !filepath.IsAbs(path) {
		path = filepath.Join(base, path)
	}
	in := archive.Incoming{Kind: rec.Kind, About: rec.About, ReceivedFrom: f.from, Notes: strings.Join(notes, "\n"),
		How: howOf(f.how, fmt.Sprintf("manifest %s line %d", filepath.Base(f.manifest), line)), Scrub: f.scrub}
	if !rec.Testifier.IsZero() && in.ReceivedFrom == "" {
		in.ReceivedFrom = "testifier " + rec.Testifier.String()
	}
	return ingestFile(ctx, o, who, path, in, o.Files.RecordingHook(ctx, who, rec))
}

// progress reports a bulk ingest: a line that redraws itself on a terminal, a line every
// few seconds elsewhere, and every failure on its own line.
type progress struct {
	w                            io.Writer
	tty                          bool
	total, n, added, dup, failed int
	bytes                        int64
	start, last                  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) row(res *archive.Ingested, err error, what string) {
	p.n++
	switch {
	case err != nil:
		p.failed++
		if p.tty {
			fmt.Fprint(p.w, "\r\033[K")
		}
		fmt.Fprintf(p.w, "failed: %s: %v\n", what, err)
	case res.Duplicate:
		p.dup++
	default:
		p.added++
		p.bytes += res.Size
	}
	if now := time.Now(); p.n == p.total || now.Sub(p.last) > map[bool]time.Duration{true: 200 * time.Millisecond, false: 5 * time.Second}[p.tty] {
		p.last = now
		p.draw()
	}
}

func (p *progress) draw() {
	const width = 30
	done := 0
	if p.total > 0 {
		done = p.n * width / p.total
	}
	secs := time.Since(p.start).Seconds()
	line := fmt.Sprintf("[%s%s] %d/%d files  %d added  %d already stored  %d failed  %.1f MB/s",
		strings.Repeat("=", done), strings.Repeat(" ", width-done), p.n, p.total, p.added, p.dup, p.failed,
		float64(p.bytes)/1e6/max(secs, 0.001))
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K"+line)
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) done() error {
	p.draw()
	if p.tty {
		fmt.Fprintln(p.w)
	}
	if p.failed > 0 {
		return fmt.Errorf("%d of %d file(s) not added (listed above); fix them and run the same command again", p.failed, p.total)
	}
	return nil
}
