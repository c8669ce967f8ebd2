package web_test

import (
	"strings"
	"testing"

	"github.com/tizim/tizim/internal/store/storetest"
)

func TestLanguages(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	for _, tc := range []struct {
		name, path, acceptLang string
		want                   []string
	}{
		{"default English", "/", "", []string{`<html lang="en" dir="ltr">`, "Register"}},
		{"Uyghur is right-to-left", "/?lang=ug", "", []string{`<html lang="ug" dir="rtl">`, "تىزىملىك", "لاگېردا"}},
		{"Kazakh", "/?lang=kk", "", []string{`<html lang="kk" dir="ltr">`, "Тізім", "Лагерьде"}},
		{"Russian by Accept-Language", "/", "ru-RU,ru;q=0.9,en;q=0.5", []string{`<html lang="ru" dir="ltr">`, "Реестр", "Лагерь"}},
		{"Chinese by Accept-Language", "/stats", "zh-CN", []string{`<html lang="zh" dir="ltr">`, "统计", "集中营"}},
		{"unsupported falls back", "/", "fr-FR,de;q=0.8", []string{`<html lang="en"`}},
		{"q order honoured", "/", "en;q=0.1,kk;q=0.9", []string{`<html lang="kk"`}},
		{"pseudonymous note in Uyghur", "/p/" + s.pseudo.PublicCode + "?lang=ug", "", []string{"ئىسمى يوشۇرۇلغان", "تۈرمىدە"}},
		{"evidence meaning in Russian", "/p/" + s.public.PublicCode + "?lang=ru", "", []string{"Сообщено, личность подтверждена", "Задержан"}},
		{"404 in Chinese", "/nowhere?lang=zh", "", []string{`lang="zh"`, "未找到"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := s.client(t)
			r := c.do("GET", tc.path, nil, map[string]string{"Accept-Language": tc.acceptLang})
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s: body lacks %q", tc.path, w)
				}
			}
		})
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	s := newSite(t, storetest.Engines(t)[0])
	c := s.client(t)
	r := c.get("/stats?lang=ug")
	if !strings.Contains(r.Body, `dir="rtl"`) {
		t.Fatal("?lang=ug not applied")
	}
	for _, code := range []string{"en", "kk", "ru", "ug", "zh"} {
		if !strings.Contains(r.Body, `href="/stats?lang=`+code+`"`) {
			t.Errorf("switcher lacks %s", code)
		}
	}
	// The cookie carries the choice to the next page, over Accept-Language.
	r = c.do("GET", "/", nil, map[string]string{"Accept-Language": "ru"})
	if !strings.Contains(r.Body, `<html lang="ug" dir="rtl">`) {
		t.Errorf("language not remembered: %.200s", r.Body)
	}
	r = c.get("/?lang=zh")
	if !strings.Contains(r.Body, `<html lang="zh"`) {
		t.Error("switching again failed")
	}
	if r := c.get("/?lang=xx"); !strings.Contains(r.Body, `<html lang="zh"`) {
		t.Error("unknown ?lang= should keep the remembered language")
	}
}
