package web

import "testing"

func TestExternalLink(t *testing.T) {
	for raw, want := range map[string]string{
		"https://news.example/kairat":              "https://news.example/kairat",
		" http://news.example/a?b=1&c=2 ":          "http://news.example/a?b=1&c=2",
		"HTTPS://News.Example/x":                   "https://News.Example/x",
		"javascript:alert(1)":                      "",
		"JavaScript:alert(1)":                      "",
		"data:text/html,<script>alert(1)</script>": "",
		"//news.example/x":                         "",
		"/p/TZ-AAAA-BBBB":                          "",
		"news.example/x":                           "",
		"https://news.example@evil.example/":       "",
		"https://user:pw@evil.example/":            "",
		"ftp://files.example/x":                    "",
		"https:news.example":                       "",
		"https://":                                 "",
		"http://[::1":                              "",
	} {
		if got := externalLink(raw); got != want {
			t.Errorf("externalLink(%q) = %q, want %q", raw, got, want)
		}
	}
}
