package archive_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// TestQueueDuplicatesClustered: a first load (the new persons are most of the archive) is
// checked by clustering the whole archive. The same person in Kazakh Cyrillic (already in
// the archive) and in Latin (new) is queued with the engine's reasons; namesakes born far
// apart, an unrelated new person and a pair an editor already merged are not.
func TestQueueDuplicatesClustered(t *testing.T) {
	ctx := context.Background()
	given := []string{"Айгүл", "Нұрлан", "Бақыт", "Гүлнар", "Ерлан", "Мәдина", "Серік", "Жанар"}
	family := []string{"Оспанов", "Төлеуова", "Жақыпов", "Мұратова", "Сейітов"}
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			old := person("Қайрат Сапарұлы", model.PersonSecret{})
			old.Birth = model.MustDate("1975")
			put(t, a, old)
			var ids []model.ID
			for k, g := range given {
				for _, f := range family {
					p := person(g+" "+f, model.PersonSecret{})
					p.Birth = model.MustDate(strconv.Itoa(1960 + k))
					put(t, a, p)
					ids = append(ids, p.ID)
				}
			}
			same := person("Kairat Saparuly", model.PersonSecret{})
			same.Birth = model.MustDate("1975")
			elder := person("Kairat Saparuly", model.PersonSecret{})
			elder.Birth = model.MustDate("1940")
			other := person("Dilnur Abdukerim", model.PersonSecret{})
			kept := person("Мәдина Жақыпова", model.PersonSecret{})
			dup := person("Madina Zhaqypova", model.PersonSecret{})
			put(t, a, same, elder, other, kept, dup)
			if _, err := a.Merge(ctx, editor, kept.ID, dup.ID, "one person"); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, same.ID, elder.ID, other.ID, kept.ID, dup.ID)

			n, err := a.QueueDuplicates(ctx, editor, ids, 0, "test load")
			if err != nil {
				t.Fatal(err)
			}
			pairs, err := a.Reviews(ctx, editor, "open", 100)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(pairs) {
				t.Errorf("QueueDuplicates said %d, the queue holds %d", n, len(pairs))
			}
			found := false
			for _, p := range pairs {
				is := func(x, y model.ID) bool { return p.A == x && p.B == y || p.A == y && p.B == x }
				switch {
				case is(old.ID, same.ID):
					found = true
					if !strings.Contains(p.Reasons, "same birth year") {
						t.Errorf("reasons %q: want the engine's reasons", p.Reasons)
					}
				case p.A == elder.ID || p.B == elder.ID, p.A == other.ID || p.B == other.ID:
					t.Errorf("queued %s ~ %s (%.2f): not the same person", p.NameA, p.NameB, p.Score)
				case p.A == dup.ID || p.B == dup.ID:
					t.Errorf("queued %s ~ %s: merged already", p.NameA, p.NameB)
				}
			}
			if !found {
				t.Errorf("queued %+v; want Қайрат Сапарұлы ~ Kairat Saparuly", pairs)
			}
		})
	}
}
