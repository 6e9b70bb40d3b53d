package datefmt

import (
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	en, err := Parse("Sun Mon Tue Wed Thu Fri Sat", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", ", ")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"one day", start, start.Add(4 * time.Hour), "Sat 14 Mar 2026, 09:00–13:00"},
		{"past midnight", start.Add(13 * time.Hour), start.Add(17 * time.Hour), "Sat 14 Mar 2026, 22:00 – Sun 15 Mar 2026, 02:00"},
	}
	for _, c := range cases {
		if got := en.Span(c.start, c.end); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := Parse("a b c", "x", ""); err == nil {
		t.Errorf("Parse of too few names: no error")
	}
}
