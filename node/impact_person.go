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
// helped at, and the seated shifts still ahead of them.
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
}

// ImpactShift is one shift on a volunteer's impact page.
type ImpactShift struct {
	Signup string    `json:"signup"`
	Shift  string    `json:"shift"`
	Event  string    `json:"event"`
	Title  string    `json:"title,omitempty"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
}

// PersonImpact computes a volunteer's impact as of now. The time is passed
// in, never read, so the figures are a pure function of the merged state
// and now: every node gives the same answer for the same now. It scans all
// signups: a person's signups have no index of their own yet.
func (n *Node) PersonImpact(personID string, now time.Time) (Impact, error) {
	out := Impact{Person: personID, At: now.UTC(), Upcoming: []ImpactShift{}}
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
		return n.tallyImpact(txn, &out, mine)
	})
	if err != nil {
		return Impact{}, err
	}
	slices.SortFunc(out.Upcoming, func(a, b ImpactShift) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Signup, b.Signup)
	})
	return out, nil
}

// tallyImpact adds up a person's live signups into out.
func (n *Node) tallyImpact(txn *badger.Txn, out *Impact, signups []*crdt.Entity) error {
	events := map[string]bool{}
	for _, e := range signups {
		se, err := n.loadEntity(txn, entityKey(TypeShift, str(e, fieldShift)), TypeShift, str(e, fieldShift))
		if err != nil {
			return err
		}
		if !se.IsVisible() {
			continue
		}
		s := shiftFrom(se)
		if str(e, fieldStatus) == signupAttended {
			out.addAttended(s, events)
			continue
		}
		if s.Status == statusCancelled || !s.Start.After(out.At) {
			continue
		}
		seated, err := isSeated(txn, s, e.ID)
		if err != nil {
			return err
		}
		if seated {
			out.Upcoming = append(out.Upcoming, ImpactShift{Signup: e.ID, Shift: s.ID, Event: s.Event, Title: s.Title, Start: s.Start, End: s.End})
		}
	}
	out.EventsHelped = len(events)
	return nil
}

func (im *Impact) addAttended(s Shift, events map[string]bool) {
	h := s.End.Sub(s.Start).Hours()
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
