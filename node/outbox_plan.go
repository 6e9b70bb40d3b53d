package node

import (
	"time"

	"muster/crdt"
)

// How far from its shift each kind is due, and until when it may go.
const (
	thankYouAfter = time.Hour          // after the shift's end
	thankYouUntil = 7 * 24 * time.Hour // after the shift's end
)

// signupFacts is what planning a signup's messages needs, read from merged
// state.
type signupFacts struct {
	signup    *crdt.Entity
	claim     claim
	seated    bool
	position  int       // place on the waitlist, 0 when seated
	cancelled time.Time // when the shift or its event was cancelled; zero if not
	shift     Shift
	event     Event
	person    Person
	// toldWaiting: the person was last told they wait (see toldWaiting).
	toldWaiting bool
}

// planMessages is the outbox rule, a pure function of merged state:
//
//   - a live signup gets a confirmation when it is made;
//   - a seated one also gets reminders 24 h and 2 h before its shift (only
//     those still ahead when it signed up);
//   - a waiting one that was seated when it was made (bumped: a merge
//     brought in earlier signups) is told it is on the waitlist now;
//   - a seated one that was told it waits (promoted: the signup page or a
//     waitlisted message said so) is told a seat opened, at once;
//   - one checked in (seated or let in from the waitlist) is thanked after
//     the shift; a no-show is not;
//   - if the shift or its event is cancelled, every live signup gets only
//     the cancellation, due when it was cancelled.
//
// Home is the author of the signup's joined field: the one node that sends.
func planMessages(f signupFacts) []Message {
	joined := f.claim.Time.Wall()
	start, end := f.shift.Start, f.shift.End
	base := Message{
		Signup: f.signup.ID, Person: f.person.ID, Name: f.person.Name, Lang: f.person.Lang,
		Event: f.event.ID, EventTitle: f.event.Title, Location: f.event.Location,
		Shift: f.shift.ID, ShiftTitle: f.shift.Title, Start: start, End: end,
		Seated: f.seated, Position: f.position, Home: f.claim.Author.String(), State: StateQueued,
	}
	base.Channel, base.To = channelOf(f.person)
	add := func(out []Message, kind string, due, expires time.Time) []Message {
		m := base
		m.ID, m.Kind, m.Due, m.Expires = messageID(f.signup.ID, kind), kind, due, expires
		return append(out, m)
	}
	if !f.cancelled.IsZero() {
		// A signup that arrives after the cancellation is told when it is made.
		return add(nil, KindCancellation, later(f.cancelled, joined), start)
	}
	out := add(nil, KindConfirmation, joined, end)
	switch {
	case !f.seated && f.signup.Value(fieldSeatedAtSignup) == true:
		out = add(out, KindWaitlisted, joined, start)
	case f.seated && f.toldWaiting:
		out = add(out, KindPromoted, joined, start)
	}
	if f.seated {
		for _, r := range []struct {
			kind   string
			before time.Duration
		}{{KindReminder24h, 24 * time.Hour}, {KindReminder2h, 2 * time.Hour}} {
			if due := start.Add(-r.before); joined.Before(due) {
				out = add(out, r.kind, due, start)
			}
		}
	}
	if str(f.signup, fieldStatus) == signupAttended {
		out = add(out, KindThankYou, end.Add(thankYouAfter), end.Add(thankYouUntil))
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// channelOf picks the channel from the person's consent and contact:
// email if they agreed to it and have an address, else SMS likewise, else
// none. It is read when messages are planned, so withdrawing consent stops
// every message not yet handed to a channel.
func channelOf(p Person) (channel, to string) {
	switch {
	case p.Consent.Email && p.Email != "":
		return ChannelEmail, p.Email
	case p.Consent.SMS && p.Phone != "":
		return ChannelSMS, p.Phone
	}
	return "", ""
}
