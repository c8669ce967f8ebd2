package names

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The engine golden test pins every output of the name engine on a large fixed sample:
// Analyze (tokens, readings, structure, romanisations, keys), Keys, the prepared records
// (readings with roles, stems, weights, qualifiers) and their block-key parts, Compare,
// ComparePrepared, scorePrepared and CannotLink on pairs, and the dedupe clusters of the
// Kazakh variant set. It was generated from the engine before its speed work: an
// optimisation must leave every line byte-identical. Regenerate only for an intended change
// of results:
//
//	go test -run TestEngineGolden ./internal/names -args update-engine-golden

const engineGoldenFile = "testdata/golden/engine.txt.gz"

// goldenNames lists the name forms of the sample: every name and place of the fixtures,
// the gazetteer's names, edge cases, and random strings over the letters the readers know.
func goldenNames(t testing.TB) []string {
	t.Helper()
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, f := range []string{"negatives_global.csv", "positives_un_treated.csv", "positives_un_untreated.csv", "positives_us_congress_untreated.csv"} {
		_, rows := readCSVFile(t, "testdata/opensanctions-yente/"+f)
		for _, r := range rows {
			add(r[0])
			add(r[1] + " " + r[3])
			add(r[6])
		}
	}
	for _, f := range []string{"name_bench_cases.csv", "name_bench_logicv2-frozen.csv"} {
		h, rows := readCSVFile(t, "testdata/opensanctions-nomenklatura/"+f)
		n1, n2 := column(h, "name1"), column(h, "name2")
		for _, r := range rows {
			add(r[n1])
			add(r[n2])
		}
	}
	for _, v := range readVariants(t) {
		add(v.rec.Name)
		add(v.rec.Place)
		add(v.icu)
	}
	for _, f := range []string{"kazakh-given-names-mimesis.csv", "kazakh-surnames-mimesis.csv", "kaznerd-person-spans.csv"} {
		_, rows := readCSVFile(t, "testdata/names/"+f)
		for _, r := range rows {
			add(r[0])
		}
	}
	putin, err := os.ReadFile("testdata/opensanctions-nomenklatura/putin_names.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(putin), "\n") {
		add(strings.TrimSpace(l))
	}
	for _, e := range placeEntries {
		for _, n := range strings.Split(e[2], "|") {
			add(n)
		}
	}
	for _, s := range []string{"", " ", "·", "-", "'", "Серікжан Біләш", "سەرىكجان ٴبىلاش", "伊力哈木·土赫提",
		"BILASH, Serikzhan", "\u200d\u0640\ufeff", "ﻣﺤﻤﺪ", "김정은", "a'b'c'", "·-·", "ٴ", "Jong-un", "\xff\xfe",
		"Си Цзиньпин", "Чэнь Цюаньго", "习近平", "歐陽修", "ABDIKAI·YR", "Сeрікжан", "Serikzhаn", "İbrahim IBRAHIM",
		"Şerif Işık", "Mées", "Hsi Hsu", "Vučić Vucic", "Zelenskyy", "Syrym", "Yilihamu Tuheti", "Jinping Wenbao",
		"Sh'oqan Ua'lixan'uly'", "Shoqan Wálıhanuly", "Jumabay Ūlı", "Dr. Mr Ali bin Hassan al-Assad", "Қасым-Жомарт",
		"Мария-Тереза", "Ἀλέξανδρος Παπαδόπουλος", "Αλέξανδρος", "Պետրոսյան Ռուբեն", "მიხეილ სააკაშვილი",
		"アブドゥラ", "やまだ たろう", "キャシー", "שמעון פרס", "สมชาย", "សុខ", "राम", "ঢাকা", "ሀይሌ", "ᠮᠣᠩᠭᠣᠯ",
		"Sergejs Lavrovs", "Plenković", "Volodymyr Oleksandrovych Zelenskyy", "Гүлбахар Жәлилқызы", "Jalilova",
		"Aybala Abukyzy", "Айбала Әбуқызы", "NURISTANI, Abdul Aziz", "Kim Jong-un", "Chiang Kai-shek", "O'Brien",
		"Маматов Мамат Маматович", "Ёлкин Эдуард Щукин", "Юлия Яковлевна", "Ильхам Тохти", "ئىلھام توختى",
		"Ilham Tohti", "Абдувели Аюп", "Абдувәли Аюп", "ابدۇۋەلى ايۇپ", "محمد رضا شاه پهلوی", "عبدالله بن عبدالعزيز",
		"Muhammad Mämät Memet", "Yusuf Jüsip", "Benjamin Bibi", "Μπαμπης", "Ντόρα", "Ξενοφών", "ｓｅｒｉｋ",
		"ﬁliz", "Ａｌｉ", "Ali\u00adya", "Ali\u200bya", "Ал\u0301ия", "e\u0301mile", "Ǵalym Ńurlan Ýsken",
		"Qasym-Jomart Toqaev", "Qasım-Jomart Toqayev", "Žұpar", "Kˌasym", "Nurılan", "1975 Ali", "Ali 2", "&&&",
		"阿不都热合曼", "买买提·吐尔逊", "玉苏甫江", "古丽娜尔", "热依汗古丽", "Ayşegül Gülbahar", "Ãlvaro Muñoz",
		"ǅemal Ǆafer", "Łukasz Żółć", "Øyvind Ærø", "Straße", "Þór Ðóra", "Abd al-Rahman", "ibn Sina",
	} {
		add(s)
	}
	// random strings over the letters, marks and separators the readers handle
	alphabets := []string{
		"abcdefghijklmnopqrstuvwxyzäöüıūşğñçéëáóúýǵńâûôžščəˌʹʺ'’ABCIİKQXZ",
		"абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяәӘҒҚҢӨҰҮҺІЖЕЁАБҖӯӣҳҷ",
		"ابپتجچخحدرزژسشغعفقكکگڭلمنھهئءٴىيوۆۇۈۋەېٵٶٷٸًٌٍَُِّْٰ",
		"阿艾爱安奥巴拜木提克尔力甫夫斯孜合赫德特王李张刘陈杨黄赵近平习国全买古丽江汗欧阳司马",
		"αβγδεζηθικλμνξοπρστυφχψωάέ", "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆու",
		"აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ", "アイウエオカキクャュョァィッーあいう", "가나다라김정은박",
		"אבגדהוזחטיכךלמםנןסעפףצץקרשת", " ·-_,،/.()[]«»;:、|&+\u200b\u200d\u0640\ufeff\u00ad0123456789",
	}
	rng := rand.New(rand.NewPCG(20261129, 1))
	for i := 0; i < 6000; i++ {
		var b strings.Builder
		words := 1 + rng.IntN(4)
		for w := 0; w < words; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			main := []rune(alphabets[rng.IntN(len(alphabets))])
			n := 1 + rng.IntN(10)
			for k := 0; k < n; k++ {
				a := main
				if rng.IntN(12) == 0 {
					a = []rune(alphabets[rng.IntN(len(alphabets))])
				}
				b.WriteRune(a[rng.IntN(len(a))])
			}
		}
		add(b.String())
	}
	return out
}

