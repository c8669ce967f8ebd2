package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// ServeLoopback lets ffmpeg and ffprobe read a file that exists only encrypted: the
// decrypted content (src, size bytes) is served at a random, unguessable URL on 127.0.0.1
// for as long as fn runs, with range requests, so ffmpeg can seek (an MP4 whose index sits
// at the end cannot be read from a pipe). Nothing is written to disk; the plaintext crosses
// only the loopback interface, and any request for another path is refused. fn gets the URL
// to pass as the tool's input.
func ServeLoopback(ctx context.Context, src io.ReaderAt, size int64, fn func(url string) error) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var tok [16]byte
	rand.Read(tok[:])
	path := "/" + hex.EncodeToString(tok[:])
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/octet-stream")
			http.ServeContent(w, r, "", time.Time{}, io.NewSectionReader(src, 0, size))
		}),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	ferr := fn("http://" + ln.Addr().String() + path)
	srv.Close()
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(ferr, err)
	}
	return ferr
}
