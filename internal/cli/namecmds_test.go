package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(f func(stdin *bytes.Buffer, stdout, stderr *bytes.Buffer) int) (int, string, string) {
	var in, out, errb bytes.Buffer
	code := f(&in, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunNames(t *testing.T) {
	code, out, _ := run(func(in, out, errb *bytes.Buffer) int {
		return RunNames(in, out, errb, []string{"Серікжан Біләш", "伊力哈木·土赫提"})
	})
	if code != 0 {
		t.Fatalf("exit %d, want 0", code)
	}
	for _, want := range []string{"kk-Cyrl", "Serıkjan Bıläş", "Serikzhan Bilash", "Yilihamu Tuheti", "keys:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(func(in, out, errb *bytes.Buffer) int {
		return RunNames(in, out, errb, []string{"--json", "Ilham Tohti"})
	})
	var a map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &a) != nil || a["keys"] == nil {
		t.Errorf("--json: exit %d, output %q", code, out)
	}
	if code, _, _ := run(func(in, out, errb *bytes.Buffer) int { return RunNames(in, out, errb, nil) }); code != 2 {
		t.Errorf("no names: exit %d, want 2", code)
	}
}

func TestRunCompare(t *testing.T) {
	code, out, _ := run(func(in, out, errb *bytes.Buffer) int {
		return RunCompare(in, out, errb, []string{"伊力哈木·土赫提", "Ilham Tohti"})
	})
	if code != 0 || !strings.Contains(out, "match true") {
		t.Errorf("exit %d, output %q", code, out)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "pairs.csv")
	os.WriteFile(in, []byte("name1,name2,note\nСерікжан Біләш,Serikzhan Bilash,a\nFidel Castro,Fernando Castro,b\n"), 0o644)
	outPath := filepath.Join(dir, "out.csv")
	code, _, stderr := run(func(i, o, e *bytes.Buffer) int {
		return RunCompare(i, o, e, []string{"--pairs", in, "--out", outPath})
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(outPath)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "name1,name2,note,score,match" {
		t.Errorf("header: got %q", got)
	}
	if rows[1][4] != "true" || rows[2][4] != "false" || rows[1][2] != "a" {
		t.Errorf("rows: got %v", rows[1:])
	}
	for _, args := range [][]string{{"one"}, {"--threshold", "2", "a", "b"}, {"--nope"}} {
		if code, _, _ := run(func(i, o, e *bytes.Buffer) int { return RunCompare(i, o, e, args) }); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, _ := run(func(i, o, e *bytes.Buffer) int {
		return RunCompare(i, o, e, []string{"--pairs", filepath.Join(dir, "missing.csv")})
	}); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
}

func TestRunDedupe(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "people.csv")
	os.WriteFile(in, []byte(`id,name,birth_year,gender,place,id_number,extra
p1,Серікжан Біләш,1975,m,Құлжа,,x
p2,Serikzhan Bilash,1975,m,Ghulja,,y
p3,Серикжан Билаш,1985,m,Алматы,,z
p4,Гүлбахар Жәлилқызы,1960,f,,,
p5,Gulbahar Jalilova,1960,f,,,
p6,Serıkjan Bıläş,1975,,,,
`), 0o644)
	out := filepath.Join(dir, "out.csv")
	code, _, stderr := run(func(i, o, e *bytes.Buffer) int {
		return RunDedupe(i, o, e, []string{"--in", in, "--out", out})
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(out)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "id,cluster,score,reason" {
		t.Errorf("header: got %q", got)
	}
	cluster := map[string]string{}
	for _, r := range rows[1:] {
		cluster[r[0]] = r[1]
	}
	want := map[string]string{"p1": "p1", "p2": "p1", "p3": "p3", "p4": "p4", "p5": "p4", "p6": "p1"}
	for id, c := range want {
		if cluster[id] != c {
			t.Errorf("%s: got cluster %q, want %q (all %v)", id, cluster[id], c, rows)
		}
	}
	if code, _, _ := run(func(i, o, e *bytes.Buffer) int { return RunDedupe(i, o, e, nil) }); code != 2 {
		t.Errorf("no --in: exit %d, want 2", code)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("who,what\n"), 0o644)
	if code, _, _ := run(func(i, o, e *bytes.Buffer) int { return RunDedupe(i, o, e, []string{"--in", bad}) }); code != 1 {
		t.Errorf("bad header: exit %d, want 1", code)
	}
}
