package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

// scoreBatch reads the JSON lines of `tizim search --batch` (one per query, in the order of
// the variants file) and prints p50/p99 of the time tizim measured per query and recall@10.
func scoreBatch(variantsPath, resultsPath string) error {
	qs, err := readVariants(variantsPath)
	if err != nil {
		return err
	}
	f, err := os.Open(resultsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var lat []time.Duration
	found, i := 0, 0
	kinds := byKind{}
	for sc.Scan() {
		var l struct {
			Query  string
			Micros int64
			Result struct {
				Hits []struct{ ExternalID string }
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return err
		}
		if i >= len(qs) || l.Query != qs[i].text {
			return fmt.Errorf("result %d is for %q, not the variants' query", i, l.Query)
		}
		lat = append(lat, time.Duration(l.Micros)*time.Microsecond)
		ok := false
		for _, h := range l.Result.Hits[:min(10, len(l.Result.Hits))] {
			ok = ok || qs[i].relevant[h.ExternalID]
		}
		if ok {
			found++
		}
		kinds.add(qs[i].kind, ok)
		i++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if i == 0 {
		return fmt.Errorf("no results in %s", resultsPath)
	}
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	fmt.Printf("tizim-e2e\tp50 %.2fms\tp99 %.2fms\trecall@10 %.3f\tqueries %d%s\n", ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), float64(found)/float64(i), i, kinds)
	return nil
}
