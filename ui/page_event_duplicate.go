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

// shiftDuplicate is the event page's one-tap "Copy to the next day" on a
// shift (offset_days 1; the API takes any offset): the copy keeps the
// times, seats, title and skills, not the signups, and the page opens on
// it so that its times can be changed right away if need be.
func (p *Pages) shiftDuplicate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("offset_days")))
	if err != nil {
		http.Error(w, "bad form: offset_days is not a number", http.StatusBadRequest)
		return
	}
	id, sid := r.PathValue("id"), r.PathValue("shift")
	if sh, err := p.node.Shift(sid); err != nil || sh.Event != id {
		p.notFound(w, r)
		return
	}
	c, err := p.node.DuplicateShift(sid, days)
	if fe, ok := fieldErrors(p.cats.pick(r), err, []string{"offset_days"}); ok {
		http.Error(w, fe.first("offset_days"), http.StatusUnprocessableEntity)
		return
	}
	p.redirectAfter(w, r, err, "/events/"+id+"#shift-"+c.ID)
}
