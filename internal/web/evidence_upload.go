package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/tizim/tizim/internal/archive"
	"github.com/tizim/tizim/internal/media"
	"github.com/tizim/tizim/internal/model"
)

// Uploading evidence from the team's pages: one or more files, with how they came in (the
// chain of custody), attached to a person, testimony, source or event. The request body is
// read part by part and each file streams through archive.Files.IngestStream into the
// encrypted store: no file is held whole in memory or written anywhere in plaintext, its
// type is sniffed and its size capped per type as the command line does. Who may upload is
// the archive's rule (the write right: intake, editor, admin; not researchers); the
// cross-origin protection of every POST applies; each file is in the audit log as ingested
// by the signed-in user.

// uploadKinds are the kinds the form offers; "" lets the content decide.
var uploadKinds = []string{"", "video_appeal", "interview", "document", "photo", "audio", "article", "other"}

// maxUploadField caps a text field of the upload form.
const maxUploadField = 4 << 10

type uploadPage struct {
	Target  model.ID
	Label   string     // the target's name or title
	Kind    model.Kind // what the target is
	Kinds   []string
	Ways    []string // suggestions for "how"
	Results []uploadResult
	Now     string // for the date field's default
}

type uploadResult struct {
	Name      string
	ID        model.ID
	Duplicate bool
	Scrubbed  model.ID
	Note      string // why no scrubbed copy was made
	Refused   string // why the file was not taken, when it was not
}

// uploadTarget resolves the path's record and checks that files may attach to it and that
// the actor may upload.
func (s *server) uploadTarget(r *http.Request) (uploadPage, error) {
	if s.files == nil {
		return uploadPage{}, errNoRoute
	}
	who := actor(r)
	if !who.Role.Can(archive.OpWrite) {
		return uploadPage{}, model.ErrForbidden
	}
	id, err := s.arch.Resolve(r.Context(), r.PathValue("id"))
	if err != nil {
		return uploadPage{}, err
	}
	rec, err := s.arch.Get(r.Context(), who, id)
	if err != nil {
		return uploadPage{}, err
	}
	p := uploadPage{Target: id, Kind: rec.Kind(), Kinds: uploadKinds,
		Ways: []string{"in person", "USB stick", "messaging app", "email", "post"},
		Now:  time.Now().UTC().Format("2006-01-02T15:04")}
	switch v := rec.(type) {
	case *model.Person:
		p.Label = v.PrimaryName()
	case *model.Testimony:
		p.Label = v.Summary
	case *model.Source:
		p.Label = v.Title
	case *model.Event:
		p.Label = v.Type
	default:
		return uploadPage{}, fmt.Errorf("%s is a %s: %w", id, rec.Kind(), model.ErrNotFound)
	}
	if r := []rune(p.Label); len(r) > 80 { // a testimony's summary can be long
		p.Label = string(r[:80]) + "…"
	}
	if p.Label == "" {
		p.Label = id.String()
	}
	return p, nil
}

func (s *server) uploadForm(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	p, err := s.uploadTarget(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "team_upload", l, l.Tf("upload.title", p.Label), p)
	return nil
}

// upload takes the multipart form: the custody fields first (the form puts them before the
// file input, and browsers send fields in form order), then any number of files.
func (s *server) upload(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	p, err := s.uploadTarget(r)
	if err != nil {
		return err
	}
	// A video of some gigabytes takes longer than the server's read timeout for ordinary
	// requests; this request may take as long as it needs, the body is capped below.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Time{})
	rc.SetWriteDeadline(time.Time{})
	r.Body = http.MaxBytesReader(w, r.Body, s.uploadCap())
	mr, err := r.MultipartReader()
	if err != nil {
		return bad("error.bad_request", "not a multipart form: "+err.Error())
	}
	ctx := r.Context()
	who := actor(r)
	_, hook, err := s.files.AttachTo(ctx, who, p.Target)
	if err != nil {
		return err
	}
	var in archive.Incoming
	in.About = []model.ID{p.Target}
	var how string
	added := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return bad("error.bad_request", "reading the upload: "+err.Error())
		}
		if part.FileName() == "" {
			if err := uploadField(part, &in, &how); err != nil {
				return err
			}
			continue
		}
		if part.FormName() != "files" {
			part.Close()
			continue
		}
		in.How = "web upload by " + who.Name
		if how != "" {
			in.How += ": " + how
		}
		in.Name = uploadName(part.FileName())
		res := uploadResult{Name: in.Name}
		got, err := s.files.IngestStream(ctx, who, in, part, hook)
		part.Close()
		switch {
		case err == nil:
			res.ID, res.Duplicate, res.Scrubbed, res.Note = got.ID, got.Duplicate, got.Scrubbed, got.ScrubNote
			added++
		case errors.Is(err, media.ErrRejected):
			res.Refused = strings.TrimPrefix(err.Error(), in.Name+": ")
		case ctx.Err() != nil:
			return ctx.Err()
		default:
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				res.Refused = l.T("upload.too_big")
				p.Results = append(p.Results, res)
				s.render(w, r, http.StatusRequestEntityTooLarge, "team_upload", l, l.Tf("upload.title", p.Label), p)
				return nil
			}
			return err
		}
		p.Results = append(p.Results, res)
	}
	code := http.StatusOK
	if added == 0 {
		code = http.StatusBadRequest // nothing taken: no file, or every one refused
		if len(p.Results) == 0 {
			p.Results = append(p.Results, uploadResult{Refused: l.T("upload.no_files")})
		}
	}
	s.render(w, r, code, "team_upload", l, l.Tf("upload.title", p.Label), p)
	return nil
}

// uploadField reads one text field of the form into in.
func uploadField(part *multipart.Part, in *archive.Incoming, how *string) error {
	b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
	part.Close()
	if err != nil {
		return bad("error.bad_request", "reading the upload: "+err.Error())
	}
	if len(b) > maxUploadField {
		return bad("error.bad_request", part.FormName()+" is too long")
	}
	v := strings.TrimSpace(string(b))
	switch part.FormName() {
	case "received_from":
		in.ReceivedFrom = v
	case "how":
		*how = v
	case "received_at":
		if v == "" {
			break
		}
		t, err := time.Parse("2006-01-02T15:04", v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", v); err != nil {
				return bad("error.bad_request", "received_at: "+err.Error())
			}
		}
		in.ReceivedAt = t.UTC()
	case "kind":
		ok := false
		for _, k := range uploadKinds {
			ok = ok || k == v
		}
		if !ok {
			return bad("error.bad_request", "kind "+v)
		}
		in.Kind = v
	case "notes":
		in.Notes = v
	case "scrub":
		in.Scrub = v != ""
	}
	return nil
}

// uploadName keeps the last element of a browser-sent file name, for the Evidence title
// only (it never names anything on disk).
func uploadName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "upload"
	}
	if len(name) > 255 {
		name = strings.ToValidUTF8(name[:255], "")
	}
	return name
}

// uploadCap is the most one upload request may carry: the largest per-type limit and room
// for the form's fields. Each file's own type limit is applied as it streams.
func (s *server) uploadCap() int64 {
	var most int64
	for _, n := range media.DefaultLimits().Size {
		most = max(most, n)
	}
	return most + 1<<20
}
