package transfer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tizim/tizim/internal/model"
)

// The parts of the FollowTheMoney mapping shared by the team and the public export.

// associations are the relation types FtM models as Associate; the others are Family.
var associations = map[string]bool{"colleague": true, "neighbour": true, "co_detainee": true}

// relationEntity: relative is person's <typ> (tizim's Relation reads "From is To's <typ>",
// FtM's Family "relative is the person's <relationship>").
func relationEntity(id, person, relative, typ string) *Entity {
	if associations[typ] {
		return newEntity(id, "Associate").add("person", person).add("associate", relative).add("relationship", typ)
	}
	return newEntity(id, "Family").add("person", person).add("relative", relative).add("relationship", kinshipWords.Replace(typ))
}

var kinshipWords = strings.NewReplacer("uncle_aunt", "uncle or aunt", "nephew_niece", "nephew or niece", "in_law", "in-law")

// eventName makes the name FtM's Event requires from the type and the date as recorded.
func eventName(typ, date string) string {
	return strings.TrimSpace(strings.ReplaceAll(typ, "_", " ") + " " + date)
}

// eventEntity maps an event.
func eventEntity(id, name string, dates []string, place, facility, charge, term, court string) *Entity {
	e := newEntity(id, "Event").add("name", name).add("date", dates...)
	e.add("location", facility).add("location", place)
	var s []string
	for _, kv := range [][2]string{{"charge", charge}, {"term", term}, {"court", court}} {
		if kv[1] != "" {
			s = append(s, kv[0]+": "+kv[1])
		}
	}
	return e.add("summary", strings.Join(s, "; "))
}

// sourceEntity maps a source: press items are Articles, the rest Documents.
func sourceEntity(id, typ, title, publisher, author string, dates []string, lang, url string) *Entity {
	schema := "Document"
	if typ == "press" || typ == "article" {
		schema = "Article"
	}
	return newEntity(id, schema).add("title", title).add("publisher", publisher).add("author", author).
		add("publishedAt", dates...).add("language", ftmLanguage(lang)).add("sourceUrl", url)
}

// testimonyEntity maps a testimony to a text document with its transcript.
func testimonyEntity(id, medium string, dates []string, lang, summary, transcript string) *Entity {
	return newEntity(id, "PlainText").add("title", "Testimony ("+strings.ReplaceAll(medium, "_", " ")+")").
		add("date", dates...).add("language", ftmLanguage(lang)).add("summary", summary).add("bodyText", transcript)
}

// documentation links a document to each entity it is about, with a role.
func documentation(doc, role string, entities []string) []*Entity {
	var out []*Entity
	for _, ent := range entities {
		h := sha256.Sum256([]byte(doc + "\x00" + role + "\x00" + ent))
		out = append(out, newEntity("tizim-doc-"+hex.EncodeToString(h[:10]), "Documentation").
			add("document", doc).add("entity", ent).add("role", role))
	}
	return out
}

// ftmDates writes a partial date the way FtM's date type reads one: a prefix of ISO 8601.
// FtM has no approximate dates and no ranges, so an approximate date keeps only its year,
// and a range gives the year of each end (one value when both ends share it).
func ftmDates(d model.Date) []string {
	switch {
	case d.IsZero():
		return nil
	case d.To != nil:
		from, to := fmt.Sprintf("%04d", d.Y), fmt.Sprintf("%04d", d.To.Y)
		if from == to {
			return []string{from}
		}
		return []string{from, to}
	case d.Approx:
		return []string{fmt.Sprintf("%04d", d.Y)}
	}
	return []string{d.String()}
}

// ftmDateString parses a partial date written by the public projection.
func ftmDateString(s string) []string {
	d, err := model.ParseDate(s)
	if err != nil {
		return nil
	}
	return ftmDates(d)
}

func ftmGender(g string) string {
	switch g {
	case "m":
		return "male"
	case "f":
		return "female"
	}
	return ""
}

// ftmLanguage turns the two-letter tags tizim records into the ISO 639-3 codes FtM uses.
func ftmLanguage(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	codes := map[string]string{"kk": "kaz", "ru": "rus", "zh": "zho", "ug": "uig", "en": "eng", "ky": "kir",
		"uz": "uzb", "tr": "tur", "de": "deu", "fr": "fra", "mn": "mon", "tt": "tat", "tg": "tgk"}
	if c, ok := codes[base]; ok {
		return c
	}
	if len(base) == 3 {
		return base
	}
	return ""
}

// personNotes says in words what FtM has no property for.
func personNotes(status, detained, hometown, facility string, evidence int, occupation string) string {
	var s []string
	add := func(k, v string) {
		if v != "" {
			s = append(s, k+": "+v)
		}
	}
	add("status", status)
	add("detained", detained)
	add("hometown", hometown)
	add("facility", facility)
	add("occupation", occupation)
	s = append(s, fmt.Sprintf("evidence level: %d of 4", evidence))
	return strings.Join(s, "; ")
}
