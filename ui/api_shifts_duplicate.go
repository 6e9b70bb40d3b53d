package ui

import "net/http"

// shiftDuplicateInput is the optional body of a shift's duplicate.
type shiftDuplicateInput struct {
	OffsetDays int `json:"offset_days"`
}

// shiftsDuplicate copies a shift into its event, offset_days later (0 by
// default: a second shift at the same time): 201 with the new shift.
func (s *Server) shiftsDuplicate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	var in shiftDuplicateInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			writeFailure(w, r, s.log, err)
			return
		}
	}
	sh, err := s.node.DuplicateShift(id, in.OffsetDays)
	if err != nil {
		writeFailure(w, r, s.log, err)
		return
	}
	w.Header().Set("Location", location("shifts", sh.ID))
	writeJSON(w, http.StatusCreated, sh)
}
