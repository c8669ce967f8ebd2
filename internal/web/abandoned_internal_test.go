package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestAbandonedRequestNotLogged: a request whose client has gone is neither answered with
// an error nor logged as a failure (only noted, at Info); the same error on a live request
// is both.
func TestAbandonedRequestNotLogged(t *testing.T) {
	var logged bytes.Buffer
	s := &server{log: slog.New(slog.NewTextHandler(&logged, nil)), assets: loadAssets()}
	s.pages = loadPages(s.assets)
	h := s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errors.New("sql: transaction has already been committed or rolled back")
	})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequestWithContext(ctx, "GET", "/api/v1/public/people?q=x", nil))
	if bytes.Contains(logged.Bytes(), []byte("request failed")) || !bytes.Contains(logged.Bytes(), []byte("level=INFO msg=\"request abandoned")) || w.Body.Len() != 0 {
		t.Errorf("abandoned request: logged %q, answered %q", logged.String(), w.Body.String())
	}

	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/public/people?q=x", nil))
	if w.Code != http.StatusInternalServerError || !bytes.Contains(logged.Bytes(), []byte("request failed")) {
		t.Errorf("live request: status %d, logged %q", w.Code, logged.String())
	}
}
