package synth

import (
	"fmt"
	"strconv"

	"github.com/tizim/tizim/internal/model"
)

// Statuses of the relatives inside, mostly interned, detained, imprisoned or disappeared.
var insideStatuses = []model.Status{model.StatusCamp, model.StatusDetained, model.StatusImprisoned,
	model.StatusDisappeared, model.StatusReleased, model.StatusRestricted, model.StatusDeceased, model.StatusUnknown,
	model.StatusForcedLabour}
var insideWeights = []int{25, 10, 25, 15, 7, 7, 4, 4, 3}

var occupations = []string{"herder", "farmer", "teacher", "imam", "driver", "trader", "doctor",
	"accountant", "engineer", "nurse", "shop owner", "civil servant", "musician", "writer", "cook"}

// person builds the member's Person record (emitted later, with its evidence level).
func (g *gen) person(f *family, m *member) {
	g.chooseGiven(f, m)
	p := &model.Person{Meta: g.meta(g.id()), Ethnicity: f.eth, Hometown: f.home.ID,
		Gender: model.Gender(byGender(m.female, "m", "f")), Publication: model.Internal}
	p.Names = g.names(f, m)
	p.Birth = g.partial(m.birth, 0.5, 0.2)
	if f.eth != "han" {
		p.Religion = "Islam"
	}
	age := 2018 - m.birth.Y
	switch {
	case age < 18:
		p.Occupation = "student"
	case age > 65:
		p.Occupation = "retired"
	case g.chance(0.85):
		p.Occupation = pick(g, occupations)
	}
	if m.abroad {
		p.Status = model.StatusAbroad
		p.Citizenship = []string{"KZ"} // most have taken Kazakh citizenship
		if g.chance(0.2) {
			p.Citizenship = []string{"CN"}
		}
		p.Secret.Contacts = []model.Contact{{Kind: "phone", Value: g.kzPhone()}}
		if g.chance(0.5) {
			p.Secret.Contacts = append(p.Secret.Contacts, model.Contact{Kind: "messenger", Value: "WhatsApp " + g.kzPhone()})
		}
	} else {
		g.inside(f, m, p)
	}
	if !m.abroad || g.chance(0.3) {
		if g.chance(0.7) {
			p.Secret.IDDocs = append(p.Secret.IDDocs, model.IdentityDoc{Type: "prc_resident_id",
				Number: g.prcID(f.home, m.birth, m.female), Country: "CN"})
		}
	}
	if g.chance(0.6) {
		p.Secret.Address = g.address(f)
	}
	if g.chance(0.2) {
		p.Secret.Notes = pick(g, secretNotes)
	}
	m.p = p
}

var secretNotes = []string{
	"Relative asked that the village not be named in any publication.",
	"ID card photographed during the interview; original kept by the family.",
	"Another relative may still be inside; check before publishing.",
	"Family reports police visits after the first appeal.",
}

// inside fills status, detention, last contact and camp for a relative in Xinjiang.
func (g *gen) inside(f *family, m *member, p *model.Person) {
	p.Citizenship = []string{"CN"}
	if g.chance(0.05) {
		p.Citizenship = []string{"KZ"} // a Kazakh citizen detained while visiting
	}
	p.Status = insideStatuses[g.weighted(insideWeights)]
	if f.newspaper {
		p.Status = insideStatuses[g.weighted([]int{40, 10, 40, 10})]
	}
	if p.Status == model.StatusUnknown && g.chance(0.5) {
		return
	}
	year := []int{2016, 2017, 2018, 2019, 2020}[g.weighted([]int{5, 35, 40, 15, 5})]
	m.detained = g.day(year)
	p.DetainedOn = g.partial(m.detained, 0.4, 0.3)
	switch p.Status {
	case model.StatusCamp, model.StatusDetained, model.StatusImprisoned, model.StatusForcedLabour:
		m.facility = g.facility(f.home)
		p.Facility = m.facility.ID
	}
	last := m.detained
	if p.Status != model.StatusDisappeared {
		last = g.after(m.detained, 1500, 2024)
	}
	p.LastContact = g.partial(last, 0.3, 0.4)
}

// prcID makes an 18-digit PRC resident identity number: the county code, the birth date,
// a sequence number (odd for men, even for women) and the ISO 7064 MOD 11-2 check digit.
func (g *gen) prcID(home *model.Place, birth model.Date, female bool) string {
	seq := g.r.IntN(500) * 2
	if !female {
		seq++
	}
	code := g.ref.countyCode[g.ref.countyOf[home.ID]]
	body := fmt.Sprintf("%s%04d%02d%02d%03d", code, birth.Y, birth.M, birth.D, seq)
	return body + string(prcCheck(body))
}

// prcCheck returns the check character of the first 17 digits of a PRC resident ID.
func prcCheck(body string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// kzPhone returns a Kazakh mobile number.
func (g *gen) kzPhone() string {
	prefix := []string{"701", "702", "705", "707", "747", "771", "775", "776", "777", "778"}
	n := g.r.IntN(10000000)
	return fmt.Sprintf("+7 %s %03d %02d %02d", pick(g, prefix), n/10000, n/100%100, n%100)
}

// Village names as families write them: Kazakh Cyrillic in the north, Uyghur Latin in the south.
var (
	kkVillages = []string{"Ақбұлақ", "Қарасу", "Көктерек", "Жаңаталап", "Сарыбұлақ", "Тасқора", "Шыбарағаш", "Қызылту"}
	ugVillages = []string{"Yéngi Awat", "Qara Yantaq", "Östeng Boyi", "Toghraqliq", "Bostan", "Yéngiériq"}
)

// address is an exact address: the hometown, a village and a house number.
func (g *gen) address(f *family) string {
	v := kkVillages
	if f.eth == "uyghur" || f.eth == "uzbek" {
		v = ugVillages
	}
	return placeName(f.home) + ", " + pick(g, v) + ", " + strconv.Itoa(1+g.r.IntN(120))
}
