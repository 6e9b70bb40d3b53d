package calendar

import (
	"math"
	"strconv"
	"time"

	"muster/node"
)

// ProdID names muster as the maker of every calendar it writes.
const ProdID = "-//muster//muster volunteer calendar//EN"

// UIDSuffix makes a signup id a UID: the signup id is the same on every
// node, so an invite from any node replaces one from any other.
const UIDSuffix = "@muster"

// sequenceEpoch is where SEQUENCE counts seconds from: SEQUENCE is a
// 32-bit integer, which seconds since 2020 fill only in 2088.
var sequenceEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// refresh is how often a subscribed calendar should fetch the feed again.
const refresh = "PT1H"

// Invite is the calendar invite of one signup: a VCALENDAR with
// METHOD:REQUEST and one VEVENT. A cancelled signup, shift or event makes
// a VEVENT with STATUS:CANCELLED, which takes the earlier invite off the
// volunteer's calendar.
func Invite(e node.CalendarEntry) []byte {
	var w writer
	begin(&w, "REQUEST")
	event(&w, e)
	w.line("END", "VCALENDAR")
	return w.bytes()
}

// Feed is a volunteer's calendar: a VCALENDAR with METHOD:PUBLISH and one
// VEVENT per signup in entries (cancelled ones too, marked CANCELLED).
func Feed(p node.Person, entries []node.CalendarEntry) []byte {
	var w writer
	begin(&w, "PUBLISH")
	name := "muster"
	if p.Name != "" {
		name += ": " + p.Name
	}
	w.text("NAME", name)
	w.text("X-WR-CALNAME", name)
	w.line("REFRESH-INTERVAL;VALUE=DURATION", refresh)
	w.line("X-PUBLISHED-TTL", refresh)
	for _, e := range entries {
		event(&w, e)
	}
	w.line("END", "VCALENDAR")
	return w.bytes()
}

func begin(w *writer, method string) {
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.text("PRODID", ProdID)
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", method)
}

// event writes one VEVENT. DTSTAMP is the entry's Modified time rather
// than the time of writing, so that the output is the same on every node
// and a later change always carries a later stamp.
func event(w *writer, e node.CalendarEntry) {
	w.line("BEGIN", "VEVENT")
	w.text("UID", e.Signup.ID+UIDSuffix)
	w.time("DTSTAMP", e.Modified)
	w.time("LAST-MODIFIED", e.Modified)
	w.line("SEQUENCE", strconv.FormatInt(Sequence(e.Modified), 10))
	w.time("DTSTART", e.Shift.Start)
	w.time("DTEND", e.Shift.End)
	w.text("SUMMARY", e.Event.Title)
	w.text("LOCATION", e.Event.Location)
	if e.Event.Lat != nil && e.Event.Lon != nil {
		w.line("GEO", formatFloat(*e.Event.Lat)+";"+formatFloat(*e.Event.Lon))
	}
	w.text("DESCRIPTION", description(e))
	w.line("STATUS", Status(e))
	w.line("TRANSP", "OPAQUE")
	w.line("END", "VEVENT")
}

// Status is the VEVENT STATUS of an entry: CANCELLED when the signup, its
// shift or its event is cancelled, CONFIRMED otherwise.
func Status(e node.CalendarEntry) string {
	if e.Signup.Status == "cancelled" || e.Shift.Status == "cancelled" || e.Event.Status == "cancelled" {
		return "CANCELLED"
	}
	return "CONFIRMED"
}

// Sequence is the SEQUENCE of an invite last changed at modified: whole
// seconds since 2020, clamped to the 32-bit range RFC 5545 allows. It
// grows with every change that a calendar app must apply.
func Sequence(modified time.Time) int64 {
	s := int64(modified.Sub(sequenceEpoch) / time.Second)
	return min(max(s, 0), math.MaxInt32)
}

// description is the shift's title, then the event's description.
func description(e node.CalendarEntry) string {
	d := e.Event.Description
	if e.Shift.Title != "" {
		if d != "" {
			d = "\n\n" + d
		}
		d = "Shift: " + e.Shift.Title + d
	}
	return d
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
