package names

import "unicode/utf8"

//go:generate sh -c "cd internal/gen && go run ."

// turkicHan reads Chinese characters that transcribe Uyghur and Kazakh names back into the
// phonemic Latin (ADR 0101). Chinese adds a vowel after every consonant (木 mu, 提 ti); the
// characters that usually stand for a bare final consonant are read without it, and the
// common multi-character words (古丽 gül, 买买提 mämät) are read whole. Longest match wins.
var turkicHan = map[string]string{
	"古丽": "gül", "买买提": "mämät", "麦麦提": "mämät", "阿不都": "abdu", "阿布都": "abdu",
	"阿卜杜": "abdu", "阿不力": "abli", "热合曼": "rahman", "穆罕默德": "muhammäd",
	"吐尔逊": "tursun", "库尔班": "qurban", "努尔": "nur", "艾合买提": "ähmät", "艾海提": "ähät",
	"依明": "imin", "玉苏甫": "yüsüp", "玉素甫": "yüsüp", "吾买尔": "ömär", "乌买尔": "ömär",
	"阿依": "ay", "伊斯拉木": "islam", "尤努斯": "yunus", "别克": "bek", "买合木提": "mahmut",
	"马合木提": "mahmut", "阿里木": "alim", "阿力木": "alim", "哈力克": "xalik",
	"买尔旦": "märdan", "祖农": "zunun", "热依汗": "reyhan", "帕尔哈提": "parhat",
	"克里木": "kerim", "卡德尔": "qadir", "沙吾提": "şawut", "艾则孜": "äziz", "阿孜": "aziz",
	"塔依尔": "tahir", "赛买提": "sämät", "吐逊": "tursun", "哈斯木": "qasim", "卡斯木": "qasim",
	"江": "jan", "汗": "xan",

	"阿": "a", "艾": "ä", "爱": "äy", "安": "an", "奥": "o", "巴": "ba", "拜": "bay", "班": "ban",
	"包": "bo", "贝": "be", "别": "be", "比": "bi", "宾": "bin", "波": "bo", "博": "bo",
	"伯": "bo", "卜": "p", "布": "bu", "不": "bu", "查": "ça", "木": "m", "提": "t", "克": "k",
	"尔": "r", "力": "l", "甫": "p", "夫": "f", "斯": "s", "孜": "z", "合": "h", "赫": "h",
	"德": "d", "特": "t", "勒": "l", "普": "p", "什": "ş", "姆": "m", "穆": "mu", "买": "mä",
	"麦": "mä", "米": "mi", "明": "min", "莫": "mo", "默": "mu", "娜": "na", "那": "na",
	"纳": "na", "乃": "nä", "尼": "ni", "妮": "ni", "努": "nu", "帕": "pa", "皮": "pi",
	"热": "re", "日": "ri", "如": "ru", "萨": "sa", "沙": "şa", "赛": "say", "色": "se",
	"森": "sen", "舍": "şe", "苏": "su", "素": "su", "孙": "sun", "逊": "sun", "索": "so",
	"塔": "ta", "泰": "tay", "坦": "tan", "汤": "tañ", "铁": "te", "帖": "te", "图": "tu",
	"土": "tu", "吐": "tu", "托": "to", "瓦": "wa", "万": "wan", "维": "wi", "乌": "u",
	"吾": "u", "西": "si", "希": "hi", "夏": "şa", "谢": "şe", "新": "şin", "雅": "ya",
	"亚": "ya", "耶": "ye", "叶": "ye", "伊": "i", "依": "i", "衣": "i", "易": "i", "尤": "yu",
	"优": "yu", "玉": "yü", "于": "yü", "再": "zäy", "扎": "za", "哲": "je", "者": "je",
	"祖": "zu", "佐": "zo", "达": "da", "代": "day", "丹": "dan", "道": "do", "迪": "di",
	"丁": "din", "都": "du", "杜": "du", "多": "do", "额": "e", "恩": "en", "法": "fa",
	"凡": "fan", "菲": "fi", "甘": "gan", "嘎": "ga", "格": "ge", "根": "gen", "古": "gu",
	"哈": "ha", "海": "hay", "罕": "han", "汉": "han", "和": "he", "黑": "hey", "胡": "hu",
	"霍": "ho", "吉": "ji", "加": "ja", "佳": "ja", "贾": "ja", "杰": "je", "金": "jin",
	"居": "jü", "卡": "qa", "喀": "qa", "开": "qay", "凯": "kay", "坎": "qan", "康": "qañ",
	"柯": "ke", "科": "ko", "肯": "ken", "库": "qu", "奎": "kuy", "昆": "kun", "拉": "la",
	"来": "lay", "兰": "lan", "朗": "lañ", "乐": "le", "雷": "ley", "里": "li", "丽": "li",
	"利": "li", "莉": "li", "林": "lin", "琳": "lin", "龙": "luñ", "鲁": "lu", "路": "lu",
	"罗": "lo", "洛": "lo", "玛": "ma", "马": "ma", "曼": "man", "梅": "mey", "美": "mey",
	"蒙": "muñ", "孟": "meñ", "密": "mi", "敏": "min", "塞": "se", "则": "z", "孜尔": "zir",
	"赛力": "seyit", "买尔": "mär", "迈": "mäy", "排": "pay", "潘": "pan", "其": "çi",
	"齐": "çi", "恰": "ça", "切": "çe", "秀": "şu", "许": "şü", "炎": "yän", "燕": "yän",
	"英": "yiñ", "永": "yuñ", "云": "yün", "则克": "zek", "哈尔": "har", "纳尔": "nar",
	"阿尔": "ar", "居玛": "juma", "朱玛": "juma", "加玛": "jamal", "买提": "mät",
}

