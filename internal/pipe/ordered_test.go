package pipe

import (
	"errors"
	"testing"
)

// Items come out transformed and in read order across many chunks, a short last chunk
// included.
func TestOrderedKeepsOrder(t *testing.T) {
	const n = 10_007
	var got []int
	err := Ordered(64, func(add func(int) bool) error {
		for i := range n {
			if !add(i) {
				return nil
			}
		}
		return nil
	}, func(c []int) {
		for i := range c {
			c[i] *= 2
		}
	}, func(c []int) error {
		got = append(got, c...)
		return nil
	})
	if err != nil || len(got) != n {
		t.Fatalf("got %d items, err %v", len(got), err)
	}
	for i, v := range got {
		if v != 2*i {
			t.Fatalf("item %d is %d, want %d", i, v, 2*i)
		}
	}
}

// An error from consume stops the reader (add returns false) and is returned; a read error
// comes after the chunks read before it, without the chunk it cut short.
func TestOrderedStops(t *testing.T) {
	stopErr := errors.New("enough")
	stopped := false
	err := Ordered(8, func(add func(int) bool) error {
		for i := 0; ; i++ {
			if !add(i) {
				stopped = true
				return nil
			}
		}
	}, func([]int) {}, func(c []int) error {
		if c[0] >= 80 {
			return stopErr
		}
		return nil
	})
	if !errors.Is(err, stopErr) || !stopped {
		t.Fatalf("err %v, reader stopped %v", err, stopped) // stopped is safe to read: Ordered waits for the reader
	}

	readErr := errors.New("bad row")
	n := 0
	err = Ordered(8, func(add func(int) bool) error {
		for i := range 20 {
			add(i)
		}
		return readErr
	}, func([]int) {}, func(c []int) error {
		n += len(c)
		return nil
	})
	if !errors.Is(err, readErr) || n != 16 {
		t.Fatalf("err %v after %d items; want the read error after the two whole chunks (16)", err, n)
	}
}
