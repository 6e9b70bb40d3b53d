package ui

import "net/http"

// registerEvents adds the volunteer drive's pages: events and their shifts
// for organizers, the public signup (/e/{id}, short to share) and check-in.
func (p *Pages) registerEvents(mux *http.ServeMux, post func(http.HandlerFunc) http.Handler) {
	mux.HandleFunc("GET /events", p.eventList)
	mux.HandleFunc("GET /events/new", p.eventNew)
	mux.Handle("POST /events", post(p.eventCreate))
	mux.HandleFunc("GET /events/{id}", p.eventShow)
	mux.HandleFunc("GET /events/{id}/edit", p.eventEdit)
	mux.Handle("POST /events/{id}", post(p.eventUpdate))
	mux.Handle("POST /events/{id}/cancel", post(p.eventCancel))
	mux.Handle("POST /events/{id}/duplicate", post(p.eventDuplicate))
	mux.Handle("POST /events/{id}/shifts/{shift}/duplicate", post(p.shiftDuplicate))
	mux.HandleFunc("GET /events/{id}/checkin", p.checkinShow)
	mux.Handle("POST /events/{id}/checkin", post(p.checkinCreate))
	mux.Handle("POST /events/{id}/walkin", post(p.checkinWalkin))
	mux.Handle("POST /events/{id}/checkin/person", post(p.checkinPerson))
	mux.Handle("POST /events/{id}/confirm", post(p.eventSignupConfirm))
	mux.Handle("POST /events/{id}/undo-checkin", post(p.eventSignupUndo))
	mux.HandleFunc("GET /e/{id}", p.signupShow)
	mux.Handle("POST /e/{id}", post(p.signupCreate))
	mux.HandleFunc("GET /e/{id}/done", p.signupDone)
}
