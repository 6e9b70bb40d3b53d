package ui

import (
	"fmt"
	"time"

	"muster/datefmt"
)

// loadDates reads each locale's day and month names; a locale without
// them fails at start-up rather than showing keys on every page.
func (c *catalogs) loadDates() error {
	for _, l := range c.list {
		d, err := datefmt.Parse(l.msgs["date.days"], l.msgs["date.months"], l.msgs["date.sep"])
		if err != nil {
			return fmt.Errorf("locale %s: %w", l.Lang, err)
		}
		l.dates = d
	}
	return nil
}

// Span writes a stretch of time in the locale, on the node's wall clock:
// "Sat 14 Mar 2026, 09:00–13:00", "sáb 14 mar 2026, 09:00–13:00".
func (l *Locale) Span(start, end time.Time) string { return l.dates.Span(start.Local(), end.Local()) }
