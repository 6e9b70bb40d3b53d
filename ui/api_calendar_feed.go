package ui

import (
	"errors"
	"net/http"
	"strings"

	"muster/calendar"
	"muster/node"
)

// feedGet serves a volunteer's calendar feed: every signup of theirs as
// an event. The path must carry the person's token; any mistake (unknown
// person, wrong token, no ".ics") is the same 404, so that the answer
// tells a guesser nothing.
func (f *calendarFeeds) feedGet(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("person")
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || !validID(pid) || !f.validToken(pid, token) {
		http.NotFound(w, r)
		return
	}
	p, err := f.node.Person(pid)
	var entries []node.CalendarEntry
	if err == nil {
		entries, err = f.node.CalendarEntries(pid)
	}
	switch {
	case errors.Is(err, node.ErrNotFound):
		http.NotFound(w, r)
		return
	case err != nil:
		f.log.Error("calendar feed failed", logKeyMethod, r.Method, logKeyPath, "/calendar/"+pid, logKeyErr, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeCalendar(w, calendar.Feed(p, entries), "")
}

// writeCalendar writes iCalendar text; a non-empty filename (made of id
// characters only, so it needs no escaping) makes it an attachment to
// save or open.
func writeCalendar(w http.ResponseWriter, b []byte, filename string) {
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	if filename != "" {
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}
