package node

import (
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// TurnoutCounts are the figures of one shift, or of an event's shifts
// together. Confirmed is the seated (non-cancelled signups within capacity,
// see seatClaims), so it equals Seated; CheckedIn counts only the seated,
// and Turnout is CheckedIn / Confirmed (0 with no one confirmed), as in
// ShiftView. NoShows is the confirmed who have not checked in: once a
// shift has ended, those who did not come. A waitlisted person who was
// checked in anyway counts in WaitlistCheckedIn, not in CheckedIn.
type TurnoutCounts struct {
	Confirmed         int     `json:"confirmed"`
	CheckedIn         int     `json:"checked_in"`
	Turnout           float64 `json:"turnout"`
	Seated            int     `json:"seated"`
	Waitlisted        int     `json:"waitlisted"`
	NoShows           int     `json:"no_shows"`
	Cancelled         int     `json:"cancelled"`
	WaitlistCheckedIn int     `json:"waitlist_checked_in"`
}

// ShiftTurnout is one shift's counts.
type ShiftTurnout struct {
	Shift  string    `json:"shift"`
	Title  string    `json:"title,omitempty"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Status string    `json:"status"`
	TurnoutCounts
}

// EventTurnout is an event's turnout, shift by shift (by start time) and
// in total. The total leaves out cancelled shifts: no one was expected.
type EventTurnout struct {
	Event  string         `json:"event"`
	Title  string         `json:"title"`
	Shifts []ShiftTurnout `json:"shifts"`
	Total  TurnoutCounts  `json:"total"`
}

// EventTurnout counts an event's turnout. It is a pure function of the
// merged state, so every node that holds the same ops gives the same
// figures, and a check-in made on two devices counts once.
func (n *Node) EventTurnout(eventID string) (EventTurnout, error) {
	var out EventTurnout
	err := n.view(func(txn *badger.Txn) error {
		ev, err := n.mustVisible(txn, TypeEvent, eventID)
		if err != nil {
			return err
		}
		out = EventTurnout{Event: ev.ID, Title: str(ev, fieldTitle), Shifts: []ShiftTurnout{}}
		return scanVisible(txn, childPrefix(TypeShift, eventID), func(se *crdt.Entity) error {
			st, err := shiftTurnout(txn, se)
			out.Shifts = append(out.Shifts, st)
			return err
		})
	})
	if err != nil {
		return EventTurnout{}, err
	}
	slices.SortFunc(out.Shifts, func(a, b ShiftTurnout) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Shift, b.Shift)
	})
	for _, st := range out.Shifts {
		if st.Status != statusCancelled {
			out.Total.add(st.TurnoutCounts)
		}
	}
	out.Total.Turnout = ratio(out.Total.CheckedIn, out.Total.Confirmed)
	return out, nil
}

func shiftTurnout(txn *badger.Txn, se *crdt.Entity) (ShiftTurnout, error) {
	s := shiftFrom(se)
	st := ShiftTurnout{Shift: s.ID, Title: s.Title, Start: s.Start, End: s.End, Status: s.Status}
	seats, err := seatsOf(txn, s)
	if err != nil {
		return st, err
	}
	c := &st.TurnoutCounts
	c.Seated, c.Waitlisted, c.Cancelled = len(seats.seated), len(seats.waiting), seats.cancelled
	c.Confirmed = c.Seated
	for _, cl := range seats.seated {
		if str(seats.byID[cl.ID], fieldStatus) == signupAttended {
			c.CheckedIn++
		}
	}
	for _, cl := range seats.waiting {
		if str(seats.byID[cl.ID], fieldStatus) == signupAttended {
			c.WaitlistCheckedIn++
		}
	}
	c.NoShows = c.Confirmed - c.CheckedIn
	c.Turnout = ratio(c.CheckedIn, c.Confirmed)
	return st, nil
}

func (c *TurnoutCounts) add(o TurnoutCounts) {
	c.Confirmed += o.Confirmed
	c.CheckedIn += o.CheckedIn
	c.Seated += o.Seated
	c.Waitlisted += o.Waitlisted
	c.NoShows += o.NoShows
	c.Cancelled += o.Cancelled
	c.WaitlistCheckedIn += o.WaitlistCheckedIn
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// shiftSeats is one shift's signups seated by seatClaims, with each
// signup's entity by id and how many are cancelled.
type shiftSeats struct {
	seated, waiting []claim
	byID            map[string]*crdt.Entity
	cancelled       int
}

// seatsOf seats a shift's signups the way ShiftRoster does: a signup whose
// joined field has not arrived makes no claim yet.
func seatsOf(txn *badger.Txn, s Shift) (shiftSeats, error) {
	out := shiftSeats{byID: map[string]*crdt.Entity{}}
	var claims []claim
	err := scanVisible(txn, childPrefix(TypeSignup, s.ID), func(e *crdt.Entity) error {
		c, ok := claimOf(e)
		if !ok {
			return nil
		}
		claims = append(claims, c)
		out.byID[e.ID] = e
		if c.Cancelled {
			out.cancelled++
		}
		return nil
	})
	out.seated, out.waiting = seatClaims(s.Capacity, claims)
	return out, err
}
