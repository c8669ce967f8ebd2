package synth

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"strings"
)

//go:embed data/*.csv
var dataFiles embed.FS

// nameLists are the names a run draws from.
type nameLists struct {
	kkMale, kkFemale []string // Kazakh given names, Cyrillic (mimesis)
	surnames         []string // Kazakh surnames, male form (mimesis)
	femaleSurname    map[string]string
	ugMale, ugFemale []ugName
	zhSurname        map[string][]zhPart // by ethnicity: hui, han
	zhGiven          []zhPart
	hanzi            map[string]zhPart // transcription syllable → character
}

// ugName is a Uyghur given name in the forms families and documents use: Uyghur Arabic
// script (UEY), Uyghur Latin (ULY), and the official Chinese transcription with its pinyin.
type ugName struct {
	arab, latn, hani, pinyin string
}

// zhPart is one Chinese character or word with its pinyin syllables.
type zhPart struct {
	hani, pinyin string
}

// Uyghur given names, written for tizim. The Chinese forms follow the usual official
// transcriptions (阿不力米提 for Ablimit); pinyin is given syllable by syllable.
var uyghurMale = []ugName{
	{"ئابلىمىت", "Ablimit", "阿不力米提", "a bu li mi ti"},
	{"مەمەت", "Memet", "买买提", "mai mai ti"},
	{"تۇرسۇن", "Tursun", "吐尔逊", "tu er xun"},
	{"ئىلھام", "Ilham", "伊力哈木", "yi li ha mu"},
	{"ئابدۇكېرىم", "Abdukérim", "阿不都克热木", "a bu du ke re mu"},
	{"ئەھمەت", "Ehmet", "艾合买提", "ai he mai ti"},
	{"ئوبۇل", "Obul", "吾布力", "wu bu li"},
	{"ياسىن", "Yasin", "亚森", "ya sen"},
	{"نۇرمەمەت", "Nurmemet", "努尔买买提", "nu er mai mai ti"},
	{"قۇربان", "Qurban", "库尔班", "ku er ban"},
	{"روزى", "Rozi", "肉孜", "rou zi"},
	{"ئەركىن", "Erkin", "艾尔肯", "ai er ken"},
	{"ئادىل", "Adil", "阿迪力", "a di li"},
	{"تاھىر", "Tahir", "塔依尔", "ta yi er"},
	{"ھەسەن", "Hesen", "艾山", "ai shan"},
	{"ئابلىز", "Abliz", "阿不力孜", "a bu li zi"},
	{"مامۇت", "Mamut", "玛木提", "ma mu ti"},
	{"ئەكبەر", "Ekber", "艾克拜尔", "ai ke bai er"},
	{"كامىل", "Kamil", "卡米力", "ka mi li"},
	{"ئابدۇۋەلى", "Abduweli", "阿不都外力", "a bu du wai li"},
}

var uyghurFemale = []ugName{
	{"گۈلنار", "Gülnar", "古丽娜尔", "gu li na er"},
	{"ئاينۇر", "Aynur", "阿依努尔", "a yi nu er"},
	{"پاتىگۈل", "Patigül", "帕提古丽", "pa ti gu li"},
	{"مىھرىگۈل", "Mihrigül", "米热古丽", "mi re gu li"},
	{"زۆھرە", "Zöhre", "祖合热", "zu he re"},
	{"راھىلە", "Rahile", "热依拉", "re yi la"},
	{"ئايشەم", "Ayshem", "阿依先木", "a yi xian mu"},
	{"نۇرگۈل", "Nurgül", "努尔古丽", "nu er gu li"},
	{"گۈلباھار", "Gülbahar", "古丽巴哈尔", "gu li ba ha er"},
	{"ماھىرە", "Mahire", "玛依热", "ma yi re"},
	{"ساجىدە", "Sajide", "萨吉旦", "sa ji dan"},
	{"تاجىگۈل", "Tajigül", "塔吉古丽", "ta ji gu li"},
	{"دىلنۇر", "Dilnur", "迪丽努尔", "di li nu er"},
	{"زۇلپىيە", "Zulpiye", "祖力皮亚", "zu li pi ya"},
	{"ئارزىگۈل", "Arzigül", "阿孜古丽", "a zi gu li"},
	{"گۈلشەن", "Gülshen", "古丽仙", "gu li xian"},
}

// Chinese surnames of Hui and Han families, and given-name characters.
const (
	huiSurnames = "马:ma 韩:han 杨:yang 丁:ding 金:jin 白:bai 穆:mu 哈:ha"
	hanSurnames = "王:wang 李:li 张:zhang 刘:liu 陈:chen 赵:zhao 周:zhou 孙:sun"
	zhGivenList = "建国:jian guo 文华:wen hua 明:ming 军:jun 伟:wei 芳:fang 丽:li 秀英:xiu ying " +
		"海:hai 平:ping 玉兰:yu lan 梅:mei 志强:zhi qiang 福:fu 春花:chun hua 德明:de ming 晓燕:xiao yan"
)

func loadNames() (*nameLists, error) {
	l := &nameLists{femaleSurname: map[string]string{}, ugMale: uyghurMale, ugFemale: uyghurFemale,
		zhSurname: map[string][]zhPart{"hui": parseZh(huiSurnames), "han": parseZh(hanSurnames)},
		zhGiven:   parseZh(zhGivenList), hanzi: map[string]zhPart{}}
	given, err := readList("data/kazakh-given-names-mimesis.csv")
	if err != nil {
		return nil, err
	}
	for _, row := range given {
		switch row[1] {
		case "male":
			l.kkMale = append(l.kkMale, row[0])
		case "female":
			l.kkFemale = append(l.kkFemale, row[0])
		}
	}
	sur, err := readList("data/kazakh-surnames-mimesis.csv")
	if err != nil {
		return nil, err
	}
	female := map[string]bool{}
	for _, row := range sur {
		if row[1] == "female" {
			female[row[0]] = true
		} else if !strings.Contains(row[0], " ") { // "Әуез ұлы" is a patronymic, not a surname
			l.surnames = append(l.surnames, row[0])
		}
	}
	for _, m := range l.surnames {
		if female[m+"а"] {
			l.femaleSurname[m] = m + "а"
		}
	}
	for _, e := range strings.Fields(hanziTable) {
		k, v, _ := strings.Cut(e, "=")
		h, p, _ := strings.Cut(v, ":")
		l.hanzi[k] = zhPart{h, p}
	}
	if len(l.kkMale) == 0 || len(l.kkFemale) == 0 || len(l.surnames) == 0 {
		return nil, fmt.Errorf("synth: name lists are empty")
	}
	return l, nil
}

// surname returns the Kazakh surname in the gender's form.
func (l *nameLists) surname(male string, female bool) string {
	if !female {
		return male
	}
	if f, ok := l.femaleSurname[male]; ok {
		return f
	}
	return male + "а"
}

func readList(name string) ([][]string, error) {
	b, err := dataFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) < 2 {
		return nil, fmt.Errorf("synth: %s: %v", name, err)
	}
	return rows[1:], nil
}

func parseZh(s string) []zhPart {
	var out []zhPart
	for _, e := range strings.Split(s, " ") {
		if h, p, ok := strings.Cut(e, ":"); ok {
			out = append(out, zhPart{h, p})
		} else if len(out) > 0 { // a second syllable of the previous entry
			out[len(out)-1].pinyin += " " + e
		}
	}
	return out
}
