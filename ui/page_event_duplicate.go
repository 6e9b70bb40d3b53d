package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"muster/node"
)

// eventDuplicate copies an event and its shifts some days later and opens
// the copy's form, since a copy nearly always needs a new title or time.
func (p *Pages) eventDuplicate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, typed, l := r.PathValue("id"), r.PostForm.Get("offset_days"), p.cats.pick(r)
	days, err := strconv.Atoi(strings.TrimSpace(typed))
	if strings.TrimSpace(typed) == "" {
		days, err = 0, nil
	}
	if err != nil {
		p.duplicateRefused(w, r, id, typed, l.T("error.invalid_number"))
		return
	}
	ev, err := p.node.DuplicateEvent(id, node.DuplicateInput{OffsetDays: days})
	if fe, ok := fieldErrors(l, err, []string{"offset_days"}); ok {
		p.duplicateRefused(w, r, id, typed, fe.first("offset_days"))
		return
	}
	p.redirectAfter(w, r, err, "/events/"+ev.ID+"/edit")
}

func (p *Pages) duplicateRefused(w http.ResponseWriter, r *http.Request, id, typed, msg string) {
	v, err := p.eventShowView(r, id)
	if errors.Is(err, node.ErrNotFound) {
		p.notFound(w, r)
		return
	}
	if err != nil {
		p.serverError(w, r, err)
		return
	}
	v.Offset, v.OffsetErr = typed, msg
	p.render(w, r, http.StatusUnprocessableEntity, "event", v)
}