// goldenRecords lists whole records (qualifiers included) for Prepare and the pair tests.
func goldenRecords(t testing.TB) (recs []Record, pairs [][2]int) {
	t.Helper()
	idx := func(r Record) int { recs = append(recs, r); return len(recs) - 1 }
	for _, f := range []string{"name_bench_cases.csv", "name_bench_logicv2-frozen.csv"} {
		h, rows := readCSVFile(t, "testdata/opensanctions-nomenklatura/"+f)
		n1, n2 := column(h, "name1"), column(h, "name2")
		for _, r := range rows {
			pairs = append(pairs, [2]int{idx(Record{Name: r[n1]}), idx(Record{Name: r[n2]})})
		}
	}
	vs := readVariants(t)
	first := map[string]int{}
	for i, v := range vs {
		j := idx(v.rec)
		if k, ok := first[v.person]; ok {
			pairs = append(pairs, [2]int{k, j})
		} else {
			first[v.person] = j
		}
		if i > 0 {
			pairs = append(pairs, [2]int{j - 1, j})
		}
	}
	plain := yenteRecords(t, "positives_un_untreated.csv")
	treated := yenteRecords(t, "positives_un_treated.csv")
	for i := range plain {
		pairs = append(pairs, [2]int{idx(plain[i]), idx(treated[i])})
	}
	neg := yenteRecords(t, "negatives_global.csv")
	for i := 0; i < 6000 && i < len(neg); i++ {
		j := idx(neg[i])
		if i > 0 {
			pairs = append(pairs, [2]int{j - 1, j})
		}
	}
	// qualifiers: identity numbers (valid, invalid, equal, different), dates, genders, places
	ids := []string{"654002197503120012", "65400219750312001X", "650102198001011234", "654002197503120012",
		"AB1234567", "ab 123-4567", "", "65010219800101123X"}
	genders := []string{"m", "f", "", "Male", "ж", "女", "x"}
	places := []string{"", "Kashgar", "Кашгар", "喀什市", "Ghulja", "Құлжа", "Kalasu", "Ürümqi", "Almaty",
		"伊宁县", "Turpan Prefecture", "Hotan", "قەشقەر", "Tirin Kot city, Afghanistan"}
	rng := rand.New(rand.NewPCG(7, 11))
	base := len(recs)
	for i := 0; i < 1500; i++ {
		v := vs[rng.IntN(len(vs))]
		r := v.rec
		r.Forms = nil
		if rng.IntN(3) == 0 {
			r.Forms = []string{vs[rng.IntN(len(vs))].rec.Name, v.icu}
		}
		r.IDNumber = ids[rng.IntN(len(ids))]
		r.Gender = genders[rng.IntN(len(genders))]
		r.Place = places[rng.IntN(len(places))]
		switch rng.IntN(4) {
		case 0:
			r.BirthDate = strconv.Itoa(r.BirthYear) + "-03-12"
		case 1:
			r.BirthDate, r.BirthYear = "~1975-03", 0
		case 2:
			r.BirthYear = 0
		}
		j := idx(r)
		if i > 0 {
			pairs = append(pairs, [2]int{j - 1, j}, [2]int{base + rng.IntN(i), j})
		}
	}
	return recs, pairs
}

