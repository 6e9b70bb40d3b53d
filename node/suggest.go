package node

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// loadWindow is how far back a person's recent load is counted.
const loadWindow = 7 * 24 * time.Hour

// Bounds on how many suggestions one call returns.
const (
	defaultSuggestions = 5
	maxSuggestions     = 100
)

// workedShift is one attended signup: whose, and the shift's span.
type workedShift struct {
	Person     string
	Start, End time.Time
}

// SuggestAssignees ranks the available people not yet on the task (see
// rankSuggestions), at the node's current time, and returns the first
// limit (default 5, at most 100).
func (n *Node) SuggestAssignees(taskID string, limit int) ([]Suggestion, error) {
	var task Task
	var people []Person
	var worked []workedShift
	err := n.view(func(txn *badger.Txn) error {
		e, err := n.mustVisible(txn, TypeTask, taskID)
		if err != nil {
			return err
		}
		task = taskFrom(e)
		if people, err = availablePeople(txn); err != nil {
			return err
		}
		worked, err = n.attendedShifts(txn)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rankSuggestions(task, people, recentHours(worked, n.cfg.Now()), limit), nil
}

func availablePeople(txn *badger.Txn) ([]Person, error) {
	var out []Person
	err := scanVisible(txn, entityPrefix(TypePerson), func(e *crdt.Entity) error {
		if p := personFrom(e); p.Status == defaultStatus {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// attendedShifts lists every attended signup with its shift's span. It
// scans all signups: fine for a drive's scale; an index by person is the
// next step if it shows up in a profile.
func (n *Node) attendedShifts(txn *badger.Txn) ([]workedShift, error) {
	var out []workedShift
	spans := map[string]Shift{}
	err := scanVisible(txn, entityPrefix(TypeSignup), func(e *crdt.Entity) error {
		if str(e, fieldStatus) != signupAttended {
			return nil
		}
		sid := str(e, fieldShift)
		s, ok := spans[sid]
		if !ok {
			se, err := n.loadEntity(txn, entityKey(TypeShift, sid), TypeShift, sid)
			if err != nil {
				return err
			}
			s = shiftFrom(se)
			spans[sid] = s
		}
		out = append(out, workedShift{Person: str(e, fieldPerson), Start: s.Start, End: s.End})
		return nil
	})
	return out, err
}

// recentHours sums, per person, the hours of attended shifts that ended in
// the 7 days up to now.
func recentHours(worked []workedShift, now time.Time) map[string]float64 {
	out := map[string]float64{}
	for _, w := range worked {
		if w.End.After(now) || !w.End.After(now.Add(-loadWindow)) || !w.End.After(w.Start) {
			continue
		}
		out[w.Person] += w.End.Sub(w.Start).Hours()
	}
	return out
}

// rankSuggestions is the pure ranking: available people not assigned to
// the task, by share of the task's skills they have (most first), then
// those who gave their availability, then the fewest hours in the last 7
// days, then name, then id. It returns the first limit.
func rankSuggestions(task Task, people []Person, hours map[string]float64, limit int) []Suggestion {
	if limit <= 0 {
		limit = defaultSuggestions
	}
	limit = min(limit, maxSuggestions)
	out := []Suggestion{}
	for _, p := range people {
		if p.Status != defaultStatus || contains(task.Assignees, p.ID) {
			continue
		}
		out = append(out, suggestionFor(task, p, hours[p.ID]))
	}
	slices.SortFunc(out, compareSuggestions)
	return out[:min(limit, len(out))]
}

func suggestionFor(task Task, p Person, hours float64) Suggestion {
	s := Suggestion{
		Person: p, MatchedSkills: []string{}, MissingSkills: []string{},
		HasAvailability: strings.TrimSpace(p.Availability) != "",
		HoursLast7Days:  hours,
	}
	for _, k := range task.Skills {
		if contains(p.Skills, k) {
			s.MatchedSkills = append(s.MatchedSkills, k)
		} else {
			s.MissingSkills = append(s.MissingSkills, k)
		}
	}
	if len(task.Skills) > 0 {
		s.Score = float64(len(s.MatchedSkills)) / float64(len(task.Skills))
	}
	return s
}

func compareSuggestions(a, b Suggestion) int {
	if c := cmp.Compare(b.Score, a.Score); c != 0 {
		return c
	}
	if a.HasAvailability != b.HasAvailability {
		if a.HasAvailability {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.HoursLast7Days, b.HoursLast7Days); c != 0 {
		return c
	}
	if c := strings.Compare(a.Person.Name, b.Person.Name); c != 0 {
		return c
	}
	return strings.Compare(a.Person.ID, b.Person.ID)
}
