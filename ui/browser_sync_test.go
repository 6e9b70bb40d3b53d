package ui

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// syncPage: the Sync page of a lone node says so and how to invite a
// device; a bundle downloaded from it and uploaded through the form adds
// nothing new, and a damaged one is refused with a message by its field.
func syncPage(t *testing.T, e *browserEnv) {
	ctx := e.tab(t)
	e.do(t, ctx, "open the Sync page from the navigation",
		chromedp.Navigate(e.base+"/"), chromedp.WaitVisible(chromedp.CSS(`nav a[href="/peers"]`)),
		click(`nav a[href="/peers"]`), chromedp.WaitVisible(chromedp.CSS(`[data-live="peers"]`)))
	if got, want := eval[string](t, ctx, `document.querySelector(".summary").textContent.trim()`), "This device only: no peer yet."; got != want {
		t.Errorf("summary of a lone node = %q, want %q", got, want)
	}
	if !eval[bool](t, ctx, `[...document.querySelectorAll(".steps code")].map(c => c.textContent).join("|") === "muster invite|muster join CODE"`) {
		t.Errorf("the Sync page of a lone node does not say how to invite a device")
	}
	checkAxe(t, ctx, "/peers")
	// Peers come and go without a node change: the page refreshes itself.
	waitJS(t, ctx, "the peers region refreshes by itself", `(window.musterSwaps || 0) > 0`)

	good := e.download(t, "/api/v1/bundle")
	damaged := append([]byte(nil), good...)
	damaged[len(damaged)/2] ^= 0xff
	dir := t.TempDir()
	goodPath, badPath := filepath.Join(dir, "good.bundle"), filepath.Join(dir, "damaged.bundle")
	if err := os.WriteFile(goodPath, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(badPath, damaged, 0o644); err != nil {
		t.Fatal(err)
	}

	e.do(t, ctx, "choose a damaged bundle", chromedp.SetUploadFiles(chromedp.CSS(`#bundle`), []string{badPath}))
	e.submit(t, ctx, `form.bundle button[type=submit]`)
	e.do(t, ctx, "see the error", chromedp.WaitVisible(chromedp.CSS(`#bundle-err`)))
	if got, want := eval[string](t, ctx, `document.querySelector("#bundle-err").textContent`), "This file is damaged or from another team; nothing was changed."; got != want {
		t.Errorf("damaged bundle error = %q, want %q", got, want)
	}
	checkAxe(t, ctx, "/peers with a bundle error")

	e.do(t, ctx, "choose the good bundle", chromedp.SetUploadFiles(chromedp.CSS(`#bundle`), []string{goodPath}))
	e.submit(t, ctx, `form.bundle button[type=submit]`)
	waitJS(t, ctx, "see the result", `location.pathname === "/peers" && /^0 changes added\.( [0-9,]+ (was|were) already here\.)?$/.test((document.querySelector("p.flash") || {textContent: ""}).textContent)`)
}

// download fetches path from the muster process.
func (e *browserEnv) download(t *testing.T, path string) []byte {
	t.Helper()
	res, err := http.Get(e.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || len(b) == 0 {
		t.Fatalf("GET %s: %d, %d bytes, %v", path, res.StatusCode, len(b), err)
	}
	return b
}
