package transfer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/tizim/tizim/internal/model"
)

// fold reduces a header or a value to what people mean by it: lower case, punctuation and
// runs of spaces made single spaces, ё as е.
func fold(s string) string {
	if folded(s) {
		return s // most cells of a vocabulary column ("imprisoned", "kazakh", "m")
	}
	return foldAny(s)
}

// foldAny is fold without the shortcut for values already folded.
func foldAny(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == 'ё':
			r = 'е'
		case unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// folded reports whether s is lower-case ASCII letters and digits in words that single
// spaces separate: fold leaves such a value as it is.
func folded(s string) bool {
	space := true // no space first
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			space = false
		case c == ' ' && !space:
			space = true
		default:
			return false
		}
	}
	return !space || s == ""
}

// vocabWords maps common words in English, Kazakh, Russian and Chinese onto the controlled
// vocabularies. Keys are folded. A word not here and not in the mapping file is reported,
// never turned into a new value.
var vocabWords = map[string]map[string]string{
	"status": {
		"camp": "camp", "re education camp": "camp", "reeducation camp": "camp", "vocational training centre": "camp",
		"vocational training center": "camp", "лагерь": "camp", "лагере": "camp", "в лагере": "camp", "лагерде": "camp", "лагерь перевоспитания": "camp",
		"тәрбиелеу лагері": "camp", "集中营": "camp", "再教育营": "camp", "职业技能教育培训中心": "camp", "教培中心": "camp",
		"detained": "detained", "detention": "detained", "задержан": "detained", "задержана": "detained", "под стражей": "detained",
		"ұсталған": "detained", "қамауда": "detained", "拘留": "detained", "被拘留": "detained", "看守所": "detained",
		"imprisoned": "imprisoned", "prison": "imprisoned", "sentenced": "imprisoned", "осужден": "imprisoned", "осуждена": "imprisoned",
		"в тюрьме": "imprisoned", "тюрьма": "imprisoned", "түрмеде": "imprisoned", "сотталған": "imprisoned", "判刑": "imprisoned", "监狱": "imprisoned", "服刑": "imprisoned",
		"forced labour": "forced_labour", "forced labor": "forced_labour", "принудительный труд": "forced_labour",
		"мәжбүрлі еңбек": "forced_labour", "强迫劳动": "forced_labour",
		"restricted": "restricted", "house arrest": "restricted", "under surveillance": "restricted", "домашний арест": "restricted",
		"под надзором": "restricted", "бақылауда": "restricted", "软禁": "restricted", "监视居住": "restricted",
		"released": "released", "освобожден": "released", "освобождена": "released", "босатылған": "released", "босатылды": "released", "释放": "released", "已释放": "released",
		"abroad": "abroad", "за границей": "abroad", "за рубежом": "abroad", "шетелде": "abroad", "在国外": "abroad",
		"disappeared": "disappeared", "missing": "disappeared", "whereabouts unknown": "disappeared", "пропал": "disappeared",
		"пропала": "disappeared", "пропал без вести": "disappeared", "хабарсыз": "disappeared", "хабар ошарсыз": "disappeared", "із түзсіз": "disappeared", "失踪": "disappeared", "下落不明": "disappeared",
		"deceased": "deceased", "dead": "deceased", "died": "deceased", "умер": "deceased", "умерла": "deceased", "погиб": "deceased",
		"қайтыс болған": "deceased", "қайтыс болды": "deceased", "死亡": "deceased", "去世": "deceased",
		"unknown": "unknown", "неизвестно": "unknown", "белгісіз": "unknown", "不详": "unknown", "未知": "unknown",
	},
	"ethnicity": {
		"kazakh": "kazakh", "казах": "kazakh", "казашка": "kazakh", "қазақ": "kazakh", "哈萨克族": "kazakh", "哈萨克": "kazakh", "qazaq": "kazakh",
		"uyghur": "uyghur", "uighur": "uyghur", "уйгур": "uyghur", "уйгурка": "uyghur", "ұйғыр": "uyghur", "维吾尔族": "uyghur", "维吾尔": "uyghur", "ئۇيغۇر": "uyghur",
		"kyrgyz": "kyrgyz", "kirghiz": "kyrgyz", "киргиз": "kyrgyz", "кыргыз": "kyrgyz", "қырғыз": "kyrgyz", "柯尔克孜族": "kyrgyz",
		"hui": "hui", "дунган": "hui", "хуэй": "hui", "дүнген": "hui", "回族": "hui",
		"uzbek": "uzbek", "узбек": "uzbek", "өзбек": "uzbek", "乌孜别克族": "uzbek",
		"tatar": "tatar", "татар": "tatar", "塔塔尔族": "tatar",
		"tajik": "tajik", "таджик": "tajik", "тәжік": "tajik", "塔吉克族": "tajik",
		"mongol": "mongol", "mongolian": "mongol", "монгол": "mongol", "моңғол": "mongol", "蒙古族": "mongol",
		"han": "han", "han chinese": "han", "хань": "han", "китаец": "han", "қытай": "han", "汉族": "han",
		"other": "other", "другое": "other", "басқа": "other", "其他": "other",
	},
	"gender": {
		"m": "m", "male": "m", "man": "m", "м": "m", "муж": "m", "мужской": "m", "мужчина": "m", "ер": "m", "еркек": "m", "男": "m", "男性": "m",
		"f": "f", "female": "f", "woman": "f", "ж": "f", "жен": "f", "женский": "f", "женщина": "f", "әйел": "f", "қыз": "f", "女": "f", "女性": "f",
	},
	"kinship": {
		"parent": "parent", "father": "parent", "mother": "parent", "отец": "parent", "мать": "parent", "әке": "parent", "ана": "parent", "父亲": "parent", "母亲": "parent",
		"child": "child", "son": "child", "daughter": "child", "сын": "child", "дочь": "child", "ұлы": "child", "қызы": "child", "бала": "child", "儿子": "child", "女儿": "child",
		"sibling": "sibling", "brother": "sibling", "sister": "sibling", "брат": "sibling", "сестра": "sibling", "аға": "sibling", "іні": "sibling",
		"апа": "sibling", "әпке": "sibling", "сіңлі": "sibling", "қарындас": "sibling", "兄弟": "sibling", "姐妹": "sibling", "哥哥": "sibling", "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
		"spouse": "spouse", "husband": "spouse", "wife": "spouse", "муж": "spouse", "жена": "spouse", "супруг": "spouse", "супруга": "spouse",
		"күйеуі": "spouse", "күйеу": "spouse", "әйелі": "spouse", "丈夫": "spouse", "妻子": "spouse", "配偶": "spouse",
		"grandparent": "grandparent", "grandfather": "grandparent", "grandmother": "grandparent", "дедушка": "grandparent", "бабушка": "grandparent", "ата": "grandparent", "әже": "grandparent", "祖父": "grandparent", "祖母": "grandparent",
		"grandchild": "grandchild", "grandson": "grandchild", "granddaughter": "grandchild", "внук": "grandchild", "внучка": "grandchild", "немере": "grandchild", "孙子": "grandchild", "孙女": "grandchild",
		"uncle": "uncle_aunt", "aunt": "uncle_aunt", "дядя": "uncle_aunt", "тетя": "uncle_aunt", "нағашы": "uncle_aunt", "叔叔": "uncle_aunt", "阿姨": "uncle_aunt",
		"nephew": "nephew_niece", "niece": "nephew_niece", "племянник": "nephew_niece", "племянница": "nephew_niece", "жиен": "nephew_niece",
		"cousin": "cousin", "двоюродный брат": "cousin", "двоюродная сестра": "cousin", "немере ағасы": "cousin",
		"in law": "in_law", "in-law": "in_law", "свекровь": "in_law", "тесть": "in_law", "теща": "in_law", "зять": "in_law", "келін": "in_law", "күйеу бала": "in_law",
		"colleague": "colleague", "коллега": "colleague", "әріптес": "colleague", "同事": "colleague",
		"neighbour": "neighbour", "neighbor": "neighbour", "сосед": "neighbour", "көрші": "neighbour", "邻居": "neighbour",
		"co detainee": "co_detainee", "сокамерник": "co_detainee",
		"other": "other",
	},
}

