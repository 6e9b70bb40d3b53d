package ui

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeViolation is one serious or critical finding of axe-core.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe runs axe-core (ui/testdata/axe) on the page open in ctx and fails
// on any serious or critical violation of WCAG 2.1 A/AA or best practice.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile("testdata/axe/axe.min.js")
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		t.Fatalf("read axe-core: %v", axeErr)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("%s: inject axe-core: %v", page, err)
	}
	const run = `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
		resultTypes: ["violations"]
	}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", page, err)
	}
	for _, v := range vs {
		t.Errorf("%s: axe %s (%s): %s at %s", page, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
	}
}
