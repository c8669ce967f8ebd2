package web

import (
	"net/http"
	"sort"

	"github.com/tizim/tizim/internal/archive"
)

// statsTable is one table of the statistics page, ready to render: rows in display order
// with their bar width relative to the largest cell.
type statsTable struct {
	Title      string
	Rows       []statsRow
	Max        int
	Suppressed int
}

type statsRow struct {
	Label string
	Count int
}

type statsPage struct {
	Stats  *archive.Stats
	Tables []statsTable
}

func (s *server) stats(w http.ResponseWriter, r *http.Request) error {
	l := s.locale(w, r)
	st, err := s.arch.PublicStats(r.Context())
	if err != nil {
		return err
	}
	p := statsPage{Stats: st, Tables: []statsTable{
		table(l.T("stats.by_status"), st.ByStatus, st.Suppressed["status"], func(k string) string { return l.V("status", k) }, false),
		table(l.T("stats.by_ethnicity"), st.ByEthnic, st.Suppressed["ethnicity"], func(k string) string { return l.V("ethnicity", k) }, false),
		table(l.T("stats.by_prefecture"), st.ByPref, st.Suppressed["prefecture"], func(k string) string { return k }, false),
		table(l.T("stats.by_year"), st.ByYear, st.Suppressed["detained_year"], func(k string) string { return k }, true),
	}}
	s.render(w, r, http.StatusOK, "stats", l, l.T("stats.title"), p)
	return nil
}

// table orders counts largest first (or by key, for years) and labels them.
func table(title string, counts map[string]int, suppressed int, label func(string) string, byKey bool) statsTable {
	t := statsTable{Title: title, Suppressed: suppressed}
	keys := make([]string, 0, len(counts))
	for k, n := range counts {
		keys = append(keys, k)
		t.Max = max(t.Max, n)
	}
	sort.Slice(keys, func(i, j int) bool {
		if !byKey && counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		t.Rows = append(t.Rows, statsRow{Label: label(k), Count: counts[k]})
	}
	return t
}

func (s *server) apiPublicStats(w http.ResponseWriter, r *http.Request) error {
	st, err := s.arch.PublicStats(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
