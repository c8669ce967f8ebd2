package names

import (
	"strings"
	"sync"
)

// hanTables are the read-only indexes derived once from the generated pinyin table.
type hanTables struct {
	reading   map[rune]string     // character → toneless pinyin
	syllables map[string]bool     // every toneless syllable
	turkic    map[string]string   // pinyin syllable → Turkic reading of its transcription character
	palladius map[string][]string // Russian Palladius syllable → pinyin syllables
	pieces    map[string]string   // syllable → its phonemic spelling (pinyinPiece)
}

var hanOnce = sync.OnceValue(func() *hanTables {
	t := &hanTables{reading: map[rune]string{}, syllables: map[string]bool{}, turkic: map[string]string{}}
	for _, g := range pinyinGroups {
		t.syllables[g.syllable] = true
		for _, r := range g.chars {
			t.reading[r] = g.syllable
		}
	}
	for k, v := range turkicHan {
		rs := []rune(k)
		if len(rs) != 1 {
			continue
		}
		if s, ok := t.reading[rs[0]]; ok {
			// the shortest reading wins: printed pinyin spells every Chinese vowel, and the
			// bare-consonant readings (木 m, 提 t) are what the Turkic name has there
			if old, dup := t.turkic[s]; !dup || len(v) < len(old) || len(v) == len(old) && v < old {
				t.turkic[s] = v
			}
		}
	}
	t.palladius = palladiusIndex(t.syllables)
	t.pieces = make(map[string]string, len(t.syllables))
	for s := range t.syllables {
		t.pieces[s] = pinyinPiece(s)
	}
	return t
})

func hanPinyin(r rune) string {
	if s, ok := hanOnce().reading[r]; ok {
		return s
	}
	return string(r)
}

func pinyinToTurkic() map[string]string { return hanOnce().turkic }

// hanSurnames are single- and two-character family names of Han and Hui people; a run of two
// to four characters starting with one reads as surname + given name.
const hanSurnames = "王李张刘陈杨黄赵吴周徐孙朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习胡温赖俞傅易童常汪尤栗霍全"

var hanCompoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容"}

// readHan returns the readings of one run of Chinese characters: the Turkic reading (as
// one token) and, for runs that look like a Han or Hui name, pinyin surname + given name.
// transcribed says the run came between · separators, which only transcriptions use.
func readHan(run string, transcribed bool) (turkic string, hanTokens []string, printed string) {
	rs := []rune(run)
	var py strings.Builder
	for _, r := range rs {
		py.WriteString(hanPinyin(r))
	}
	printed = py.String()
	turkic = turkicHanRead(run)
	if transcribed || len(rs) < 2 || len(rs) > 4 {
		return turkic, nil, printed
	}
	n := 0
	for _, c := range hanCompoundSurnames {
		if strings.HasPrefix(run, c) {
			n = 2
		}
	}
	if n == 0 && strings.ContainsRune(hanSurnames, rs[0]) {
		n = 1
	}
	if n == 0 {
		return turkic, nil, printed
	}
	var given strings.Builder
	for _, r := range rs[n:] {
		given.WriteString(hanPinyin(r))
	}
	var sur strings.Builder
	for _, r := range rs[:n] {
		sur.WriteString(hanPinyin(r))
	}
	return turkic, []string{sur.String(), given.String()}, printed
}

func isHan(r rune) bool {
	sc, _ := runeScriptIndex(r) // the scripts' tables are disjoint: Hani is unicode.Han
	return sc == "Hani"
}

// tradToSimp simplifies the traditional characters that occur in names and places of the
// region (Taiwanese and Hong Kong reporting writes them); the full table is not needed.
var tradToSimp = map[rune]rune{
	'買': '买', '麗': '丽', '爾': '尔', '熱': '热', '蘭': '兰', '來': '来', '漢': '汉', '華': '华',
	'國': '国', '陳': '陈', '張': '张', '劉': '刘', '楊': '杨', '趙': '赵', '黃': '黄', '吳': '吴',
	'孫': '孙', '馬': '马', '納': '纳', '齊': '齐', '達': '达', '羅': '罗', '蘇': '苏', '葉': '叶',
	'開': '开', '闊': '阔', '別': '别', '賽': '赛', '鄭': '郑', '謝': '谢', '許': '许', '韓': '韩',
	'鄧': '邓', '東': '东', '軍': '军', '偉': '伟', '紅': '红', '鳳': '凤', '龍': '龙', '雲': '云',
	'勝': '胜', '義': '义', '學': '学', '實': '实', '寶': '宝', '貴': '贵', '鐵': '铁', '鋼': '钢',
	'烏': '乌', '魯': '鲁', '瑪': '玛', '薩': '萨', '庫': '库', '車': '车', '寧': '宁', '闐': '阗',
	'維': '维', '區': '区', '縣': '县', '鎮': '镇', '鄉': '乡', '遜': '逊', '麥': '麦',
	'艷': '艳', '劍': '剑', '澤': '泽', '嶺': '岭', '橋': '桥', '緒': '绪', '瑩': '莹',
	'靜': '静', '賢': '贤', '輝': '辉', '無': '无', '錦': '锦', '濤': '涛', '習': '习',
	'師': '师', '業': '业', '萬': '万', '樂': '乐', '衛': '卫', '陸': '陆', '蕭': '萧',
	'蓮': '莲', '鵬': '鹏', '傑': '杰', '將': '将', '憲': '宪', '強': '强', '誠': '诚', '藝': '艺',
	'穎': '颖', '慶': '庆', '潔': '洁', '遠': '远', '進': '进', '選': '选', '廣': '广', '莊': '庄',
	'圖': '图', '爺': '爷', '喬': '乔', '賈': '贾', '鐘': '钟', '錢': '钱', '嚴': '严', '譚': '谭',
	'顧': '顾', '龔': '龚', '盧': '卢', '蔣': '蒋', '鄒': '邹', '閻': '阎', '崑': '昆', '堯': '尧',
	'紀': '纪', '協': '协', '瑤': '瑶', '廬': '庐',
}
