package ui

import "net/http"

// signupsConfirm records that the volunteer will come (an organizer doing
// it for them). A waitlisted signup stays waiting, confirmed; a cancelled
// one is a 422. It takes no body.
func (s *Server) signupsConfirm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	su, err := s.node.ConfirmSignup(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, su)
}

// signupsUndoCheckin takes back a check-in tapped by mistake. It takes no
// body; on a signup not checked in it changes nothing.
func (s *Server) signupsUndoCheckin(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	su, err := s.node.UndoCheckIn(id)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	writeJSON(w, http.StatusOK, su)
}
