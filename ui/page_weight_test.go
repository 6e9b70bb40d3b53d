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
	_, html := tp.get(t, "/people")
	total := len(html)
	t.Logf("roster page: HTML %d bytes", len(html))
	assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(html, -1)
	if len(assets) != 2 {
		t.Fatalf("page links %d static assets, want 2 (css, js)", len(assets))
	}
	for _, m := range assets {
		code, body := tp.get(t, m[1])
		if code != 200 {
			t.Fatalf("GET %s: %d", m[1], code)
		}
		t.Logf("roster page: %s %d bytes", m[1], len(body))
		total += len(body)
	}
	t.Logf("roster page: total %d bytes (%.1f KB)", total, float64(total)/1024)
	if limit := 100 * 1024; total > limit {
		t.Errorf("roster page weighs %d bytes, want at most %d", total, limit)
	}
	if got := regexp.MustCompile(`name="id"`).FindAllString(html, -1); len(got) != rosterPageSize {
		t.Errorf("roster shows %d people, want %d", len(got), rosterPageSize)
	}
	_ = node.PersonStatuses
}
