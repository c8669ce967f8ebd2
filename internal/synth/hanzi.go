package synth

import (
	"strings"
	"unicode"
)

// hanziTable maps a transcription syllable (onset + vowel, optionally + n, or a lone coda
// consonant written "-k") to the character Chinese offices use for it, with its pinyin.
// Written for tizim after the usual transcription of Kazakh names (塞力克江 for Серікжан).
const hanziTable = `a=阿:a ba=巴:ba pa=帕:pa da=达:da ta=塔:ta ga=尕:ga ka=卡:ka ha=哈:ha la=拉:la
ma=玛:ma na=纳:na ra=拉:la sa=萨:sa sha=沙:sha za=扎:za ja=加:jia cha=恰:qia ya=亚:ya va=瓦:wa fa=法:fa
e=艾:ai be=别:bie pe=佩:pei de=德:de te=特:te ge=格:ge ke=克:ke he=合:he le=勒:le me=买:mai
ne=涅:nie re=热:re se=赛:sai she=谢:xie ze=泽:ze je=杰:jie che=切:qie ye=叶:ye ve=外:wai fe=费:fei
i=伊:yi bi=比:bi pi=皮:pi di=迪:di ti=提:ti gi=吉:ji ki=克:ke hi=希:xi li=力:li mi=米:mi ni=尼:ni
ri=日:ri si=斯:si shi=希:xi zi=孜:zi ji=吉:ji chi=奇:qi yi=依:yi vi=维:wei fi=菲:fei
o=奥:ao bo=波:bo po=坡:po do=多:duo to=托:tuo go=果:guo ko=阔:kuo ho=霍:huo lo=洛:luo mo=莫:mo
no=诺:nuo ro=若:ruo so=索:suo sho=肖:xiao zo=佐:zuo jo=卓:zhuo cho=乔:qiao yo=约:yue vo=沃:wo fo=佛:fo
u=乌:wu bu=布:bu pu=普:pu du=杜:du tu=吐:tu gu=古:gu ku=库:ku hu=胡:hu lu=鲁:lu mu=木:mu nu=努:nu
ru=如:ru su=苏:su shu=舒:shu zu=祖:zu ju=居:ju chu=楚:chu yu=尤:you vu=乌:wu fu=夫:fu
an=安:an ban=班:ban pan=潘:pan dan=丹:dan tan=坦:tan gan=甘:gan kan=坎:kan han=汗:han lan=兰:lan
man=曼:man nan=南:nan ran=然:ran san=散:san shan=山:shan zan=赞:zan jan=江:jiang yan=燕:yan van=万:wan
en=恩:en ben=本:ben den=登:deng ten=腾:teng gen=根:gen ken=肯:ken men=门:men ren=仁:ren sen=森:sen
shen=申:shen jen=真:zhen in=因:yin bin=宾:bin din=丁:ding tin=汀:ting gin=金:jin kin=金:jin lin=林:lin
min=敏:min sin=辛:xin jin=金:jin dun=敦:dun tun=屯:tun gun=衮:gun kun=昆:kun lun=伦:lun sun=孙:sun
jun=君:jun chun=春:chun -b=布:bu -p=普:pu -d=德:de -t=特:te -g=格:ge -k=克:ke -h=赫:he -l=力:li
-m=木:mu -n=恩:en -r=尔:er -s=斯:si -sh=什:shi -z=孜:zi -j=吉:ji -ch=奇:qi -y=伊:yi -v=夫:fu -f=夫:fu`

// kkSounds maps Kazakh Cyrillic letters to transcription sounds; vowels collapse to a e i o u.
var kkSounds = map[rune]string{
	'а': "a", 'ә': "a", 'б': "b", 'в': "v", 'г': "g", 'ғ': "g", 'д': "d", 'е': "e", 'ё': "yo",
	'ж': "j", 'з': "z", 'и': "i", 'й': "y", 'к': "k", 'қ': "k", 'л': "l", 'м': "m", 'н': "n",
	'ң': "n", 'о': "o", 'ө': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ұ': "u",
	'ү': "u", 'ф': "f", 'х': "h", 'һ': "h", 'ц': "z", 'ч': "ch", 'ш': "sh", 'щ': "sh", 'ы': "i",
	'і': "i", 'э': "e", 'ю': "yu", 'я': "ya",
}

func isVowel(s string) bool { return len(s) == 1 && strings.Contains("aeiou", s) }

// sounds splits a Cyrillic word into transcription sounds: "Серікжан" → s e r i k j a n.
func sounds(word string) []string {
	var out []string
	for _, r := range strings.ToLower(word) {
		v := kkSounds[r]
		if v == "yo" || v == "yu" || v == "ya" {
			out = append(out, "y", v[1:])
			continue
		}
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// transcribe writes one Kazakh word in Chinese characters the way offices do, syllable by
// syllable, returning the characters and their pinyin syllables.
func (l *nameLists) transcribe(word string) (hani, pinyin string) {
	t := sounds(word)
	var h strings.Builder
	var p []string
	put := func(key string) bool {
		z, ok := l.hanzi[key]
		if ok {
			h.WriteString(z.hani)
			p = append(p, z.pinyin)
		}
		return ok
	}
	for i := 0; i < len(t); {
		onset, vowel := "", ""
		switch {
		case isVowel(t[i]):
			vowel = t[i]
			i++
		case i+1 < len(t) && isVowel(t[i+1]):
			onset, vowel = t[i], t[i+1]
			i += 2
		default:
			put("-" + t[i])
			i++
			continue
		}
		// A closing n joins its syllable (江 jiang, 汗 han) when no vowel follows it.
		if i < len(t) && t[i] == "n" && (i+1 == len(t) || !isVowel(t[i+1])) && put(onset+vowel+"n") {
			i++
			continue
		}
		if !put(onset+vowel) && !(put("-"+onset) && put(vowel)) {
			put(vowel)
		}
	}
	return h.String(), strings.Join(p, " ")
}

// hasLetter reports whether s has a letter, so empty transcriptions are not emitted.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }
