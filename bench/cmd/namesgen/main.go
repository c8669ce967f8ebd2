// Command namesgen writes a large synthetic dedupe input for bench/dedupe.sh, and scores a
// dedupe output against it. It does not use the name engine: variants are made with small
// tables of its own (Russian-style Cyrillic, an English romanisation, upper case, word
// order, typos), so the benchmark measures the engine against independent spellings.
//
//	namesgen -records 1000000 -seed 1 > people.csv          (id,person,name,birth_year,gender,place,id_number)
//	namesgen -score people.csv -out dedupe-out.csv          pairwise precision, recall, F1
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

func main() {
	records := flag.Int("records", 1000000, "number of records to write")
	seed := flag.Uint64("seed", 1, "random seed")
	data := flag.String("data", "internal/names/testdata/names", "directory of the Kazakh name lists")
	score := flag.String("score", "", "input CSV written earlier: score -out against its person column")
	out := flag.String("out", "", "dedupe output to score")
	flag.Parse()
	if *score != "" {
		if err := scoreOutput(*score, *out); err != nil {
			fmt.Fprintln(os.Stderr, "namesgen:", err)
			os.Exit(1)
		}
		return
	}
	if err := generate(*data, *records, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "namesgen:", err)
		os.Exit(1)
	}
}

type nameLists struct{ givenM, givenF, surM, surF []string }

func readLists(dir string) (nameLists, error) {
	var l nameLists
	for _, f := range []struct {
		file string
		m, f *[]string
	}{{"kazakh-given-names-mimesis.csv", &l.givenM, &l.givenF}, {"kazakh-surnames-mimesis.csv", &l.surM, &l.surF}} {
		fh, err := os.Open(dir + "/" + f.file)
		if err != nil {
			return l, err
		}
		rows, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			return l, err
		}
		for _, r := range rows[1:] {
			if r[1] == "male" {
				*f.m = append(*f.m, r[0])
			} else {
				*f.f = append(*f.f, r[0])
			}
		}
	}
	return l, nil
}

var places = []string{"Құлжа", "Шәуешек", "Алтай", "Үрімжі", "Іле", "Тарбағатай", "Қашқар", "Күйтүн", "Текес", "Моңғолкүре", "Нылқы", "Шонжы", "Қарамай", "Бортала", "Жеменей", "Буыршын", "Көктоғай", "Толы", "Дөрбілжін", "Шиху"}

func generate(dir string, n int, seed uint64) error {
	l, err := readLists(dir)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "person", "name", "birth_year", "gender", "place", "id_number"})
	rec := 0
	for p := 0; rec < n; p++ {
		female := rng.IntN(10) < 4
		var given, family, father string
		if female {
			given = l.givenF[rng.IntN(len(l.givenF))]
			family = l.surF[rng.IntN(len(l.surF))]
			father = l.givenM[rng.IntN(len(l.givenM))] + "қызы"
		} else {
			given = l.givenM[rng.IntN(len(l.givenM))]
			family = l.surM[rng.IntN(len(l.surM))]
			father = l.givenM[rng.IntN(len(l.givenM))] + "ұлы"
		}
		// official records write given name, father's name and surname; lists drop parts
		parts := []string{given, father, family}
		switch rng.IntN(10) {
		case 0, 1:
			parts = []string{given, father}
		case 2, 3, 4:
			parts = []string{given, family}
		}
		name := strings.Join(parts, " ")
		year := 1940 + rng.IntN(65)
		place := places[rng.IntN(len(places))]
		gender := "m"
		if female {
			gender = "f"
		}
		id := ""
		if rng.IntN(10) == 0 {
			id = fmt.Sprintf("65%016d", rng.Uint64()%1e16)
		}
		copies := 1 + rng.IntN(4)
		for c := 0; c < copies && rec < n; c++ {
			rec++
			written := name
			if len(parts) == 3 && rng.IntN(3) == 0 {
				written = given + " " + family // the father's name left out
			}
			form := variant(written, rng)
			y := strconv.Itoa(year)
			if rng.IntN(5) == 0 {
				y = ""
			}
			num := ""
			if c == 0 {
				num = id
			}
			cw.Write([]string{fmt.Sprintf("r%07d", rec), fmt.Sprintf("p%07d", p), form, y, gender, place, num})
		}
	}
	cw.Flush()
	return cw.Error()
}

var russianStyle = strings.NewReplacer("ә", "а", "Ә", "А", "ғ", "г", "Ғ", "Г", "қ", "к", "Қ", "К", "ң", "н", "Ң", "Н",
	"ө", "о", "Ө", "О", "ұ", "у", "Ұ", "У", "ү", "у", "Ү", "У", "һ", "х", "Һ", "Х", "і", "и", "І", "И")

var english = map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya"}

func toEnglish(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(russianStyle.Replace(s)) {
		if e, ok := english[r]; ok {
			b.WriteString(e)
		} else {
			b.WriteRune(r)
		}
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// variant writes a name as one of the forms a list might hold.
func variant(name string, rng *rand.Rand) string {
	var s string
	switch rng.IntN(6) {
	case 0, 1:
		s = name
	case 2:
		s = russianStyle.Replace(name)
	case 3:
		s = toEnglish(name)
	case 4:
		s = strings.ToUpper(toEnglish(name))
	default:
		s = typo(toEnglish(name), rng)
	}
	if rng.IntN(6) == 0 {
		if w := strings.Fields(s); len(w) >= 2 {
			s = w[len(w)-1] + " " + strings.Join(w[:len(w)-1], " ") // SURNAME first
		}
	}
	return s
}

func typo(s string, rng *rand.Rand) string {
	b := []byte(s)
	if len(b) < 4 {
		return s
	}
	i := 1 + rng.IntN(len(b)-2)
	if b[i] == ' ' || b[i+1] == ' ' {
		return s
	}
	switch rng.IntN(3) {
	case 0:
		return string(b[:i]) + string(b[i+1:])
	case 1:
		return string(b[:i+1]) + string(b[i:])
	}
	b[i], b[i+1] = b[i+1], b[i]
	return string(b)
}
