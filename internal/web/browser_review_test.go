package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tizim/tizim/internal/store/storetest"
)

// TestBrowserReview drives the review queue page in chromium: both persons side by side
// (mirrored in Uyghur), a merge from the right-hand card, its undo from the notice, and a
// separation.
func TestBrowserReview(t *testing.T) {
	ctx := browser(t)
	s := newSite(t, storetest.Engines(t)[0])
	_, b, _ := queuePairs(t, s)
	step, get := steps(t, ctx)
	// The first pair's two cards: "same row" and which one is further left.
	const layout = `(() => { const s = document.querySelector('.review-pair').querySelectorAll('.side');
		const a = s[0].getBoundingClientRect(), b = s[1].getBoundingClientRect();
		return (Math.abs(a.top - b.top) < 2 ? 'row' : 'stacked') + ' ' + (a.left < b.left ? 'a-left' : 'a-right'); })()`

	step("sign in",
		chromedp.Navigate(s.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=username]`), "erlan"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), pw),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.team-list`)))
	step("open the queue from the menu",
		chromedp.Click(chromedp.CSS(`header.site nav a[href="/team/review"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.review-pair .side`)))
	step("screenshot", shot("review.png"))
	ltr := get("layout", chromedp.Evaluate[string](layout))
	pairs := get("count pairs", chromedp.Evaluate[string](`String(document.querySelectorAll('.review-pair').length)`))
	reasons := get("reasons", chromedp.Text(chromedp.CSS(`.review-pair ul.reasons`)))

	step("Uyghur", chromedp.Navigate(s.URL+"/team/review?lang=ug"), chromedp.WaitVisible(chromedp.CSS(`.review-pair .side`)))
	step("screenshot", shot("review-ug.png"))
	rtl := get("layout in Uyghur", chromedp.Evaluate[string](layout))
	dir := get("dir", chromedp.Evaluate[string](`document.documentElement.dir`))

	step("merge into the right-hand record",
		chromedp.Navigate(s.URL+"/team/review?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`.review-pair .side`)),
		chromedp.Click(chromedp.CSS(`.review-pair button[name=keep][value="`+b.ID.String()+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash[data-done=merged]`)))
	merged := get("notice", chromedp.Text(chromedp.CSS(`.flash`)))
	left := get("count pairs after the merge", chromedp.Evaluate[string](`String(document.querySelectorAll('.review-pair').length)`))
	// Each notice says what it reports, so a wait cannot be met by the previous page's.
	step("undo", chromedp.Click(chromedp.CSS(`.flash button`)), chromedp.WaitVisible(chromedp.CSS(`.flash[data-done=undone]`)))
	undone := get("notice after undo", chromedp.Text(chromedp.CSS(`.flash`)))
	back := get("count pairs after undo", chromedp.Evaluate[string](`String(document.querySelectorAll('.review-pair').length)`))
	step("separate the first pair",
		chromedp.Click(chromedp.CSS(`.review-pair button[formaction="/team/review/separate"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash[data-done=separated]`)))
	separated := get("notice after separating", chromedp.Text(chromedp.CSS(`.flash`)))
	after := get("count pairs after separating", chromedp.Evaluate[string](`String(document.querySelectorAll('.review-pair').length)`))

	if pairs != "2" || ltr != "row a-left" || !strings.Contains(reasons, "same birth year") {
		t.Errorf("queue: %s pairs, layout %q, reasons %q", pairs, ltr, reasons)
	}
	if dir != "rtl" || rtl != "row a-right" {
		t.Errorf("Uyghur: dir %q, layout %q (want the first card on the right)", dir, rtl)
	}
	if !strings.Contains(merged, "Merged") || left != "1" {
		t.Errorf("after merge: %q, %s pairs", merged, left)
	}
	if !strings.Contains(undone, "undone") || back != "2" {
		t.Errorf("after undo: %q, %s pairs", undone, back)
	}
	if !strings.Contains(separated, "different people") || after != "1" {
		t.Errorf("after separating: %q, %s pairs", separated, after)
	}
}
