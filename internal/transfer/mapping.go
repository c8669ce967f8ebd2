package transfer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Fields are what a column can be mapped to. Confidential ones (id_number, address,
// contact, notes) go to the sealed part of the record.
var Fields = []string{"id", "name", "given", "father", "family", "names", "gender", "birth_date", "ethnicity",
	"citizenship", "hometown", "status", "detained_on", "last_contact", "facility", "consent", "evidence_level",
	"source", "notes", "occupation", "religion", "summary", "id_number", "address", "contact",
	"relative_of", "kinship", "ignore"}

// headerWords recognises common headers in English, Kazakh, Russian and Chinese. Keys are
// folded (see fold).
var headerWords = map[string]string{
	"id": "id", "№": "id", "no": "id", "number": "id", "ref": "id", "номер": "id", "нөмір": "id", "编号": "id", "序号": "id",
	"name": "name", "full name": "name", "fullname": "name", "аты жөні": "name", "аты жөнi": "name", "толық аты жөні": "name",
	"фио": "name", "ф и о": "name", "имя фамилия": "name", "полное имя": "name", "姓名": "name", "名字": "name",
	"given name": "given", "first name": "given", "аты": "given", "есімі": "given", "имя": "given", "名": "given",
	"father's name": "father", "fathers name": "father", "father name": "father", "patronymic": "father", "әкесінің аты": "father", "отчество": "father", "父名": "father",
	"family name": "family", "surname": "family", "last name": "family", "тегі": "family", "фамилия": "family", "姓": "family",
	"names": "names", "other names": "names", "aliases": "names", "басқа аттары": "names", "другие имена": "names", "варианты имени": "names", "别名": "names", "其他名字": "names",
	"gender": "gender", "sex": "gender", "жынысы": "gender", "пол": "gender", "性别": "gender",
	"birth date": "birth_date", "birth_date": "birth_date", "date of birth": "birth_date", "dob": "birth_date", "born": "birth_date",
	"birth year": "birth_date", "year of birth": "birth_date", "туған жылы": "birth_date", "туған күні": "birth_date",
	"год рождения": "birth_date", "дата рождения": "birth_date", "出生日期": "birth_date", "出生年份": "birth_date", "出生年": "birth_date",
	"ethnicity": "ethnicity", "nationality": "ethnicity", "ethnic group": "ethnicity", "ұлты": "ethnicity", "национальность": "ethnicity", "民族": "ethnicity",
	"citizenship": "citizenship", "азаматтығы": "citizenship", "гражданство": "citizenship", "国籍": "citizenship",
	"hometown": "hometown", "home town": "hometown", "place": "hometown", "residence": "hometown", "туған жері": "hometown", "мекенжайы": "hometown",
	"место рождения": "hometown", "место жительства": "hometown", "родина": "hometown", "籍贯": "hometown", "户籍地": "hometown", "家乡": "hometown", "住址": "hometown",
	"status": "status", "current status": "status", "жағдайы": "status", "қазіргі жағдайы": "status", "статус": "status", "положение": "status", "状态": "status", "现状": "status",
	"detained on": "detained_on", "detained_on": "detained_on", "date detained": "detained_on", "detention date": "detained_on",
	"ұсталған күні": "detained_on", "ұсталған жылы": "detained_on", "дата задержания": "detained_on", "дата ареста": "detained_on", "год задержания": "detained_on", "拘留日期": "detained_on", "被拘留时间": "detained_on",
	"last contact": "last_contact", "last_contact": "last_contact", "соңғы байланыс": "last_contact", "последний контакт": "last_contact", "最后联系": "last_contact",
	"facility": "facility", "camp": "facility", "detention facility": "facility", "лагерь": "facility", "учреждение": "facility", "мекеме": "facility", "关押地点": "facility",
	"consent": "consent", "келісім": "consent", "согласие": "consent", "同意": "consent",
	"evidence level": "evidence_level", "evidence_level": "evidence_level", "дәлел деңгейі": "evidence_level", "уровень доказательств": "evidence_level",
	"source": "source", "sources": "source", "дереккөз": "source", "источник": "source", "来源": "source",
	"notes": "notes", "note": "notes", "comment": "notes", "comments": "notes", "ескерту": "notes", "примечание": "notes", "комментарий": "notes", "备注": "notes",
	"occupation": "occupation", "job": "occupation", "profession": "occupation", "кәсібі": "occupation", "мамандығы": "occupation", "профессия": "occupation", "род занятий": "occupation", "职业": "occupation",
	"religion": "religion", "діні": "religion", "религия": "religion", "宗教": "religion",
	"summary": "summary", "description": "summary", "сипаттама": "summary", "описание": "summary", "简介": "summary",
	"id number": "id_number", "id card": "id_number", "passport": "id_number", "жеке куәлік": "id_number", "жск": "id_number",
	"паспорт": "id_number", "номер паспорта": "id_number", "身份证": "id_number", "身份证号": "id_number", "身份证号码": "id_number",
	"address": "address", "мекен жайы": "address", "адрес": "address", "地址": "address",
	"contact": "contact", "phone": "contact", "телефон": "contact", "байланыс": "contact", "电话": "contact", "联系方式": "contact",
	"relative of": "relative_of", "relative_of": "relative_of", "туысы": "relative_of", "родственник": "relative_of", "亲属": "relative_of",
	"kinship": "kinship", "relationship": "kinship", "relation": "kinship", "туыстығы": "kinship", "родство": "kinship", "关系": "kinship",
}

// Mapping says how the columns of a file become fields of a person, and how free-text
// values become codes of the controlled vocabularies.
type Mapping struct {
	// Columns maps a header, as written in the file, to a field (see Fields).
	Columns map[string]string `json:"columns"`
	// Values maps, per vocabulary field (status, ethnicity, gender, kinship), a value as
	// written to a code. Keys are matched without case or punctuation.
	Values map[string]map[string]string `json:"values,omitempty"`
	// SplitNames, when true, builds name parts from a whole name: given name first, then
	// father's or family name (Kazakh and Uyghur order). By default a whole name is kept as
	// written, with no parts.
	SplitNames bool `json:"split_names,omitempty"`
}

// Recognise maps the headers it knows; the others map to "" (not imported, reported).
func Recognise(header []string, m *Mapping) []string {
	out := make([]string, len(header))
	for i, h := range header {
		if m != nil {
			if f, ok := m.Columns[h]; ok {
				out[i] = f
				continue
			}
			if f, ok := m.Columns[fold(h)]; ok {
				out[i] = f
				continue
			}
		}
		out[i] = headerWords[fold(h)]
	}
	return out
}

// ReadMapping reads a mapping file: JSON (a Mapping), or lines such as
//
//	# tizim column mapping
//	column ФИО = name
//	value status в лагере = camp
//	option split_names = true
func ReadMapping(r io.Reader) (*Mapping, error) {
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	m := &Mapping{Columns: map[string]string{}, Values: map[string]map[string]string{}}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		if err := json.Unmarshal(t, m); err != nil {
			return nil, fmt.Errorf("mapping file: %w", err)
		}
	} else if err := readMappingLines(b, m); err != nil {
		return nil, err
	}
	if m.Columns == nil {
		m.Columns = map[string]string{}
	}
	for h, f := range m.Columns {
		if !validField(f) {
			return nil, fmt.Errorf("mapping file: column %q maps to %q, which is not a field (fields: %s)", h, f, strings.Join(Fields, ", "))
		}
	}
	folded := map[string]map[string]string{}
	for field, vals := range m.Values {
		codes, ok := vocabCodes[field]
		if !ok {
			return nil, fmt.Errorf("mapping file: %q has no controlled vocabulary (status, ethnicity, gender, kinship)", field)
		}
		folded[field] = map[string]string{}
		for k, v := range vals {
			if !contains(codes, v) {
				return nil, fmt.Errorf("mapping file: %s %q maps to %q, which is not one of %s", field, k, v, strings.Join(codes, ", "))
			}
			folded[field][fold(k)] = v
		}
	}
	m.Values = folded
	return m, nil
}

