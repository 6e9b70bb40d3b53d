package ui

import "net/http"

// calendarURL is where a volunteer's calendar app subscribes.
type calendarURL struct {
	URL    string `json:"url"`
	Webcal string `json:"webcal"`
}

// urlGet answers a person's feed URL, absolute on the host the request
// came to, as http(s) and as webcal (which opens a calendar app).
func (f *calendarFeeds) urlGet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		writeFailure(w, r, f.log, err)
		return
	}
	if _, err := f.node.Person(id); err != nil {
		writeFailure(w, r, f.log, err)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	rest := "://" + r.Host + f.feedPath(id)
	writeJSON(w, http.StatusOK, calendarURL{URL: scheme + rest, Webcal: "webcal" + rest})
}
