package ui

// routes builds the one route table: the JSON API under /api/v1, then the
// pages, static files and live websocket (pages.go).
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/status", s.statusGet)
	m.HandleFunc("GET /api/v1/digest", s.digestGet)

	m.HandleFunc("GET /api/v1/campaigns", s.campaignsList)
	m.HandleFunc("POST /api/v1/campaigns", s.campaignsCreate)
	m.HandleFunc("GET /api/v1/campaigns/{id}", s.campaignsGet)
	m.HandleFunc("PATCH /api/v1/campaigns/{id}", s.campaignsUpdate)
	m.HandleFunc("DELETE /api/v1/campaigns/{id}", s.campaignsDelete)

	m.HandleFunc("GET /api/v1/people", s.peopleList)
	m.HandleFunc("POST /api/v1/people", s.peopleCreate)
	m.HandleFunc("POST /api/v1/people/bulk", s.peopleBulk)
	m.HandleFunc("GET /api/v1/people/{id}", s.peopleGet)
	m.HandleFunc("PATCH /api/v1/people/{id}", s.peopleUpdate)
	m.HandleFunc("DELETE /api/v1/people/{id}", s.peopleDelete)

	m.HandleFunc("GET /api/v1/events", s.eventsList)
	m.HandleFunc("POST /api/v1/events", s.eventsCreate)
	m.HandleFunc("GET /api/v1/events/{id}", s.eventsGet)
	m.HandleFunc("PATCH /api/v1/events/{id}", s.eventsUpdate)
	m.HandleFunc("POST /api/v1/events/{id}/cancel", s.eventsCancel)
	m.HandleFunc("POST /api/v1/events/{id}/duplicate", s.eventsDuplicate)
	m.HandleFunc("POST /api/v1/events/{id}/shifts", s.shiftsCreate)
	m.HandleFunc("POST /api/v1/events/{id}/signup", s.signupsCreate)
	m.HandleFunc("GET /api/v1/shifts/{id}", s.shiftsGet)
	m.HandleFunc("PATCH /api/v1/shifts/{id}", s.shiftsUpdate)
	m.HandleFunc("POST /api/v1/shifts/{id}/cancel", s.shiftsCancel)
	m.HandleFunc("POST /api/v1/shifts/{id}/duplicate", s.shiftsDuplicate)
	m.HandleFunc("POST /api/v1/signups/{id}/checkin", s.signupsCheckin)
	m.HandleFunc("POST /api/v1/signups/{id}/cancel", s.signupsCancel)
	m.HandleFunc("POST /api/v1/signups/{id}/confirm", s.signupsConfirm)
	m.HandleFunc("POST /api/v1/signups/{id}/undo-checkin", s.signupsUndoCheckin)
	// The volunteers' own pages, /s/{signup}/{token}, and
	// GET /api/v1/signups/{id}/link are mounted by SetSignupKey.
	m.HandleFunc("GET /api/v1/signups/{id}/invite.ics", s.signupsInvite)
	// The calendar feeds, GET /calendar/{person}/{token}.ics and
	// GET /api/v1/people/{id}/calendar, are mounted by SetCalendarKey
	// (api_calendar_key.go): without a key there are none.
	m.HandleFunc("GET /api/v1/outbox", s.outboxList)

	// Turnout and impact: figures derived from merged state.
	m.HandleFunc("GET /api/v1/events/{id}/turnout", s.turnoutGet)
	m.HandleFunc("GET /api/v1/people/{id}/impact", s.impactGet)

	m.HandleFunc("GET /api/v1/tasks", s.tasksList)
	m.HandleFunc("POST /api/v1/tasks", s.tasksCreate)
	m.HandleFunc("GET /api/v1/tasks/{id}", s.tasksGet)
	m.HandleFunc("PATCH /api/v1/tasks/{id}", s.tasksUpdate)
	m.HandleFunc("POST /api/v1/tasks/{id}/assign", s.tasksAssign)
	m.HandleFunc("POST /api/v1/tasks/{id}/unassign", s.tasksUnassign)
	m.HandleFunc("GET /api/v1/tasks/{id}/suggestions", s.tasksSuggestions)

	m.HandleFunc("GET /api/v1/skills", s.skillsList)
	m.HandleFunc("GET /api/v1/roles", s.rolesList)

	// Bundles serve scripts and the Sync page's forms alike (pages.go):
	// the upload is a form post, so it is refused from other sites.
	m.HandleFunc("GET /api/v1/bundle", s.pages.bundleGet)
	m.Handle("POST /api/v1/bundle", sameOrigin(s.pages.bundlePost))

	// Anything else under /api/ is a JSON 404, not an HTML page.
	m.HandleFunc("/api/", s.apiNotFound)

	s.pages.Register(m)
}

// location is the URL of a created entity, for the Location header.
func location(collection, id string) string { return "/api/v1/" + collection + "/" + id }
