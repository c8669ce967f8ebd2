package archive_test

import (
	"context"
	"testing"

	"github.com/tizim/tizim/internal/model"
)

// TestQueueDuplicatesThroughIndex: a short list checked against a larger archive takes its
// candidates from the name index. A new spelling in another script of a person already
// there is queued with the engine's reasons; a new person with an unrelated name is not.
func TestQueueDuplicatesThroughIndex(t *testing.T) {
	ctx := context.Background()
	given := []string{"Айгүл", "Нұрлан", "Бақыт", "Гүлнар", "Ерлан", "Мәдина", "Серік", "Жанар"}
	family := []string{"Оспанов", "Төлеуова", "Жақыпов", "Мұратова", "Сейітов"}
	for name, a := range openArchives(t) {
		t.Run(name, func(t *testing.T) {
			for _, g := range given {
				for _, f := range family {
					put(t, a, person(g+" "+f, model.PersonSecret{}))
				}
			}
			old := person("Қайрат Сапарұлы", model.PersonSecret{})
			old.Birth = model.MustDate("1975")
			put(t, a, old)
			same := person("Kairat Saparuly", model.PersonSecret{})
			same.Birth = model.MustDate("1975")
			other := person("Dilnur Abdukerim", model.PersonSecret{})
			put(t, a, same, other)

			n, err := a.QueueDuplicates(ctx, editor, []model.ID{same.ID, other.ID}, 0, "test list")
			if err != nil {
				t.Fatal(err)
			}
			pairs, err := a.Reviews(ctx, editor, "open", 10)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || len(pairs) != 1 {
				t.Fatalf("queued %d, listed %+v; want the one pair of Қайрат Сапарұлы and Kairat Saparuly", n, pairs)
			}
			p := pairs[0]
			if !(p.A == old.ID && p.B == same.ID || p.A == same.ID && p.B == old.ID) || p.Reasons == "" {
				t.Errorf("queued %+v; want the old and the new spelling, with reasons", p)
			}
		})
	}
}