func readMappingLines(b []byte, m *Mapping) error {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		left, right, ok := strings.Cut(rest, "=")
		if !ok {
			return fmt.Errorf("mapping file line %d: write `column HEADER = FIELD`, `value FIELD TEXT = CODE` or `option split_names = true`", n)
		}
		left, right = strings.TrimSpace(left), strings.TrimSpace(right)
		switch verb {
		case "column":
			m.Columns[left] = right
		case "value":
			if right == "" {
				continue // a suggested value nobody has filled in yet
			}
			field, text, _ := strings.Cut(left, " ")
			if m.Values[field] == nil {
				m.Values[field] = map[string]string{}
			}
			m.Values[field][strings.TrimSpace(text)] = right
		case "option":
			if left != "split_names" {
				return fmt.Errorf("mapping file line %d: unknown option %q", n, left)
			}
			m.SplitNames = right == "true" || right == "yes"
		default:
			return fmt.Errorf("mapping file line %d: %q is not column, value or option", n, verb)
		}
	}
	return sc.Err()
}

func validField(f string) bool { return contains(Fields, f) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SuggestMapping reads a table and writes a mapping to edit: every header with the field it
// was recognised as (or ignore, to fill in), and every value of a vocabulary column that is
// not recognised yet, with an empty code.
func SuggestMapping(t Table, m *Mapping, w io.Writer) error {
	header := t.Header()
	fields := Recognise(header, m)
	unknown := map[string]map[string]int{}
	for {
		cells, _, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		for i, f := range fields {
			if _, ok := vocabCodes[f]; !ok || i >= len(cells) {
				continue
			}
			if _, ok := m.Vocab(f, cells[i]); !ok && len(unknown[f]) < 200 {
				if unknown[f] == nil {
					unknown[f] = map[string]int{}
				}
				unknown[f][strings.TrimSpace(cells[i])]++
			}
		}
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# tizim column mapping, suggested for a file read as %s.\n", t.Describe())
	fmt.Fprintf(bw, "# Edit the fields after '='. Fields: %s.\n", strings.Join(Fields, ", "))
	fmt.Fprintln(bw, "# Then run: tizim import --mapping THIS_FILE --dry-run --report report.csv DATA_FILE")
	for i, h := range header {
		f := fields[i]
		if f == "" {
			fmt.Fprintf(bw, "# not recognised — choose a field, or leave ignore:\n")
			f = "ignore"
		}
		fmt.Fprintf(bw, "column %s = %s\n", h, f)
	}
	vocabs := make([]string, 0, len(unknown))
	for f := range unknown {
		vocabs = append(vocabs, f)
	}
	sort.Strings(vocabs)
	for _, f := range vocabs {
		fmt.Fprintf(bw, "# values of %s not recognised (codes: %s):\n", f, strings.Join(vocabCodes[f], ", "))
		vals := make([]string, 0, len(unknown[f]))
		for v := range unknown[f] {
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			fmt.Fprintf(bw, "value %s %s = \n", f, v)
		}
	}
	fmt.Fprintln(bw, "option split_names = false")
	return bw.Flush()
}
