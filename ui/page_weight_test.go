package ui

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"muster/node"
)

// TestRosterPageWeight: the roster's first load, with 50 people of every
// field filled, stays under 100 KB of HTML, CSS and JS (uncompressed).
func TestRosterPageWeight(t *testing.T) {
	tp := newTestPages(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 60 {
		if _, err := tp.node.CreatePerson(fakePerson(rng, i)); err != nil {
			t.Fatal(err)
		}
	}
	html := checkPageWeight(t, tp, "roster page", "/people", 100*1024)
	if got := regexp.MustCompile(`name="id"`).FindAllString(html, -1); len(got) != rosterPageSize {
		t.Errorf("roster shows %d people, want %d", len(got), rosterPageSize)
	}
	_ = node.PersonStatuses
}

// checkPageWeight gets path and the static assets it links (one CSS, one
// JS), logs each one's size, and fails when together they weigh more than
// limit bytes (uncompressed): a first load on a phone. It returns the HTML.
func checkPageWeight(t *testing.T, tp *testPages, what, path string, limit int) string {
	t.Helper()
	_, html := tp.get(t, path)
	total := len(html)
	t.Logf("%s: HTML %d bytes", what, len(html))
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(assets) != 2 {
		t.Fatalf("%s links %d static assets, want 2 (css, js)", what, len(assets))
	}
	for _, m := range assets {
		code, body := tp.get(t, m[1])
		if code != 200 {
			t.Fatalf("GET %s: %d", m[1], code)
		}
		t.Logf("%s: %s %d bytes", what, m[1], len(body))
		total += len(body)
	}
	t.Logf("%s: total %d bytes (%.1f KB)", what, total, float64(total)/1024)
	if total > limit {
		t.Errorf("%s weighs %d bytes, want at most %d", what, total, limit)
	}
	return html
}
