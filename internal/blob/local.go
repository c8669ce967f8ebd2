package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"strings"
)

// Local keeps objects in a folder: name ab12… lives at ab/ab12…, unfinished writes in
// tmp/. Every file operation goes through an os.Root opened on the folder, so no name, link
// or "..", whatever it holds, can reach outside it.
type Local struct {
	root *os.Root
	dir  string
}

// OpenLocal opens (creating if needed, mode 0700) the folder dir as a store.
func OpenLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	if err := root.MkdirAll("tmp", 0o700); err != nil {
		root.Close()
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	return &Local{root: root, dir: dir}, nil
}

// Close releases the folder.
func (l *Local) Close() error { return l.root.Close() }

// String implements Store.
func (l *Local) String() string { return "folder " + l.dir }

func finalPath(name string) string { return path.Join(name[:2], name) }
func tmpPath(name string) string   { return path.Join("tmp", name) }

// Create implements Store.
func (l *Local) Create(ctx context.Context, name string) (Writer, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	f, err := l.root.OpenFile(tmpPath(name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", name, err)
	}
	return &localWriter{l: l, f: f, name: name}, nil
}

type localWriter struct {
	l       *Local
	f       *os.File
	name    string
	done    bool
	written int64 // bytes written so far
	flushed int64 // bytes handed to startWriteback
}

// writebackStep is how much is written before the kernel is asked to start putting it on
// disk.
const writebackStep = 8 << 20

func (w *localWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.written += int64(n)
	if w.written-w.flushed >= writebackStep {
		startWriteback(w.f, w.flushed, w.written-w.flushed)
		w.flushed = w.written
	}
	return n, err
}

// Commit: fsync the data, rename into place, fsync both folders, so that after a crash the
// object is either complete under its name or absent.
func (w *localWriter) Commit() error {
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("blob %s: %w", w.name, err)
	}
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("blob %s: %w", w.name, err)
	}
	dir := w.name[:2]
	if _, err := w.l.root.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		// A new fan-out folder: its entry in the top folder must be durable too, or a crash
		// could lose the object after its database row was committed.
		if err := w.l.root.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("blob %s: %w", w.name, err)
		}
		if err := w.l.syncDir("."); err != nil {
			return fmt.Errorf("blob %s: %w", w.name, err)
		}
	}
	if _, err := w.l.root.Lstat(finalPath(w.name)); err == nil {
		return fmt.Errorf("blob %s: already exists", w.name)
	}
	if err := w.l.root.Rename(tmpPath(w.name), finalPath(w.name)); err != nil {
		return fmt.Errorf("blob %s: %w", w.name, err)
	}
	w.done = true
	return errors.Join(w.l.syncDir(dir), w.l.syncDir("tmp"))
}

func (w *localWriter) Abort() error {
	if w.done {
		return nil
	}
	w.f.Close()
	err := w.l.root.Remove(tmpPath(w.name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

func (l *Local) syncDir(dir string) error {
	d, err := l.root.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open implements Store.
func (l *Local) Open(ctx context.Context, name string) (Object, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	f, err := l.root.Open(finalPath(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return localObject{f, st.Size()}, nil
}

type localObject struct {
	*os.File
	size int64
}

func (o localObject) Size() int64 { return o.size }

// Delete implements Store.
func (l *Local) Delete(ctx context.Context, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	var errs []error
	for _, p := range []string{finalPath(name), tmpPath(name)} {
		if err := l.root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// List implements Store. Files whose names NewName could not have made are listed too
// (with Partial false), so that a file planted in the folder shows up as an orphan.
func (l *Local) List(ctx context.Context) iter.Seq2[Info, error] {
	return func(yield func(Info, error) bool) {
		err := fs.WalkDir(l.root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return ctx.Err()
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			info := Info{Name: d.Name(), Size: st.Size(), Modified: st.ModTime(), Partial: strings.HasPrefix(p, "tmp/")}
			if !info.Partial && finalPath(d.Name()) != p {
				info.Name = p // out of place: report the path so it can be found by hand
			}
			if !yield(info, nil) {
				return fs.SkipAll
			}
			return nil
		})
		if err != nil {
			yield(Info{}, err)
		}
	}
}
