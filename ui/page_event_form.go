package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"muster/node"
)

// maxShiftRows bounds the shift rows one event form posts.
const maxShiftRows = 50

// shiftForm is one shift row of the event form, kept as typed text.
type shiftForm struct {
	Index                                  int
	ID, Title, Start, End, Capacity, Skill string
	Remove                                 bool
}

// Name is the input name of one of the row's fields: "s0_start".
func (s shiftForm) Name(field string) string { return fmt.Sprintf("s%d_%s", s.Index, field) }

func (s shiftForm) blank() bool {
	return s.ID == "" && strings.TrimSpace(s.Title+s.Start+s.End+s.Capacity+s.Skill) == ""
}

// eventForm is what the event form posts: the event and its shifts.
type eventForm struct {
	Title, Description, Location, Campaign string
	Shifts                                 []shiftForm
}

// eventFields is the form's event field order, for the error summary;
// shiftFields are each row's.
var (
	eventFields = []string{"title", "description", "location", "campaign"}
	shiftFields = []string{"title", "start", "end", "capacity", "skills"}
)

type eventFormView struct {
	page
	ID        string // empty when creating
	Form      eventForm
	Errors    formErrors
	Problems  []problem
	Campaigns []node.Campaign
}

func (p *Pages) eventFormView(r *http.Request, id string, f eventForm, errs formErrors) *eventFormView {
	title := "event.new.title"
	if id != "" {
		title = "event.edit.title"
	}
	v := &eventFormView{page: p.newPage(r, title, "events", ""), ID: id, Form: f, Errors: errs}
	v.Campaigns, _ = p.node.Campaigns(node.CampaignQuery{})
	v.Problems = errs.summary(v.L, "event.f.", eventFields)
	for _, s := range f.Shifts {
		for _, fld := range shiftFields {
			if m, ok := errs[s.Name(fld)]; ok {
				label := v.L.T("shift.f."+fld) + " (" + v.L.T("shift.n", s.Index+1) + ")"
				v.Problems = append(v.Problems, problem{Field: s.Name(fld), Message: label + ": " + m})
			}
		}
	}
	return v
}

// withBlankRows adds empty shift rows to fill in, numbered after the rest.
func (f eventForm) withBlankRows(n int) eventForm {
	for range n {
		f.Shifts = append(f.Shifts, shiftForm{Index: len(f.Shifts)})
	}
	return f
}

func readEventForm(r *http.Request) eventForm {
	v := r.PostForm.Get
	f := eventForm{Title: v("title"), Description: v("description"), Location: v("location"), Campaign: v("campaign")}
	n, _ := strconv.Atoi(v("shift_rows"))
	for i := range min(max(n, 0), maxShiftRows) {
		s := shiftForm{Index: i}
		s.ID, s.Title, s.Start = v(s.Name("id")), v(s.Name("title")), v(s.Name("start"))
		s.End, s.Capacity, s.Skill = v(s.Name("end")), v(s.Name("capacity")), v(s.Name("skills"))
		s.Remove = v(s.Name("remove")) != ""
		f.Shifts = append(f.Shifts, s)
	}
	return f
}

func eventFormOf(ev node.Event, shifts []node.Shift) eventForm {
	f := eventForm{Title: ev.Title, Description: ev.Description, Location: ev.Location, Campaign: ev.Campaign}
	for _, s := range shifts {
		if s.Status == "cancelled" {
			continue
		}
		f.Shifts = append(f.Shifts, shiftForm{
			Index: len(f.Shifts), ID: s.ID, Title: s.Title,
			Start: s.Start.Local().Format(inputTime), End: s.End.Local().Format(inputTime),
			Capacity: strconv.Itoa(s.Capacity), Skill: strings.Join(s.Skills, ", "),
		})
	}
	return f
}

func (f eventForm) patch() node.EventPatch {
	return node.EventPatch{
		Title: ptr(strings.TrimSpace(f.Title)), Description: ptr(f.Description),
		Location: ptr(strings.TrimSpace(f.Location)), Campaign: ptr(f.Campaign),
	}
}

