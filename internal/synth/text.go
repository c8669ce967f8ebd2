package synth

import (
	"strconv"
	"strings"
)

// lang holds the phrases of a testimony in one language. Written for tizim; short on
// purpose: enough for search, display and translation tests, not literature.
type lang struct {
	intro, detained, noNews, outro, summary string
	kin                                     map[string]string
}

// Placeholders: {T} testifier, {C} city, {K} kinship, {S} subject, {Y} year, {N} count.
var langs = map[string]lang{
	"kk": {
		intro: "Менің атым {T}. Мен {C} қаласында тұрамын.", detained: " {K} {S} {Y} жылы ұсталды.",
		noNews: " {K} {S} туралы хабар жоқ.", outro: " Содан бері хабар жоқ. Көмектесіңіздер.",
		summary: "{T} {N} туысы туралы куәлік береді.",
		kin: map[string]string{"father": "Әкем", "mother": "Анам", "son": "Ұлым", "daughter": "Қызым",
			"husband": "Күйеуім", "wife": "Әйелім", "brother": "Бауырым", "sister": "Қарындасым", "relative": "Туысым"},
	},
	"ug": {
		intro: "مېنىڭ ئىسمىم {T}. مەن {C} دا تۇرىمەن.", detained: " {K} {S} {Y}-يىلى تۇتۇلدى.",
		noNews: " {K} {S} دىن خەۋەر يوق.", outro: " شۇنىڭدىن بۇيان خەۋەر يوق. ياردەم قىلىڭلار.",
		summary: "{T} {N} تۇغقىنى ھەققىدە گۇۋاھلىق بېرىدۇ.",
		kin: map[string]string{"father": "دادام", "mother": "ئاپام", "son": "ئوغلۇم", "daughter": "قىزىم",
			"husband": "ئېرىم", "wife": "ئايالىم", "brother": "ئاكام", "sister": "سىڭلىم", "relative": "تۇغقىنىم"},
	},
	"ru": {
		intro: "Меня зовут {T}. Я живу в городе {C}.", detained: " {K} {S} задержан(а) в {Y} году.",
		noNews: " {K} {S}: нет вестей.", outro: " С тех пор нет вестей. Прошу помочь.",
		summary: "{T} даёт показания о родственниках ({N}).",
		kin: map[string]string{"father": "Мой отец", "mother": "Моя мать", "son": "Мой сын", "daughter": "Моя дочь",
			"husband": "Мой муж", "wife": "Моя жена", "brother": "Мой брат", "sister": "Моя сестра", "relative": "Мой родственник"},
	},
	"en": {
		intro: "My name is {T}. I live in {C}.", detained: " {K} {S} was detained in {Y}.",
		noNews: " There is no news of {k} {S}.", outro: " We have had no news since. Please help.",
		summary: "{T} testifies about {N} relatives.",
		kin: map[string]string{"father": "My father", "mother": "My mother", "son": "My son", "daughter": "My daughter",
			"husband": "My husband", "wife": "My wife", "brother": "My brother", "sister": "My sister", "relative": "My relative"},
	},
}

// subjectLine is what a testimony says about one person.
type subjectLine struct {
	kin, name string
	year      int // 0 when the detention date is unknown
}

// transcript writes the testimony's text in language code l.
func transcript(l, testifier, city string, subjects []subjectLine) string {
	t := langs[l]
	var b strings.Builder
	b.WriteString(fill(t.intro, testifier, city, "", "", 0))
	for _, s := range subjects {
		k := t.kin[s.kin]
		if s.year > 0 {
			b.WriteString(fill(t.detained, "", "", k, s.name, s.year))
		} else {
			b.WriteString(fill(t.noNews, "", "", k, s.name, 0))
		}
	}
	b.WriteString(t.outro)
	return b.String()
}

// summary writes the one-line summary in language code l.
func summary(l, testifier string, n int) string {
	return strings.NewReplacer("{T}", testifier, "{N}", strconv.Itoa(n)).Replace(langs[l].summary)
}

func fill(tmpl, testifier, city, kin, subject string, year int) string {
	y := ""
	if year > 0 {
		y = strconv.Itoa(year)
	}
	return strings.NewReplacer("{T}", testifier, "{C}", city, "{K}", kin, "{k}", strings.ToLower(kin),
		"{S}", subject, "{Y}", y).Replace(tmpl)
}
