package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tizim/tizim/internal/store/storetest"
)

const chromium = "/usr/bin/chromium"

// browser starts headless chromium for a test, or skips the test when it cannot run.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium): browser test skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1200, 900),
	}
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel = chromedp.NewContext(ctx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// steps returns a test's two ways to drive chromium: step runs actions and get reads a
// value, each failing the test with what it was doing.
func steps(t *testing.T, ctx context.Context) (step func(what string, steps ...chromedp.Action[chromedp.Void]), get func(what string, a chromedp.Action[string]) string) {
	step = func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	get = func(what string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	return step, get
}

// shot saves a screenshot of the page as name in TIZIM_SCREENSHOTS=DIR, for a look at the
// layout; without it, it does nothing.
func shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		dir := os.Getenv("TIZIM_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		b, err := chromedp.FullScreenshot(100)(ctx, tg) // quality 100 gives a PNG
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b, 0o644)
	})
}

// TestBrowser drives Debian's chromium through the register, a person page and the team
// sign-in form. It serves plain http on 127.0.0.1 with Secure cookies, as tizim does locally.
// With TIZIM_SCREENSHOTS=DIR it saves screenshots there for a look at the layout.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, storetest.Engines(t)[0])

	step, get := steps(t, ctx)

	step("open the register",
		chromedp.Navigate(s.URL+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`#results table`)),
		shot("register.png"))
	// Typing searches as you go: the results shrink without submitting the form.
	step("type a search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), "person 3"))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#results tbody tr').length === 1`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("results did not update as typed: %v", err)
	}
	rows := get("count rows", chromedp.Evaluate[string](`String(document.querySelectorAll('#results tbody tr').length)`))
	// Follow the result's link by its address: a late as-you-type response can replace the
	// row between finding the link and clicking it, and a click on a detached node does nothing.
	href := get("read the result's link", chromedp.Evaluate[string](`document.querySelector('#results tbody a').href`))
	step("open the person", chromedp.Navigate(href), chromedp.WaitVisible(chromedp.CSS(`article.person h1`)))
	title := get("read the title", chromedp.Text(chromedp.CSS(`article.person h1`)))
	step("a Uyghur page",
		chromedp.Navigate(s.URL+"/p/"+s.public.PublicCode+"?lang=ug"),
		chromedp.WaitVisible(chromedp.CSS(`article.person h1`)),
		shot("person-ug.png"))
	dir := get("read dir", chromedp.Evaluate[string](`document.documentElement.dir`))
	step("statistics",
		chromedp.Navigate(s.URL+"/stats?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`.chart`)),
		shot("stats.png"))
	// Sign in through the form.
	step("sign in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "erlan"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.team-list`)))
	team := get("read the team list", chromedp.Text(chromedp.CSS(`table.team-list`)))
	cookies := get("read cookies", chromedp.Evaluate[string](`document.cookie`)) // HttpOnly: the session is invisible here
	step("team person",
		chromedp.Navigate(s.URL+"/team/person/"+s.public.ID.String()),
		chromedp.WaitVisible(chromedp.CSS(`.confidential`)),
		shot("team-person.png"))

	if rows != "1" || title != "Example Person 3" {
		t.Errorf("search then open: %s rows, title %q", rows, title)
	}
	if !strings.Contains(team, "Қайрат Сапарұлы") {
		t.Errorf("team list after sign-in: %q", team)
	}
	if strings.Contains(cookies, "tizim=") {
		t.Errorf("session cookie readable from script: %q", cookies)
	}
	if dir != "rtl" {
		t.Errorf("Uyghur page dir %q", dir)
	}
}
