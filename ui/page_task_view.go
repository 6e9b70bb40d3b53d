package ui

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"muster/node"
)

// taskCard is one task as the list and the task page show it.
type taskCard struct {
	node.Task
	Assigned int // how many people are on it
}

func newTaskCard(t node.Task) taskCard {
	return taskCard{Task: t, Assigned: len(t.Assignees)}
}

// Done says whether the task is finished.
func (c taskCard) Done() bool { return c.Status == "done" }

// prioritiesPressingFirst lists the priorities for a menu, urgent first.
func prioritiesPressingFirst() []string {
	out := slices.Clone(node.TaskPriorities)
	slices.Reverse(out)
	return out
}

// assigneeRow is one person on a task.
type assigneeRow struct {
	ID, Name string
	Gone     bool // no longer on the roster
}

// suggestionRow is one person the node suggests for a task, with why in
// plain words built from the node's reasons (the order is the node's).
type suggestionRow struct {
	ID, Name string
	Why      []string
}

// why turns a suggestion's reasons into short phrases: the skills matched,
// the availability given, the recent load.
func why(l *Locale, task node.Task, s node.Suggestion) []string {
	var out []string
	if n := len(task.Skills); n > 0 {
		have := l.N("task.why.skills", n, len(s.MatchedSkills))
		if len(s.MatchedSkills) > 0 {
			have += ": " + strings.Join(s.MatchedSkills, ", ")
		}
		out = append(out, have)
		if len(s.MissingSkills) > 0 {
			out = append(out, l.T("task.why.missing", strings.Join(s.MissingSkills, ", ")))
		}
	}
	if s.HasAvailability {
		out = append(out, l.T("task.why.available", strings.TrimSpace(s.Person.Availability)))
	} else {
		out = append(out, l.T("task.why.noavailability"))
	}
	if s.HoursLast7Days > 0 {
		out = append(out, hoursPhrase(l, "task.why.hours", s.HoursLast7Days))
	} else {
		out = append(out, l.T("task.why.nohours"))
	}
	return out
}

// hoursPhrase says an amount of hours with the plural form of key: whole hours
// take their CLDR form, fractions the "other" form.
func hoursPhrase(l *Locale, key string, h float64) string {
	if h == float64(int(h)) {
		return l.N(key, int(h))
	}
	return l.T(key+".other", l.Float(h))
}

// loadTask fetches the task a page names, answering 404 or 500 itself
// when it cannot; ok says whether the handler goes on.
func (p *Pages) loadTask(w http.ResponseWriter, r *http.Request) (node.Task, bool) {
	t, err := p.node.Task(r.PathValue("id"))
	switch {
	case errors.Is(err, node.ErrNotFound):
		p.notFound(w, r)
		return t, false
	case err != nil:
		p.serverError(w, r, err)
		return t, false
	}
	return t, true
}
