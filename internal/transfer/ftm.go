package transfer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/model"
)

// FollowTheMoney export (ADR 0411): one entity per line, {"id","schema","properties"}, every
// property a list of strings, so tizim data opens in Aleph, yente, nomenklatura and the
// other tools investigators use. The team export maps records; the public one (ftm_public.go)
// maps access.PublicPerson values only.

// Entity is one FollowTheMoney entity.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

func newEntity(id, schema string) *Entity {
	return &Entity{ID: id, Schema: schema, Properties: map[string][]string{}}
}

// add appends the non-empty values to a property, once each.
func (e *Entity) add(prop string, vals ...string) *Entity {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(e.Properties[prop], v) {
			e.Properties[prop] = append(e.Properties[prop], v)
		}
	}
	return e
}

// ftmWriter writes entities as JSON lines and counts them.
type ftmWriter struct {
	enc *json.Encoder
	n   int
}

func (fw *ftmWriter) write(es ...*Entity) error {
	for _, e := range es {
		if err := fw.enc.Encode(e); err != nil {
			return err
		}
		fw.n++
	}
	return nil
}

// ExportFtM writes FollowTheMoney entities to w and returns how many it wrote: the public
// projection with o.Public, else every record the actor may export, with identity
// documents and addresses only when o.WithSecret.
func ExportFtM(ctx context.Context, a *archive.Archive, w io.Writer, o Options) (int, error) {
	bw := bufio.NewWriter(w)
	fw := &ftmWriter{enc: json.NewEncoder(bw)}
	var err error
	if o.Public {
		err = exportPublicFtM(ctx, a, fw, o.Actor.Name)
	} else {
		err = exportTeamFtM(ctx, a, fw, o)
	}
	if err != nil {
		return fw.n, err
	}
	return fw.n, bw.Flush()
}

func exportTeamFtM(ctx context.Context, a *archive.Archive, fw *ftmWriter, o Options) error {
	labels := map[model.ID]string{}
	for _, k := range []model.Kind{model.KindPlace, model.KindFacility} {
		if err := a.Each(ctx, o.Actor, k, false, "ftm export: place names", func(rec model.Record) error {
			switch r := rec.(type) {
			case *model.Place:
				labels[r.ID] = r.Name("")
			case *model.Facility:
				if len(r.Names) > 0 {
					labels[r.ID] = r.Names[0].Text
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	// Persons merged into another (ADR 0410) are the kept person; exporting them too would
	// hand investigators the duplicate an editor already resolved.
	merged, err := a.MergedPersons(ctx, o.Actor)
	if err != nil {
		return err
	}
	m := teamMapper{labels: labels, secret: o.WithSecret}
	return a.Each(ctx, o.Actor, "", o.WithSecret, "ftm export", func(rec model.Record) error {
		if _, ok := merged[rec.Head().ID]; ok {
			return nil
		}
		return fw.write(m.entities(rec)...)
	})
}

// teamMapper turns records into entities.
type teamMapper struct {
	labels map[model.ID]string
	secret bool
}

func ftmID(id model.ID) string { return "tizim-" + id.String() }

func ftmIDs(ids []model.ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !id.IsZero() {
			out = append(out, ftmID(id))
		}
	}
	return out
}

func (m teamMapper) entities(rec model.Record) []*Entity {
	switch r := rec.(type) {
	case *model.Person:
		return m.person(r)
	case *model.Relation:
		return []*Entity{relationEntity(ftmID(r.ID), ftmID(r.To), ftmID(r.From), r.Type)}
	case *model.Event:
		e := eventEntity(ftmID(r.ID), eventName(r.Type, r.Date.String()), ftmDates(r.Date), m.labels[r.Place], m.labels[r.Facility], r.Charge, r.Term, r.Court)
		e.add("involved", ftmIDs(r.Persons)...).add("involved", ftmIDs(r.Officials)...).add("involved", ftmIDs([]model.ID{r.Agency})...)
		e.add("description", r.Description)
		return []*Entity{e}
	case *model.Source:
		doc := sourceEntity(ftmID(r.ID), r.Type, r.Title, r.Publisher, r.Author, ftmDates(r.Date), r.Language, r.URL)
		return append([]*Entity{doc}, documentation(doc.ID, "source", ftmIDs(r.About))...)
	case *model.Testimony:
		doc := testimonyEntity(ftmID(r.ID), r.Medium, ftmDates(r.RecordedOn), r.Language, r.Summary, r.Transcript)
		out := append([]*Entity{doc}, documentation(doc.ID, "testimony about", ftmIDs(r.About))...)
		return append(out, documentation(doc.ID, "testifier", ftmIDs([]model.ID{r.Testifier}))...)
	case *model.Organisation:
		e := newEntity(ftmID(r.ID), "Organization")
		for _, n := range r.Names {
			e.add("name", n.Text)
		}
		return []*Entity{e}
	case *model.Official:
		e := newEntity(ftmID(r.ID), "Person")
		for _, n := range r.Names {
			e.add("name", n.Text)
		}
		return []*Entity{e.add("position", r.Title)}
	}
	return nil // places, facilities, evidence, consents, actions: no FtM counterpart worth the noise
}

func (m teamMapper) person(p *model.Person) []*Entity {
	e := newEntity(ftmID(p.ID), "Person")
	e.add("name", p.PrimaryName())
	for _, n := range p.Names {
		if n.Text != p.PrimaryName() {
			e.add("alias", n.Text)
		}
		if n.Text == p.PrimaryName() {
			e.add("firstName", n.Given).add("fatherName", n.Father).add("lastName", n.Family)
		}
	}
	e.add("birthDate", ftmDates(p.Birth)...)
	e.add("gender", ftmGender(string(p.Gender)))
	for _, c := range p.Citizenship {
		e.add("nationality", strings.ToLower(c))
	}
	e.add("ethnicity", string(p.Ethnicity)).add("religion", p.Religion).add("status", string(p.Status))
	e.add("summary", p.Summary)
	e.add("notes", personNotes(string(p.Status), p.DetainedOn.String(), m.labels[p.Hometown], m.labels[p.Facility], p.EvidenceLevel, p.Occupation))
	if p.ExternalID != "" {
		e.add("keywords", "external id "+p.ExternalID)
	}
	out := []*Entity{e}
	if !m.secret {
		return out
	}
	for i, d := range p.Secret.IDDocs {
		out = append(out, newEntity(fmt.Sprintf("%s-id-%d", e.ID, i+1), "Identification").
			add("holder", e.ID).add("number", d.Number).add("type", d.Type).add("country", strings.ToLower(d.Country)).add("summary", d.Notes))
	}
	if p.Secret.Address != "" {
		addr := newEntity(e.ID+"-address", "Address").add("full", p.Secret.Address)
		e.add("addressEntity", addr.ID)
		out = append(out, addr)
	}
	for _, c := range p.Secret.Contacts {
		switch c.Kind {
		case "phone":
			e.add("phone", c.Value)
		case "email":
			e.add("email", c.Value)
		}
	}
	return out
}
