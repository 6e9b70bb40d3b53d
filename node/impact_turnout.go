package node

import (
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// TurnoutCounts are the figures of one shift, or of an event's shifts
// together. Seated is the non-cancelled signups within capacity (see
// seatClaims); Confirmed is the seated whose volunteer confirmed they will
// come (ConfirmSignup; still counted once checked in or a no-show).
// CheckedIn counts only the seated, and Turnout is CheckedIn / Seated (0
// with no one seated), as in ShiftView. NoShows is the seated of a shift
// that has ended who were not checked in (the derived no_show status; 0
// before the end). A waitlisted person who was checked in anyway counts in
// WaitlistCheckedIn, not in CheckedIn.
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

// EventTurnout counts an event's turnout as of the node's clock (no-shows
// exist only once a shift has ended). It is a pure function of the merged
// state and now, so every node that holds the same ops gives the same
// figures, and a check-in made on two devices counts once.
func (n *Node) EventTurnout(eventID string) (EventTurnout, error) {
	var out EventTurnout
	now := n.cfg.Now()
	err := n.view(func(txn *badger.Txn) error {
		ev, err := n.mustVisible(txn, TypeEvent, eventID)
		if err != nil {
			return err
		}
		out = EventTurnout{Event: ev.ID, Title: str(ev, fieldTitle), Shifts: []ShiftTurnout{}}
		return scanVisible(txn, childPrefix(TypeShift, eventID), func(se *crdt.Entity) error {
			st, err := shiftTurnout(txn, se, now)
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
	out.Total.Turnout = ratio(out.Total.CheckedIn, out.Total.Seated)
	return out, nil
}

func shiftTurnout(txn *badger.Txn, se *crdt.Entity, now time.Time) (ShiftTurnout, error) {
	s := shiftFrom(se)
	st := ShiftTurnout{Shift: s.ID, Title: s.Title, Start: s.Start, End: s.End, Status: s.Status}
	seats, err := seatsOf(txn, s)
	if err != nil {
		return st, err
	}
	c := &st.TurnoutCounts
	c.Seated, c.Waitlisted, c.Cancelled = len(seats.seated), len(seats.waiting), seats.cancelled
	for _, cl := range seats.seated {
		e := seats.byID[cl.ID]
		if confirmedFlag(e) {
			c.Confirmed++
		}
		switch lifeStatus(e, true, s, now) {
		case signupAttended:
			c.CheckedIn++
		case signupNoShow:
			c.NoShows++
		}
	}
	for _, cl := range seats.waiting {
		if str(seats.byID[cl.ID], fieldStatus) == signupAttended {
			c.WaitlistCheckedIn++
		}
	}
	c.Turnout = ratio(c.CheckedIn, c.Seated)
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
