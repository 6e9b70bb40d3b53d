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

	m.HandleFunc("GET /api/v1/skills", s.skillsList)
	m.HandleFunc("GET /api/v1/roles", s.rolesList)

	// Anything else under /api/ is a JSON 404, not an HTML page.
	m.HandleFunc("/api/", s.apiNotFound)

	s.pages.Register(m)
}

// location is the URL of a created entity, for the Location header.
func location(collection, id string) string { return "/api/v1/" + collection + "/" + id }