// dumpPrepared writes a prepared record's features as text.
func dumpPrepared(w io.Writer, p *Prepared) {
	for _, rd := range p.readings {
		fmt.Fprint(w, " [")
		for _, c := range rd {
			fmt.Fprintf(w, " {%q %q %q %q %q %v %q %v %v %d}", c.p, string(c.r), string(c.stem), string(c.cons),
				c.role, c.exp, string(c.cjk), c.abjad, c.weight, c.eq)
		}
		fmt.Fprint(w, " ]")
	}
	fmt.Fprintf(w, " year=%d date=%q gender=%d place=%v placeText=%q id=%q idValid=%v idRegion=%q father=%q placeWord=%q",
		p.year, p.date, p.gender, p.place, string(p.placeText), p.id, p.idValid, p.idRegion, string(p.father), string(p.placeWord))
	fmt.Fprint(w, " blocks:")
	blockKeyParts(p, func(kind byte, a, b string) { fmt.Fprintf(w, " %c:%q:%q", kind, a, b) })
}

// engineGolden writes every output of the engine on the sample.
func engineGolden(t testing.TB, w io.Writer) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	for _, s := range goldenNames(t) {
		a := Analyze(s)
		js, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(bw, "analyze %q %s\n", s, js)
		fmt.Fprintf(bw, "keys %q %q\n", s, Keys(s))
		fmt.Fprintf(bw, "normalize %q %q %q\n", s, Normalize(s), Script(s))
	}
	recs, pairs := goldenRecords(t)
	prep := make([]*Prepared, len(recs))
	for i, r := range recs {
		prep[i] = Prepare(r)
		rj, _ := json.Marshal(r)
		fmt.Fprintf(bw, "prepare %d %s", i, rj)
		dumpPrepared(bw, prep[i])
		fmt.Fprintln(bw)
	}
	for _, pr := range pairs {
		a, b := prep[pr[0]], prep[pr[1]]
		m := ComparePrepared(a, b)
		js, _ := json.Marshal(m)
		s, cl := scorePrepared(a, b)
		fmt.Fprintf(bw, "compare %d %d %s %v %v %v\n", pr[0], pr[1], js, s, cl, CannotLink(a, b))
	}
	for _, pr := range pairs[:500] {
		js, _ := json.Marshal(Compare(recs[pr[0]], recs[pr[1]]))
		fmt.Fprintf(bw, "compare-records %d %d %s\n", pr[0], pr[1], js)
	}
	vs := readVariants(t)
	d := NewDeduper(DefaultThreshold)
	for _, v := range vs {
		d.Add(v.rec)
	}
	d.Run()
	for i := range vs {
		c, s, reasons := d.Result(i)
		fmt.Fprintf(bw, "dedupe %d %d %v %q\n", i, c, s, reasons)
	}
	fmt.Fprintf(bw, "dedupe-stats %+v\n", d.Stats)
}

