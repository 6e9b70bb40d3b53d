package ui

import (
	"net/http"

	"muster/calendar"
)

// signupsInvite serves a signup's calendar invite, as a file to open in a
// calendar app. A cancelled signup, shift or event gives an invite that
// says CANCELLED, which takes the event off the calendar again.
func (s *Server) signupsInvite(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	e, err := s.node.CalendarEntry(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeCalendar(w, calendar.Invite(e), "muster-"+id+".ics")
}