// vocabCodes lists the valid codes of each vocabulary field, which always map to themselves.
var vocabCodes = map[string][]string{
	"status":    strs(model.Statuses),
	"ethnicity": strs(model.Ethnicities),
	"gender":    strs(model.Genders),
	"kinship":   model.Kinships,
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// Vocab maps free text onto a vocabulary: the mapping file's own values first, then the
// built-in words, then the codes themselves. ok is false for a value it does not know.
func (m *Mapping) Vocab(field, text string) (code string, ok bool) {
	f := fold(text)
	if f == "" {
		return "", true
	}
	if c, ok := m.Values[field][f]; ok {
		return c, true
	}
	if c, ok := vocabWords[field][f]; ok {
		return c, true
	}
	for _, c := range vocabCodes[field] {
		if f == fold(c) {
			return c, true
		}
	}
	return "", false
}

var (
	reY     = regexp.MustCompile(`^(\d{4})$`)
	reDMY   = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$`)
	reMY    = regexp.MustCompile(`^(\d{1,2})[./-](\d{4})$`)
	reYMD   = regexp.MustCompile(`^(\d{4})[./-](\d{1,2})(?:[./-](\d{1,2}))?$`)
	reHan   = regexp.MustCompile(`^(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?$`)
	reRange = regexp.MustCompile(`^(\d{4})\s*(?:-|–|—|/|to|до)\s*(\d{4})$`)
	reApprx = regexp.MustCompile(`^(?:~|ca\.?|circa|about|около|шамамен|шамасы|大约|约)\s*`)
)

// ParseLocalDate reads the date forms found in spreadsheets — "2018", "03.2018",
// "14.03.2018", "14/03/2018", "2018-03", "2018/3/14", "2018年3月", "2018年3月14日",
// "2017-2018", "~2018", "около 2018" — into a partial date. Day-first is assumed for
// numeric dates with the year last, as everywhere the lists come from.
func ParseLocalDate(s string) (model.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return model.Date{}, nil
	}
	if d, err := model.ParseDate(s); err == nil {
		return d, nil
	}
	approx := false
	if loc := reApprx.FindStringIndex(strings.ToLower(s)); loc != nil {
		approx, s = true, strings.TrimSpace(s[loc[1]:])
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "г."), "ж.")), " г")
	var y, m, d string
	switch {
	case reRange.MatchString(s):
		p := reRange.FindStringSubmatch(s)
		return finish(model.ParseDate(prefix(approx) + p[1] + "/" + p[2]))
	case reY.MatchString(s):
		y = s
	case reDMY.MatchString(s):
		p := reDMY.FindStringSubmatch(s)
		d, m, y = p[1], p[2], p[3]
	case reMY.MatchString(s):
		p := reMY.FindStringSubmatch(s)
		m, y = p[1], p[2]
	case reYMD.MatchString(s):
		p := reYMD.FindStringSubmatch(s)
		y, m, d = p[1], p[2], p[3]
	case reHan.MatchString(s):
		p := reHan.FindStringSubmatch(s)
		y, m, d = p[1], p[2], p[3]
	default:
		return model.Date{}, fmt.Errorf("%q is not a date tizim can read: write 2018, 03.2018, 14.03.2018 or 2018-03-14", s)
	}
	out := y
	if m != "" {
		out += "-" + pad2(m)
		if d != "" {
			out += "-" + pad2(d)
		}
	}
	return finish(model.ParseDate(prefix(approx) + out))
}

func finish(d model.Date, err error) (model.Date, error) {
	if err != nil {
		return model.Date{}, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "date "))
	}
	return d, nil
}

func prefix(approx bool) string {
	if approx {
		return "~"
	}
	return ""
}

func pad2(s string) string {
	n, _ := strconv.Atoi(s)
	return fmt.Sprintf("%02d", n)
}
