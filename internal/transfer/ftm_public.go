package transfer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/tizim/tizim/internal/access"
	"github.com/tizim/tizim/internal/archive"
)

// The public FollowTheMoney export is built from access.PublicPerson values only, the one
// public projection (ADR 0006): it cannot hold a field that projection does not publish.
// Entity ids come from public codes, never from internal ids.

func exportPublicFtM(ctx context.Context, a *archive.Archive, fw *ftmWriter, who string) error {
	seen := map[string]bool{} // sources and testimonies shared by several persons
	return a.EachPublic(ctx, who, func(pp *access.PublicPerson) error {
		return fw.write(publicEntities(pp, seen)...)
	})
}

func publicEntities(pp *access.PublicPerson, seen map[string]bool) []*Entity {
	id := "tizim-" + pp.Code
	p := newEntity(id, "Person")
	if len(pp.Names) > 0 {
		p.add("name", pp.Names[0]).add("alias", pp.Names[1:]...)
	} else {
		p.add("name", pp.Code) // a pseudonymous entry: its code is its only public name
	}
	if pp.BirthYear > 0 {
		p.add("birthDate", strconv.Itoa(pp.BirthYear))
	}
	p.add("gender", ftmGender(pp.Gender)).add("ethnicity", pp.Ethnicity).add("status", pp.Status).add("summary", pp.Summary)
	detained := pp.DetainedOn
	if detained == "" && pp.DetainedYear > 0 {
		detained = strconv.Itoa(pp.DetainedYear)
	}
	home := pp.Hometown
	if home == "" {
		home = pp.Prefecture
	}
	p.add("notes", personNotes(pp.Status, detained, home, pp.Facility, pp.EvidenceLevel, ""))
	p.add("keywords", "publication "+string(pp.Level))
	out := []*Entity{p}
	for i, ev := range pp.Timeline {
		out = append(out, eventEntity(fmt.Sprintf("%s-event-%d", id, i+1), eventName(ev.Type, ev.Date), ftmDateString(ev.Date),
			ev.Place, ev.Facility, ev.Charge, ev.Term, ev.Court).add("involved", id))
	}
	for _, s := range pp.Sources {
		h := sha256.Sum256([]byte(s.Type + "\x00" + s.Title + "\x00" + s.Publisher + "\x00" + s.Date + "\x00" + s.URL))
		sid := "tizim-source-" + hex.EncodeToString(h[:10])
		if !seen[sid] {
			seen[sid] = true
			out = append(out, sourceEntity(sid, s.Type, s.Title, s.Publisher, "", ftmDateString(s.Date), "", s.URL))
		}
		out = append(out, documentation(sid, "source", []string{id})...)
	}
	for _, t := range pp.Testimonies {
		tid := "tizim-" + t.Code
		if !seen[tid] {
			seen[tid] = true
			out = append(out, testimonyEntity(tid, t.Medium, ftmDateString(t.RecordedOn), t.Language, t.Summary, t.Transcript).
				add("author", t.Testifier))
		}
		out = append(out, documentation(tid, "testimony about", []string{id})...)
	}
	for _, r := range pp.Relatives {
		// Both relatives are public and each lists the other: write the pair once.
		if pp.Code < r.Code {
			out = append(out, relationEntity(fmt.Sprintf("tizim-%s-%s", pp.Code, r.Code), id, "tizim-"+r.Code, r.Type))
		}
	}
	return out
}
