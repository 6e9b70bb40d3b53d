// Package browsertest drives a real headless Chromium for muster's
// browser tests (ui and cmd/muster): finding the browser, starting it,
// tabs with deadlines, and the few steps every test takes — run actions,
// evaluate JavaScript, wait for a condition, click, submit a form.
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ChromiumPath finds the browser: $MUSTER_CHROMIUM, /usr/bin/chromium or
// /usr/bin/chromium-browser. Without one the test fails on CI (CI=true,
// where scripts/test installs it) and is skipped elsewhere.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("MUSTER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found (set MUSTER_CHROMIUM): browser tests must run on CI")
	}
	t.Skip("chromium not found: install chromium (or set MUSTER_CHROMIUM) to run the browser tests")
	return ""
}

// Start starts headless Chromium with a fresh profile and the flags a
// quiet, sandbox-free test run needs, plus extra options; it stops when
// the test ends. The returned context opens tabs (Tab).
func Start(t testing.TB, chrome string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome), chromedp.UserDataDir(filepath.Join(t.TempDir(), "chrome-profile")),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := chromedp.Do(browser); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return browser
}

// Tab opens a fresh tab, closed when the test ends; everything done in it
// must finish within timeout.
func Tab(t testing.TB, browser context.Context, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelT := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelT(); cancel() })
	return ctx
}

// Do runs browser steps and fails the test with the step's error.
func Do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates JavaScript and returns its value.
func Eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("eval %q: %v", js, err)
	}
	return v
}

// WaitJS polls a JavaScript condition until it is true or the deadline
// passes. Unlike chromedp.Poll it survives the page navigating meanwhile
// (a form post), which is the point: it waits for the next page.
func WaitJS(t testing.TB, ctx context.Context, what, js string, deadline time.Duration) {
	t.Helper()
	end := time.Now().Add(deadline)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("%s: %q not true within %v (last error: %v)", what, js, deadline, err)
		}
		time.Sleep(20 * time.Millisecond) // polling the page with a deadline
	}
}

// Click clicks the first element matching the CSS selector sel. A live
// update may replace the element between chromedp finding it and clicking
// it ("Could not find node with given id"); then it finds it again, as a
// person would tap the button they now see.
func Click(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		for try := 1; ; try++ {
			_, err := chromedp.Click(chromedp.CSS(sel))(ctx, tg)
			if err == nil || try == 5 || !staleNode(err) {
				return chromedp.Void{}, err
			}
		}
	}
}

// staleNode reports whether err says an element chromedp held is gone.
func staleNode(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Could not find node with given id") || strings.Contains(s, "No node with given id") || strings.Contains(s, "Node is detached")
}

// Submit clicks a submit button and waits for the page the post leads to:
// its load event, so that chromedp's view of the document is the new one
// before the next query.
func Submit(t testing.TB, ctx context.Context, button string, deadline time.Duration) {
	t.Helper()
	Do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.__before = true`))
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(cdppage.LoadEventFired, nil, Click(button))); err != nil {
		t.Fatalf("submit %s: %v", button, err)
	}
	WaitJS(t, ctx, "submit "+button, `!window.__before && document.readyState === "complete"`, deadline)
}