// turkicHanRead reads a run of Chinese characters as a transcribed Turkic name, longest match
// first; characters without a Turkic reading fall back to their pinyin.
func turkicHanRead(s string) string {
	// byte offsets of the runes: a run of characters is a slice of s, not a new string
	var offBuf [33]int
	var runeBuf [32]rune
	off, rs := offBuf[:0], runeBuf[:0]
	for i, r := range s {
		off = append(off, i)
		rs = append(rs, r)
	}
	off = append(off, len(s))
	if !utf8.ValidString(s) {
		return turkicHanReadRunes(rs)
	}
	var buf [64]byte
	out := buf[:0]
	for i := 0; i < len(rs); {
		n := min(4, len(rs)-i)
		for ; n > 0; n-- {
			if p, ok := turkicHan[s[off[i]:off[i+n]]]; ok {
				out = append(out, p...)
				break
			}
		}
		if n == 0 {
			out = append(out, readPinyin(hanPinyin(rs[i]))...)
			n = 1
		}
		i += n
	}
	return collapsedString(out)
}

// turkicHanReadRunes is turkicHanRead on runes, for a string that is not valid UTF-8 (the
// engine normalises input first, so this is only a safeguard).
func turkicHanReadRunes(rs []rune) string {
	var out []rune
	for i := 0; i < len(rs); {
		n := 4
		if len(rs)-i < n {
			n = len(rs) - i
		}
		for ; n > 0; n-- {
			if p, ok := turkicHan[string(rs[i:i+n])]; ok {
				out = append(out, []rune(p)...)
				break
			}
		}
		if n == 0 {
			out = append(out, []rune(readPinyin(hanPinyin(rs[i])))...)
			n = 1
		}
		i += n
	}
	return collapseDoubles(string(out))
}

// turkicFromPinyin reads a pinyin spelling of a transcribed Turkic name (Yilihamu, as PRC
// documents print it) through the same table, syllable by syllable.
func turkicFromPinyin(t string) string {
	var buf [16]string
	syls, ok := segmentPinyinInto(t, buf[:0])
	if !ok {
		return ""
	}
	return turkicFromSyllables(syls)
}

// turkicFromSyllables is turkicFromPinyin of a word already split into syllables.
func turkicFromSyllables(syls []string) string {
	idx, pieces := pinyinToTurkic(), hanOnce().pieces
	var buf [64]byte
	out := buf[:0]
	for _, s := range syls {
		if p, ok := idx[s]; ok {
			out = append(out, p...)
		} else {
			out = append(out, collapseDoubles(pieces[s])...) // readPinyin of one syllable
		}
	}
	return collapsedString(out)
}
