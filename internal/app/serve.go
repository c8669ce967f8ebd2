package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/crypt"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/refdata"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/synth"
	"github.com/tizim/tizim/internal/web"
)

// serveMemoryLimit is the server's soft memory limit unless GOMEMLIMIT sets one. At a
// million persons the live heap is about 620 MB (the name indexes, the public projections,
// the engine's caches); at 1000 MiB the collector ran every few hundred megabytes of
// allocation and took a third of a public search's CPU; at 1300 MiB it runs about half as
// often and the server's high-water mark stays near 1.35 GB, under the 1.5 GB of issue 5
// (ADR 0501, session 6).
const serveMemoryLimit = 1300 << 20

func runServe(ctx context.Context, env *Env, args []string) (err error) {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addArchiveFlags(fs, env, &c)
	defAddr := env.Getenv("TIZIM_ADDR")
	if defAddr == "" {
		defAddr = "127.0.0.1:8080"
	}
	addr := fs.String("addr", defAddr, "address to listen on")
	demo := fs.Bool("demo", false, "create a demo archive with synthetic data if there is none")
	demoPersons := fs.Int("demo-persons", 3000, "persons in a new demo archive")
	noPageCache := fs.Bool("no-page-cache", false, "do not keep rendered public person pages (for measuring)")
	pprofAddr := fs.String("pprof", "", "serve Go's profiler on this loopback address (e.g. 127.0.0.1:6060), for measuring")
	if err := parse(fs, args); err != nil {
		return err
	}
	if env.Getenv("GOMEMLIMIT") == "" {
		// A server's live heap is its indexes, the public projections and bounded caches
		// (about 620 MB at a million persons, 184,000 of them public); with Go's default
		// pacing alone the process went past 1.5 GB. The soft ceiling makes the collector
		// run more often near it instead (ADR 0501, sessions 4 and 6).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(serveMemoryLimit))
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	var o *Opened
	var code string
	if *demo {
		o, code, err = openDemo(ctx, &c, *demoPersons, env)
	} else {
		o, err = open(ctx, &c)
	}
	if err != nil {
		return err
	}
	defer closeArchive(o, &err)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	tcp, _ := ln.Addr().(*net.TCPAddr)
	loopback := tcp != nil && tcp.IP.IsLoopback()
	if !loopback {
		log.Warn("serving plain HTTP beyond this machine: passwords and session cookies would cross the network unencrypted; put a TLS reverse proxy in front and listen on 127.0.0.1", "addr", ln.Addr().String())
	}
	if *pprofAddr != "" {
		stop, err := servePprof(*pprofAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	srv := &http.Server{
		Handler:           web.New(web.Config{Archive: o.Archive, Auth: o.Auth, Files: o.Files, Log: log, Secure: loopback, NoPageCache: *noPageCache}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(env.Stdout, "tizim is serving the archive in %s (%s) at http://%s/\n", c.DataDir, o.Store.Engine(), ln.Addr())
	if code != "" {
		fmt.Fprintf(env.Stdout, "Admin enrolment code (shown once): %s — open http://%s/enrol to use it.\n", code, ln.Addr())
	}
	// The name index and the public projections are loaded in the background, so that the
	// first searches do not wait for them and later ones read no record (ADR 0501, session 6).
	wctx, stopWarm := context.WithCancel(ctx)
	warmed := make(chan struct{})
	defer func() { stopWarm(); <-warmed }() // before the archive closes
	go func() {
		defer close(warmed)
		t0 := time.Now()
		n, err := o.Archive.WarmPublicSearch(wctx)
		switch {
		case wctx.Err() != nil:
			log.Info("search index warm-up stopped", "public_projections", n)
		case err != nil:
			log.Warn("loading the search index", "err", err)
		default:
			log.Info("search index loaded", "public_projections", n, "took", time.Since(t0).Round(time.Millisecond))
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		return err
	}
}

// openDemo opens the archive in c, creating and filling it with reference data and a
// synthetic archive when there is none. It returns an admin enrolment code when no admin
// has enrolled yet, so the demo can always be signed into.
func openDemo(ctx context.Context, c *Config, persons int, env *Env) (*Opened, string, error) {
	o, err := open(ctx, c)
	if err != nil && !isNoArchive(c) {
		return nil, "", err
	}
	if o == nil {
		if o, err = create(ctx, c, env.Stderr); err != nil {
			return nil, "", err
		}
	}
	done, err := initialised(ctx, o)
	if err != nil {
		o.Close()
		return nil, "", err
	}
	if done {
		code, err := adminCode(ctx, o)
		return o, code, err
	}
	ref, code, err := initialiseWith(ctx, o, env.Stderr)
	if err == nil {
		err = loadSynthetic(ctx, o, ref, persons, env)
	}
	if err != nil {
		o.Close()
		return nil, "", err
	}
	return o, code, nil
}

func isNoArchive(c *Config) bool {
	_, err := crypt.Open(c.DataDir, c.unlock())
	return errors.Is(err, crypt.ErrNoKeyring)
}

// adminCode invites a new admin when no admin has enrolled (a demo restarted before
// anyone signed in); otherwise it returns "".
func adminCode(ctx context.Context, o *Opened) (string, error) {
	var enrolled bool
	err := o.Store.Read(ctx, func(tx *store.Tx) error {
		us, err := tx.Users(ctx)
		for _, u := range us {
			if u.Role == string(archive.Admin) && u.EnrolHash == "" && !u.Disabled {
				enrolled = true
			}
		}
		return err
	})
	if err != nil || enrolled {
		return "", err
	}
	return o.Auth.Invite(ctx, archive.SystemActor("demo"), archive.Admin)
}

func loadSynthetic(ctx context.Context, o *Opened, ref *refdata.Set, persons int, env *Env) error {
	start := time.Now()
	recs := func(yield func(model.Record, error) bool) {
		stop := errors.New("stop")
		err := synth.Generate(synth.Options{Persons: persons, Seed: 1, Now: time.Now().UTC()}, ref, func(r model.Record) error {
			if !yield(r, nil) {
				return stop
			}
			return nil
		})
		if err != nil && !errors.Is(err, stop) {
			yield(nil, err)
		}
	}
	n, err := o.Archive.Load(ctx, archive.SystemActor("demo"), recs, 1000, nil)
	if err != nil {
		return fmt.Errorf("loading the synthetic archive: %w", err)
	}
	fmt.Fprintf(env.Stderr, "loaded a synthetic archive of %d persons (%d records, all marked synthetic) in %s\n",
		persons, n, time.Since(start).Round(time.Millisecond))
	return nil
}
