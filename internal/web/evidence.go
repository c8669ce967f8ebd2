package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
	"github.com/tizim/tizim/internal/store"
)

// The team's evidence pages: a person's files, one file with its player, the decrypted
// content (range requests, so video seeks), downloads and the custody report. What a role
// may open is the archive's decision (archive.Files.Open); every opening is audited there.

type evidenceListPage struct {
	Person *model.Person
	Files  []*model.Evidence
}

// evidenceRoutes registers the team's evidence pages: lists, playback, custody, uploads
// (evidence_upload.go) and making the scrubbed copy of a stored original.
func (s *server) evidenceRoutes(mux *http.ServeMux) {
	mux.Handle("GET /team/person/{id}/evidence", s.team(s.teamPersonEvidence))
	mux.Handle("GET /team/evidence/{id}", s.team(s.teamEvidence))
	mux.Handle("GET /team/evidence/{id}/content", s.team(s.evidenceContent))
	mux.Handle("GET /team/evidence/{id}/custody", s.team(s.evidenceCustody))
	mux.Handle("GET /team/upload/{id}", s.team(s.uploadForm))
	mux.Handle("POST /team/upload/{id}", s.team(s.upload))
	mux.Handle("POST /team/evidence/{id}/scrub", s.team(s.evidenceScrub))
}

func (s *server) teamPersonEvidence(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return errNoRoute
	}
	l := s.locale(w, r)
	id, err := s.arch.Resolve(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	rec, err := s.arch.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p, ok := rec.(*model.Person)
	if !ok {
		return fmt.Errorf("%s: %w", id, model.ErrNotFound)
	}
	files, err := s.files.About(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "team_evidence_list", l, p.PrimaryName(), evidenceListPage{Person: p, Files: files})
	return nil
}

type evidencePage struct {
	Evidence    *model.Evidence
	File        *store.EvidenceFile
	Player      string // video, audio, image, pdf or ""
	Derivatives []archive.Derived
}

func (s *server) teamEvidence(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return errNoRoute
	}
	l := s.locale(w, r)
	id, err := model.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ev, file, err := s.files.Evidence(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	p := evidencePage{Evidence: ev, File: file, Player: player(file.MediaType)}
	s.render(w, r, http.StatusOK, "team_evidence", l, ev.Title, p)
	return nil
}

// player says how a page shows a media type; anything else is only downloaded.
func player(mediaType string) string {
	switch {
	case strings.HasPrefix(mediaType, "video/"):
		return "video"
	case strings.HasPrefix(mediaType, "audio/"):
		return "audio"
	case mediaType == "image/jpeg", mediaType == "image/png", mediaType == "image/gif", mediaType == "image/webp":
		return "image"
	case mediaType == "application/pdf":
		return "pdf"
	}
	return ""
}

// evidenceContent streams the decrypted file. Inline for playback: the first request of a
// playback (no Range, or one from byte 0) is audited as a view, the seeks that follow are
// not; ?download=1 sends it as an attachment and is audited as a download.
func (s *server) evidenceContent(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return errNoRoute
	}
	id, err := model.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	why := archive.View
	download := r.URL.Query().Get("download") == "1"
	if rng := r.Header.Get("Range"); !download && rng != "" && !strings.HasPrefix(rng, "bytes=0-") {
		why = archive.Seek
	}
	if download {
		why = archive.Download
	}
	c, err := s.files.Open(r.Context(), actor(r), id, why)
	if err != nil {
		return err
	}
	defer c.Close()
	h := w.Header()
	h.Set("Content-Type", c.File.MediaType)
	// The sandbox keeps a PDF or image from running anything or reaching anything, even if a
	// file was crafted to; nosniff (set for every response) stops a type being guessed.
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
	disp := "inline"
	if download || player(c.File.MediaType) == "" {
		disp = "attachment"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": c.Evidence.Title}))
	h.Set("Digest", "sha-256="+c.File.SHA256) // hex, as recorded; for the reader's own check
	http.ServeContent(w, r, "", c.Evidence.ReceivedAt, c)
	return nil
}

func (s *server) evidenceCustody(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return errNoRoute
	}
	asJSON := r.URL.Query().Get("format") == "json"
	id, err := model.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := s.files.Custody(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if asJSON {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "custody-" + id.String() + ".json"}))
		writeJSON(w, http.StatusOK, c)
		return nil
	}
	l := s.locale(w, r)
	s.render(w, r, http.StatusOK, "team_custody", l, l.Tf("custody.page_title", c.Title),
		custodyPage{Custody: c, VerifiedOK: strings.HasPrefix(c.Verified, "ok")})
	return nil
}

// custodyPage is a custody report as the page shows it: whether the check passed is shown
// in the reader's language, a failure with the report's own words.
type custodyPage struct {
	*archive.Custody
	VerifiedOK bool
}

// evidenceScrub makes the metadata-scrubbed copy of a stored original (the archive checks
// the write right and audits the copy) and shows the new copy.
func (s *server) evidenceScrub(w http.ResponseWriter, r *http.Request) error {
	if s.files == nil {
		return errNoRoute
	}
	id, err := model.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	sid, err := s.files.Scrub(r.Context(), actor(r), id)
	if errors.Is(err, archive.ErrNotOriginal) || errors.Is(err, media.ErrRejected) {
		return bad("evidence.scrub_failed", err.Error())
	}
	if err != nil && !errors.Is(err, model.ErrForbidden) && !errors.Is(err, model.ErrNotFound) {
		return bad("evidence.scrub_failed", err.Error())
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/team/evidence/"+sid.String(), http.StatusSeeOther)
	return nil
}
