package app

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/store"
	"github.com/tizim/tizim/internal/store/storetest"
	"github.com/tizim/tizim/internal/transfer"
)

// TestNoCanaryInPublicFtM is the privacy property for the public FollowTheMoney export
// (ADR 0411): whatever the archive holds, every line parses as an entity and no confidential
// value or unpublished record reaches it.
func TestNoCanaryInPublicFtM(t *testing.T) {
	ctx := context.Background()
	rapid.Check(t, func(rt *rapid.T) {
		st, err := store.Open(ctx, store.Config{SQLitePath: filepath.Join(t.TempDir(), "tizim.db"), Keys: storetest.Keys(t)})
		if err != nil {
			rt.Fatal(err)
		}
		defer st.Close()
		a := archive.New(st)
		var c canaryArchive
		c.fill(rt, ctx, a)
		var buf bytes.Buffer
		if _, err := transfer.ExportFtM(ctx, a, &buf, transfer.Options{Format: "ftm", Public: true, Actor: archive.SystemActor("test")}); err != nil {
			rt.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if line == "" {
				continue
			}
			var e transfer.Entity
			if err := json.Unmarshal([]byte(line), &e); err != nil || e.ID == "" || e.Schema == "" {
				rt.Fatalf("not an FtM entity (%v): %s", err, line)
			}
		}
		if strings.Contains(buf.String(), "CANARY") {
			rt.Fatalf("a canary reached the public FtM export:\n%.800s", buf.String())
		}
	})
}
