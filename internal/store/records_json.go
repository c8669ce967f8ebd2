package store

import (
	"encoding/json"

	"github.com/tizim/tizim/internal/model"
)

// recordJSON is json.Marshal(rec): by the record's own writer when it has one (a person,
// ADR 0415), else by encoding/json.
func recordJSON(rec model.Record) ([]byte, error) {
	if p, ok := rec.(*model.Person); ok {
		return p.AppendJSON(make([]byte, 0, 1024))
	}
	return json.Marshal(rec)
}
