package names

import "strings"

// ValidPRCID checks an 18-character PRC resident identity number (GB 11643-1999): six
// digits of region, eight of birth date, three of sequence (odd for men), and an ISO 7064
// MOD 11-2 check character (0-9 or X). It returns the birth date as YYYY-MM-DD and the
// region code when the number is well formed and the check character agrees.
func ValidPRCID(s string) (ok bool, birth string, region string) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) != 18 {
		return false, "", ""
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false, "", ""
		}
		sum += int(c-'0') * prcWeights[i]
	}
	if s[17] != "10X98765432"[sum%11] {
		return false, "", ""
	}
	y, m, d := s[6:10], s[10:12], s[12:14]
	if y < "1900" || y > "2100" || m < "01" || m > "12" || d < "01" || d > "31" {
		return false, "", ""
	}
	return true, y + "-" + m + "-" + d, s[:6]
}

// prcWeights are 2^(17-i) mod 11 for positions 0..16.
var prcWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// prcIDGender returns "m" or "f" from the sequence digit of a valid number.
func prcIDGender(s string) string {
	if (s[16]-'0')%2 == 1 {
		return "m"
	}
	return "f"
}

// normalizeIDNumber keeps letters and digits, upper-cased, so that "6501 0219 …" and
// "650102…" compare equal.
func normalizeIDNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
