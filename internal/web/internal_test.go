package web

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Every language has every message, with the same format verbs in the same order.
func TestLocalesComplete(t *testing.T) {
	ls := loadLocales()
	verbs := regexp.MustCompile(`%[a-z]`)
	en := ls["en"].msgs
	for code, l := range ls {
		for k, v := range en {
			m, ok := l.msgs[k]
			if !ok {
				t.Errorf("%s lacks %q", code, k)
				continue
			}
			if got, want := verbs.FindAllString(m, -1), verbs.FindAllString(v, -1); !slices.Equal(got, want) {
				t.Errorf("%s %q: verbs %v, want %v", code, k, got, want)
			}
		}
		for k := range l.msgs {
			if _, ok := en[k]; !ok {
				t.Errorf("%s has %q, which English lacks", code, k)
			}
		}
	}
}

func TestAcceptLanguages(t *testing.T) {
	for h, want := range map[string]string{
		"":                          "",
		"ug-CN,zh;q=0.8":            "ug zh",
		"en;q=0.2, kk-KZ;q=0.9, ru": "ru kk en",
		"zh-Hans-CN;q=0.5,*;q=0.1":  "zh *",
		"de;q=0,fr":                 "fr",
		"ru;q=bad":                  "ru",
	} {
		if got := strings.Join(acceptLanguages(h), " "); got != want {
			t.Errorf("%q: got %q, want %q", h, got, want)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter()
	l.now = func() time.Time { return now }
	l.maxKeys = 4
	for range l.perUser {
		if !l.allowed("aigul", "10.0.0.1") {
			t.Fatal("refused before the limit")
		}
		l.failed("aigul", "10.0.0.1")
	}
	if l.allowed("aigul", "10.0.0.2") {
		t.Error("user name not limited across addresses")
	}
	if !l.allowed("other", "10.0.0.1") {
		t.Error("another user from the same address refused below the address limit")
	}
	now = now.Add(16 * time.Minute)
	if !l.allowed("aigul", "10.0.0.1") {
		t.Error("window did not expire")
	}
	for i := range 20 {
		l.failed(strings.Repeat("x", i+1), "10.0.0.9")
	}
	if len(l.counts) > l.maxKeys {
		t.Errorf("map grew to %d keys, bound %d", len(l.counts), l.maxKeys)
	}
}
