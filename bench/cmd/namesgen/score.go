package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
)

// scoreOutput compares a dedupe output (id,cluster,…) with the person column of the input and
// prints pairwise precision, recall and F1, counted from the contingency of clusters and
// persons so that a million records need no pair enumeration.
func scoreOutput(inPath, outPath string) error {
	person, err := column(inPath, "id", "person")
	if err != nil {
		return err
	}
	cluster, err := column(outPath, "id", "cluster")
	if err != nil {
		return err
	}
	both := map[[2]string]int{}
	bySize := map[string]int{}
	byPerson := map[string]int{}
	for id, p := range person {
		c, ok := cluster[id]
		if !ok {
			return fmt.Errorf("%s: id %s missing", outPath, id)
		}
		both[[2]string{c, p}]++
		bySize[c]++
		byPerson[p]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var tp, predicted, truth float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, n := range bySize {
		predicted += pairs(n)
	}
	for _, n := range byPerson {
		truth += pairs(n)
	}
	p, r := tp/predicted, tp/truth
	fmt.Printf("records %d persons %d clusters %d: pairwise precision %.4f recall %.4f F1 %.4f\n",
		len(person), len(byPerson), len(bySize), p, r, 2*p*r/(p+r))
	return nil
}

func column(path, key, val string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	h, err := r.Read()
	if err != nil {
		return nil, err
	}
	ki, vi := -1, -1
	for i, c := range h {
		switch c {
		case key:
			ki = i
		case val:
			vi = i
		}
	}
	if ki < 0 || vi < 0 {
		return nil, fmt.Errorf("%s: need columns %s and %s", path, key, val)
	}
	m := map[string]string{}
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		if err != nil {
			return nil, err
		}
		m[row[ki]] = row[vi]
	}
}
