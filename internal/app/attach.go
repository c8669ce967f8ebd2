package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// sweepGrace is how old a pending upload of another machine must be before attach removes
// it as abandoned; uploads of this machine's dead processes go at once.
const sweepGrace = 24 * time.Hour

type attachFlags struct {
	to, manifest, from, how, kind, notes string
	scrub                                bool
}

func runAttach(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	var f attachFlags
	fs := flag.NewFlagSet("attach", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	fs.StringVar(&f.to, "to", "", "the person, testimony, source or event the files are about (id or external id)")
	fs.StringVar(&f.manifest, "manifest", "", "CSV manifest of files to ingest (file, about, testifier, kind, recorded_on, recorded_at, language, consent, notes)")
	fs.StringVar(&f.from, "from", "", "who handed the files over (chain of custody)")
	fs.StringVar(&f.how, "how", "", "how they came in, e.g. \"USB stick, Almaty office\" (chain of custody)")
	fs.StringVar(&f.kind, "kind", "", "evidence kind: video_appeal, interview, document, photo, audio, article (default: from the content)")
	fs.StringVar(&f.notes, "notes", "", "notes kept with each file")
	fs.BoolVar(&f.scrub, "scrub", false, "also make metadata-scrubbed public copies of photos and videos")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case f.manifest != "" && (f.to != "" || fs.NArg() > 0):
		return usagef("give either --to ID FILE... or --manifest FILE.csv")
	case f.manifest == "" && (f.to == "" || fs.NArg() == 0):
		return usagef("give --to ID and at least one FILE, or --manifest FILE.csv")
	}
	o, err := open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)
	who := cliActor()
	if n, err := o.Files.Sweep(ctx, sweepGrace); err != nil {
		return fmt.Errorf("cleaning up after an interrupted ingest: %w", err)
	} else if n > 0 {
		fmt.Fprintf(env.Stderr, "removed %d unfinished file(s) left by an interrupted ingest\n", n)
	}
	if f.manifest != "" {
		return attachManifest(ctx, env, o, who, f)
	}
	target, err := o.Archive.Resolve(ctx, f.to)
	if err != nil {
		return fmt.Errorf("--to %s: %w", f.to, err)
	}
	_, hook, err := o.Files.AttachTo(ctx, who, target)
	if err != nil {
		return err
	}
	failed := 0
	for _, path := range fs.Args() {
		in := archive.Incoming{Kind: f.kind, About: []model.ID{target}, ReceivedFrom: f.from, Notes: f.notes,
			How: howOf(f.how, "tizim attach"), Scrub: f.scrub}
		res, err := ingestFile(ctx, o, who, path, in, hook)
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "tizim attach: %v\n", err)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			continue
		}
		printIngested(env.Stdout, path, res)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d file(s) not added", failed, fs.NArg())
	}
	return nil
}

// ingestFile opens a local file and hands it to the archive. The path is the user's own
// file; it is read, never used to name anything in the archive.
func ingestFile(ctx context.Context, o *Opened, who archive.Actor, path string, in archive.Incoming,
	hook func(*store.Tx, *model.Evidence) error) (*archive.Ingested, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	in.Src, in.Size, in.Name, in.Path = fh, st.Size(), filepath.Base(path), path
	return o.Files.Ingest(ctx, who, in, hook)
}

func printIngested(w io.Writer, path string, res *archive.Ingested) {
	if res.Duplicate {
		fmt.Fprintf(w, "already stored  %s  sha256 %s  %s\n", res.ID, res.SHA256, path)
		return
	}
	fmt.Fprintf(w, "added           %s  sha256 %s  %s (%s, %d bytes)\n", res.ID, res.SHA256, path, res.MediaType, res.Size)
	if !res.Scrubbed.IsZero() {
		fmt.Fprintf(w, "  scrubbed copy %s\n", res.Scrubbed)
	}
	if res.ScrubNote != "" {
		fmt.Fprintf(w, "  %s\n", res.ScrubNote)
	}
}

func howOf(flag, def string) string {
	if flag != "" {
		return flag
	}
	return def
}
