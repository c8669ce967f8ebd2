package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tizim/tizim/internal/blob/blobtest"
	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBrowserUpload drives chromium through the evidence upload form, in Uyghur (right to
// left): sign in as intake, fill the custody fields, choose two files, submit, and find
// both in the archive with what the form said. With TIZIM_SCREENSHOTS=DIR it saves the
// form and the result there.
func TestBrowserUpload(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium): browser test skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	u := newUploadEnv(t, storetest.Engines(t)[0], blobtest.Local(t))
	dir := t.TempDir()
	pdf := []byte("%PDF-1.4\n" + strings.Repeat("a statement given in Almaty\n", 40000))
	photo := exifPhoto(t)
	os.WriteFile(filepath.Join(dir, "statement.pdf"), pdf, 0o600)
	os.WriteFile(filepath.Join(dir, "photo.jpg"), photo, 0o600)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1200, 900),
	}
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	step, get := steps(t, ctx)

	step("sign in",
		chromedp.Navigate(u.srv.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "ina"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.team-list`)))
	step("the person's files, then the upload form",
		chromedp.Navigate(u.srv.URL+"/team/person/"+u.person.ID.String()+"/evidence?lang=ug"),
		chromedp.Click(chromedp.CSS(`a[href^="/team/upload/"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[enctype="multipart/form-data"]`)))
	pageDir := get("read dir", chromedp.Evaluate[string](`document.documentElement.dir`))
	step("fill the form",
		chromedp.SendKeys(chromedp.CSS(`input[name=received_from]`), "ئۇنىڭ ئىنىسى"),
		chromedp.SendKeys(chromedp.CSS(`input[name=how]`), "USB stick"),
		chromedp.Click(chromedp.CSS(`input[name=scrub]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=files]`), []string{filepath.Join(dir, "statement.pdf"), filepath.Join(dir, "photo.jpg")}),
		shot("upload-form-ug.png"),
		chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.upload-results`)),
		shot("upload-result-ug.png"))
	result := get("read the result", chromedp.Text(chromedp.CSS(`.upload-results`)))
	added := get("count added", chromedp.Evaluate[string](`String(document.querySelectorAll('.upload-results .added').length)`))

	if pageDir != "rtl" {
		t.Errorf("Uyghur upload form has dir %q", pageDir)
	}
	if added != "2" || !strings.Contains(result, "statement.pdf") || !strings.Contains(result, "photo.jpg") {
		t.Errorf("upload result: %s added, %q", added, result)
	}
	evs, err := u.files.About(context.Background(), sys, u.person.ID)
	if err != nil || len(evs) != 3 {
		t.Fatalf("after the browser upload: %d files (%v), want 2 originals and a scrubbed photo", len(evs), err)
	}
	for _, ev := range evs {
		if ev.Original.IsZero() && ev.ReceivedFrom != "ئۇنىڭ ئىنىسى" {
			t.Errorf("%s: received from %q", ev.Title, ev.ReceivedFrom)
		}
		if ev.Title == "statement.pdf" && ev.SHA256 != sumHex(pdf) {
			t.Errorf("statement.pdf: sha256 %s, want %s", ev.SHA256, sumHex(pdf))
		}
	}
}
