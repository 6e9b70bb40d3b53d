package node

import (
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Impact is what one volunteer has given: the shifts they were checked in
// for and their hours (the sum of those shifts' lengths), overall and for
// shifts that started in the last 7 and 30 days before At, the events they
// helped at, the seated shifts still ahead of them, the seated shifts that
// ended without them (no-shows) and the tasks done with them assigned.
//
// Every shift a person was checked in for counts, seated or not: someone
// let in from the waitlist at the door still gave their time (turnout, by
// contrast, counts the seated only). A cancelled signup counts for nothing.
type Impact struct {
	Person         string        `json:"person"`
	Name           string        `json:"name"`
	At             time.Time     `json:"at"`
	ShiftsAttended int           `json:"shifts_attended"`
	Hours          float64       `json:"hours"`
	Hours7d        float64       `json:"hours_7d"`
	Hours30d       float64       `json:"hours_30d"`
	EventsHelped   int           `json:"events_helped"`
	Upcoming       []ImpactShift `json:"upcoming"`
	Attended       []ImpactShift `json:"attended"`
	NoShows        int           `json:"no_shows"`
	TasksDone      int           `json:"tasks_done"`
}

// ImpactShift is one shift on a volunteer's impact page.
type ImpactShift struct {
	Signup string `json:"signup"`
	Shift  string `json:"shift"`
	Event  string `json:"event"`
	// EventTitle names the event, so that a page need not look it up.
	EventTitle string    `json:"event_title,omitempty"`
	Title      string    `json:"title,omitempty"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
}

// PersonImpact computes a volunteer's impact as of now. The time is passed
// in, never read, so the figures are a pure function of the merged state
// and now: every node gives the same answer for the same now. It scans all
// signups: a person's signups have no index of their own yet.
func (n *Node) PersonImpact(personID string, now time.Time) (Impact, error) {
	out := Impact{Person: personID, At: now.UTC(), Upcoming: []ImpactShift{}, Attended: []ImpactShift{}}
	err := n.view(func(txn *badger.Txn) error {
		p, err := n.mustVisible(txn, TypePerson, personID)
		if err != nil {
			return err
		}
		out.Name = str(p, fieldName)
		var mine []*crdt.Entity
		err = scanVisible(txn, entityPrefix(TypeSignup), func(e *crdt.Entity) error {
			if str(e, fieldPerson) == personID && str(e, fieldStatus) != signupCancelled {
				mine = append(mine, e)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if out.TasksDone, err = tasksDone(txn, personID); err != nil {
			return err
		}
		return n.tallyImpact(txn, &out, mine)
	})
	if err != nil {
		return Impact{}, err
	}
	slices.SortFunc(out.Upcoming, compareImpactShifts)
	slices.SortFunc(out.Attended, compareImpactShifts)
	return out, nil
}

func compareImpactShifts(a, b ImpactShift) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return strings.Compare(a.Signup, b.Signup)
}

// tasksDone counts the done tasks the person is assigned to.
func tasksDone(txn *badger.Txn, personID string) (int, error) {
	done := 0
	err := scanVisible(txn, entityPrefix(TypeTask), func(e *crdt.Entity) error {
		if str(e, fieldStatus) == taskDone && contains(e.Elements(fieldAssignees), personID) {
			done++
		}
		return nil
	})
	return done, err
}

// tallyImpact adds up a person's live signups into out: attended shifts,
// seated shifts ahead, and seated shifts that ended without a check-in.
func (n *Node) tallyImpact(txn *badger.Txn, out *Impact, signups []*crdt.Entity) error {
	events := map[string]bool{}
	titles := map[string]string{}
	for _, e := range signups {
		se, err := n.loadEntity(txn, entityKey(TypeShift, str(e, fieldShift)), TypeShift, str(e, fieldShift))
		if err != nil {
			return err
		}
		if !se.IsVisible() {
			continue
		}
		s := shiftFrom(se)
		title, err := n.eventTitle(txn, s.Event, titles)
		if err != nil {
			return err
		}
		is := ImpactShift{Signup: e.ID, Shift: s.ID, Event: s.Event, EventTitle: title, Title: s.Title, Start: s.Start, End: s.End}
		if str(e, fieldStatus) == signupAttended {
			out.addAttended(s, is, events)
			continue
		}
		ended, ahead := !s.End.After(out.At), s.Start.After(out.At)
		if s.Status == statusCancelled || (!ended && !ahead) {
			continue
		}
		seated, err := isSeated(txn, s, e.ID)
		switch {
		case err != nil:
			return err
		case seated && ended:
			out.NoShows++
		case seated:
			out.Upcoming = append(out.Upcoming, is)
		}
	}
	out.EventsHelped = len(events)
	return nil
}

// eventTitle looks an event's title up once per event; "" when it is gone.
func (n *Node) eventTitle(txn *badger.Txn, id string, seen map[string]string) (string, error) {
	if t, ok := seen[id]; ok {
		return t, nil
	}
	e, err := n.loadEntity(txn, entityKey(TypeEvent, id), TypeEvent, id)
	if err != nil {
		return "", err
	}
	if e.IsVisible() {
		seen[id] = str(e, fieldTitle)
	}
	return seen[id], nil
}

func (im *Impact) addAttended(s Shift, is ImpactShift, events map[string]bool) {
	h := s.End.Sub(s.Start).Hours()
	im.Attended = append(im.Attended, is)
	im.ShiftsAttended++
	im.Hours += h
	if age := im.At.Sub(s.Start); age >= 0 && age < 7*24*time.Hour {
		im.Hours7d += h
	}
	if age := im.At.Sub(s.Start); age >= 0 && age < 30*24*time.Hour {
		im.Hours30d += h
	}
	events[s.Event] = true
}

// isSeated says whether the signup holds one of the shift's seats.
func isSeated(txn *badger.Txn, s Shift, signupID string) (bool, error) {
	seats, err := seatsOf(txn, s)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(seats.seated, func(c claim) bool { return c.ID == signupID }), nil
}
