package ui

import "net/http"

// eventCreate stores a new event and its shifts, or shows the form again
// with every problem next to its field and everything typed kept.
func (p *Pages) eventCreate(w http.ResponseWriter, r *http.Request) { p.eventSave(w, r, "") }
