package ui

import "net/http"

// taskCreate stores a new task and goes to its page, where the people to
// put on it are suggested.
func (p *Pages) taskCreate(w http.ResponseWriter, r *http.Request) { p.taskSave(w, r, "") }
