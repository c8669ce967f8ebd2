package app

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

func TestZZProbe(t *testing.T) {
	dir := os.Getenv("PROBE_DATA")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	c := Config{DataDir: dir, Passphrase: "demo-pass-phrase-x"}
	o, err := open(ctx, &c)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	o.Store.Read(ctx, func(tx *store.Tx) error {
		raw, err := tx.PublishedRaw(ctx, "TZ-7EUD-WNR5")
		if err != nil {
			t.Fatal(err)
		}
		rels := []string{"about", "event", "relation"}
		kinds := []model.Kind{model.KindEvent, model.KindSource, model.KindTestimony, model.KindRelation}
		st, _ := tx.LinkedStamps(ctx, raw.ID, rels, kinds)
		t.Logf("person json %d bytes, %d linked", len(raw.Data), len(st))
		ids := []model.ID{}
		for _, s := range st {
			ids = append(ids, s.ID)
		}
		raws, _ := tx.RawRecords(ctx, ids)
		for _, r := range raws {
			t.Logf("  %s %d bytes", r.Kind, len(r.Data))
		}
		for _, q := range []string{
			`explain query plan select distinct p.id, p.name, p.publication, coalesce(p.public_code, '') from links l1 join links l2 on l2.src = l1.src join persons p on p.id = l2.dst where l1.dst = $1 and l1.rel in ('about', 'relation') and l2.rel in ('relation', 'testifier')`,
			`explain query plan select r.id, r.kind, r.version, r.updated_at from links l join records r on r.id = l.src where l.dst = $1 and l.rel in ('about','event','relation') and r.kind in ('event','source','testimony','relation') order by l.rel, l.src`,
			`explain query plan select src from links where dst = $1 and rel = 'about' order by src`,
		} {
			rows, err := tx.ProbeQuery(ctx, q, raw.ID[:])
			t.Log(q[:60], err)
			for _, r := range rows {
				t.Logf("   %v", r)
			}
		}
		for name, f := range map[string]func(){
			"briefs2": func() {
				tx.ProbeQuery(ctx, `select l2.dst from links l1 join links l2 on l2.src = l1.src where l1.dst = $1 and l1.rel in ('about', 'relation') and l2.rel in ('relation', 'testifier')`, raw.ID[:])
			},
			"links-only": func() {
				tx.ProbeQuery(ctx, `select rel, src from links where dst = $1`, raw.ID[:])
			},
			"trivial": func() { tx.ProbeQuery(ctx, `select 1`) },
			"stamps-pk": func() {
				tx.ProbeQuery(ctx, `select l.rel, r.id, r.kind, r.version, r.updated_at from links l join records r on r.id = l.src where l.dst = $1 and l.rel in ('about','event','relation')`, raw.ID[:])
			},
			"stamps-pk-nou": func() {
				tx.ProbeQuery(ctx, `select l.rel, r.id, r.kind, r.version from links l join records r on r.id = l.src where l.dst = $1 and l.rel in ('about','event','relation')`, raw.ID[:])
			},
			"briefs-nodistinct": func() {
				tx.ProbeQuery(ctx, `select p.id, p.name, p.publication, coalesce(p.public_code, '') from links l1 join links l2 on l2.src = l1.src join persons p on p.id = l2.dst where l1.dst = $1 and l1.rel in ('about', 'relation') and l2.rel in ('relation', 'testifier')`, raw.ID[:])
			},
			"published": func() { tx.PublishedRaw(ctx, "TZ-7EUD-WNR5") },
			"stamps":    func() { tx.LinkedStamps(ctx, raw.ID, rels, kinds) },
			"briefs":    func() { tx.RelatedBriefs(ctx, raw.ID) },
			"refgen":    func() { tx.RefGeneration(ctx) },
			"linksTo":   func() { tx.LinksTo(ctx, raw.ID, rels...) },
		} {
			start := time.Now()
			for range 2000 {
				f()
			}
			t.Logf("%-10s %v", name, time.Since(start)/2000)
		}
		return nil
	})
}