// goldenSummary turns the engine's output lines into the golden file's text: a short hash
// of every block of goldenBlock lines (so that any change is caught) and every
// goldenSampleEvery-th line in full (so that a change can be read without regenerating the
// old output; the rest can be regenerated from the commit that wrote the file).
const goldenBlock, goldenSampleEvery = 64, 32

func goldenSummary(lines []string) []string {
	var out []string
	for i, l := range lines {
		if i%goldenSampleEvery == 0 {
			out = append(out, "line "+strconv.Itoa(i)+" "+l)
		}
	}
	for k := 0; k*goldenBlock < len(lines); k++ {
		h := sha256.Sum256([]byte(strings.Join(lines[k*goldenBlock:min(len(lines), (k+1)*goldenBlock)], "\n")))
		out = append(out, "block "+strconv.Itoa(k)+" "+hex.EncodeToString(h[:8]))
	}
	return append(out, "total "+strconv.Itoa(len(lines)))
}

// TestEngineGolden compares the engine's outputs with the golden file.
func TestEngineGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("large golden sample")
	}
	var buf bytes.Buffer
	engineGolden(t, &buf)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	got := goldenSummary(lines)
	if strings.Contains(strings.Join(testArgs(), " "), "update-engine-golden") {
		if err := os.MkdirAll("testdata/golden", 0o755); err != nil {
			t.Fatal(err)
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		io.WriteString(zw, strings.Join(got, "\n")+"\n")
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(engineGoldenFile, z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s: %d output lines, %d bytes compressed", engineGoldenFile, len(lines), z.Len())
		return
	}
	f, err := os.Open(engineGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	if len(want) != len(got) {
		t.Fatalf("golden summary has %d lines, the engine wrote %d (%s against %s)", len(want), len(got), want[len(want)-1], got[len(got)-1])
	}
	bad := 0
	for i := range got {
		if got[i] == want[i] {
			continue
		}
		bad++
		if bad > 20 {
			t.Fatalf("more than 20 differences")
		}
		if strings.HasPrefix(got[i], "block ") {
			k, _ := strconv.Atoi(strings.Fields(got[i])[1])
			t.Errorf("block %d (output lines %d-%d) differs; its first line now reads:\n %s", k, k*goldenBlock, (k+1)*goldenBlock-1, lines[k*goldenBlock])
			continue
		}
		t.Errorf("differs:\n got  %s\n want %s", got[i], want[i])
	}
}