// shiftPatches reads every row the UI can read; rows it cannot come back
// as errors keyed by the row's input names.
func (f eventForm) shiftPatches(l *Locale) ([]node.ShiftPatch, formErrors) {
	errs := formErrors{}
	out := make([]node.ShiftPatch, len(f.Shifts))
	for i, s := range f.Shifts {
		if s.blank() || s.Remove {
			continue
		}
		p := node.ShiftPatch{Title: ptr(strings.TrimSpace(s.Title)), Skills: ptr(splitList(s.Skill))}
		start, okS := readTime(s.Start)
		end, okE := readTime(s.End)
		capacity, err := strconv.Atoi(strings.TrimSpace(s.Capacity))
		switch {
		case !okS:
			errs[s.Name("start")] = l.T("error.invalid_time")
		case !okE:
			errs[s.Name("end")] = l.T("error.invalid_time")
		case !end.After(start):
			errs[s.Name("end")] = l.T("error.end_before_start")
		}
		if err != nil {
			errs[s.Name("capacity")] = l.T("error.invalid_number")
		}
		p.Start, p.End, p.Capacity = &start, &end, &capacity
		out[i] = p
	}
	return out, errs
}

func readTime(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(inputTime, strings.TrimSpace(s), time.Local)
	return t, err == nil
}

// saveShifts creates, updates and cancels the rows' shifts; a row the node
// refuses comes back as errors under the row's names.
func (p *Pages) saveShifts(l *Locale, eventID string, f eventForm, patches []node.ShiftPatch) (formErrors, error) {
	errs := formErrors{}
	for i, s := range f.Shifts {
		var err error
		switch {
		case s.Remove && s.ID != "":
			_, err = p.node.CancelShift(s.ID)
		case s.blank() || s.Remove:
			continue
		case s.ID != "":
			_, err = p.node.UpdateShift(s.ID, patches[i])
		default:
			var sh node.Shift
			sh, err = p.node.CreateShift(eventID, patches[i])
			// The row shown again edits the shift now stored, so that
			// posting the form again does not add it twice.
			f.Shifts[i].ID = sh.ID
		}
		var ve *node.ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve.Fields {
				if _, dup := errs[s.Name(fe.Field)]; !dup {
					errs[s.Name(fe.Field)] = l.T("error." + fe.Code)
				}
			}
			continue
		}
		if err != nil {
			return nil, err
		}
	}
	return errs, nil
}

// saveEvent stores the form: the event (created when id is empty), then
// its shifts. It returns the event's id and, when something was refused,
// the errors to show.
func (p *Pages) saveEvent(l *Locale, id string, f eventForm) (string, formErrors, error) {
	patches, errs := f.shiftPatches(l)
	if strings.TrimSpace(f.Title) == "" {
		errs["title"] = l.T("error.required")
	}
	if len(errs) > 0 {
		return id, errs, nil
	}
	var err error
	if id == "" {
		var ev node.Event
		ev, err = p.node.CreateEvent(f.patch())
		id = ev.ID
	} else {
		_, err = p.node.UpdateEvent(id, f.patch())
	}
	if fe, ok := fieldErrors(l, err, eventFields); ok {
		return id, fe, nil
	}
	if err != nil {
		return id, nil, err
	}
	errs, err = p.saveShifts(l, id, f, patches)
	return id, errs, err
}

// eventSave handles both create (no id) and update.
func (p *Pages) eventSave(w http.ResponseWriter, r *http.Request, id string) {
	if err := parseForm(w, r); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	l := p.cats.pick(r)
	f := readEventForm(r)
	newID, errs, err := p.saveEvent(l, id, f)
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
	case err != nil:
		p.serverError(w, r, err)
	case len(errs) > 0:
		// A new event stored before one of its shifts was refused is
		// edited from now on, so that posting again does not make two.
		p.render(w, r, http.StatusUnprocessableEntity, "event_form", p.eventFormView(r, newID, f, errs))
	default:
		seeOther(w, r, "/events/"+newID)
	}
}

// Number is the row's number for people, from 1.
func (s shiftForm) Number() int { return s.Index + 1 }

// shiftInput is what the "shiftfield" template needs for one input.
type shiftInput struct{ ID, Field, Type, Value, Err string }

// Input describes one of the row's inputs for the template.
func (s shiftForm) Input(field, typ string, errs formErrors) shiftInput {
	values := map[string]string{"title": s.Title, "start": s.Start, "end": s.End, "capacity": s.Capacity, "skills": s.Skill}
	return shiftInput{ID: s.Name(field), Field: field, Type: typ, Value: values[field], Err: errs[s.Name(field)]}
}
