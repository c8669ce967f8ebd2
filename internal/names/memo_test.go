package names

import (
	"reflect"
	"testing"
)

// ComparePreparedMemo gives exactly what ComparePrepared gives, with one memo kept across
// thousands of comparisons (words in many scripts, Chinese characters among them, and more
// pairs than the memo has slots, so that slots are overwritten and read back).
func TestComparePreparedMemo(t *testing.T) {
	var forms []string
	seen := map[string]bool{}
	for _, v := range readVariants(t) {
		for _, s := range append([]string{v.rec.Name}, v.rec.Forms...) {
			if !seen[s] && len(forms) < 3000 {
				seen[s] = true
				forms = append(forms, s)
			}
		}
	}
	forms = append(forms, "王伟", "王 伟", "Wang Wei", "艾合买提·吐尔逊", "Ähmät Tursun", "Ахмет Турсун", "أحمد تورسۇن")
	ps := make([]*Prepared, len(forms))
	for i, f := range forms {
		ps[i] = Prepare(Record{Name: f, Forms: []string{forms[(i*7+3)%len(forms)]}})
	}
	m := NewMemo()
	n, same := 0, 0
	for i := range ps {
		for _, d := range []int{1, 2, 5, 17, 101} {
			j := (i + d) % len(ps)
			want, got := ComparePrepared(ps[i], ps[j]), ComparePreparedMemo(ps[i], ps[j], m)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%q vs %q: ComparePrepared %+v, with a memo %+v", forms[i], forms[j], want, got)
			}
			n++
			if want.Score > 0.5 {
				same++
			}
		}
	}
	if n < 10000 || same == 0 {
		t.Fatalf("%d comparisons, %d above 0.5: the test compares too little", n, same)
	}
}
