// Package datefmt writes dates and times the way people read them in a
// language: "Sat 14 Mar 2026, 09:00–13:00" in English, "sáb 14 mar 2026,
// 09:00–13:00" in Spanish, "السبت 14 مارس 2026، 09:00–13:00" in Arabic.
// The names come from the caller (the ui locale catalogs, the notify text
// tables): the package holds only the pattern, which the shipped
// languages share (weekday, day, month, year; 24-hour clock; Western
// digits).
package datefmt

import (
	"fmt"
	"strings"
	"time"
)

// Names are one language's names of days and months.
type Names struct {
	Days   [7]string  // short weekday names, Sunday first (as time.Weekday)
	Months [12]string // short month names, January first
	Sep    string     // between a date and its time: ", " (Arabic "، ")
}

// Parse reads names from space-separated lists: seven days from Sunday,
// twelve months from January.
func Parse(days, months, sep string) (Names, error) {
	var n Names
	d, m := strings.Fields(days), strings.Fields(months)
	if len(d) != 7 || len(m) != 12 {
		return n, fmt.Errorf("date names: %d days and %d months, want 7 and 12", len(d), len(m))
	}
	copy(n.Days[:], d)
	copy(n.Months[:], m)
	n.Sep = sep
	return n, nil
}

// Date writes a day: "Sat 14 Mar 2026".
func (n Names) Date(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", n.Days[t.Weekday()], t.Day(), n.Months[t.Month()-1], t.Year())
}

// Time writes a moment: "Sat 14 Mar 2026, 09:00".
func (n Names) Time(t time.Time) string { return n.Date(t) + n.Sep + t.Format("15:04") }

// Span writes a stretch of time in the zone of its times: "Sat 14 Mar
// 2026, 09:00–13:00", or both moments in full when it ends on another day.
func (n Names) Span(start, end time.Time) string {
	y1, m1, d1 := start.Date()
	y2, m2, d2 := end.Date()
	if y1 == y2 && m1 == m2 && d1 == d2 {
		return n.Time(start) + "–" + end.Format("15:04")
	}
	return n.Time(start) + " – " + n.Time(end)
}
