package ui

import "net/http"

// registerTasks adds the pages for coordinating volunteers: tasks, who to
// put on them (with the reasons), and what each volunteer has given.
func (p *Pages) registerTasks(mux *http.ServeMux, post func(http.HandlerFunc) http.Handler) {
	mux.HandleFunc("GET /tasks", p.taskList)
	mux.HandleFunc("GET /tasks/new", p.taskNew)
	mux.Handle("POST /tasks", post(p.taskCreate))
	mux.HandleFunc("GET /tasks/{id}", p.taskShow)
	mux.HandleFunc("GET /tasks/{id}/edit", p.taskEdit)
	mux.Handle("POST /tasks/{id}", post(p.taskUpdate))
	mux.Handle("POST /tasks/{id}/assign", post(p.taskAssign))
	mux.Handle("POST /tasks/{id}/unassign", post(p.taskUnassign))
	mux.Handle("POST /tasks/{id}/status", post(p.taskStatus))
	mux.HandleFunc("GET /people/{id}/impact", p.personImpact)
}
