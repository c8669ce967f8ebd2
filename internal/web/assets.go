package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed assets/*
var assetFS embed.FS

// assets serves the embedded CSS and JS at content-hashed URLs (/assets/app.<hash>.css),
// so they can be cached for good: a changed file gets a new URL.
type assets struct {
	byURL  map[string]asset  // "app.1a2b3c4d5e6f.css" → file
	byName map[string]string // "app.css" → "/assets/app.1a2b3c4d5e6f.css"
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() *assets {
	a := &assets{byURL: map[string]asset{}, byName: map[string]string{}}
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		ct := "application/octet-stream"
		switch ext {
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		a.byURL[hashed] = asset{body: b, contentType: ct}
		a.byName[e.Name()] = "/assets/" + hashed
	}
	return a
}

// URL returns the hashed URL of an embedded asset.
func (a *assets) URL(name string) string { return a.byName[name] }

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byURL[r.PathValue("name")]
	if !ok {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("not found"))
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Del("Vary")
	w.Write(f.body)
}
