package node

import "time"

// TypeMessage is the entity type of an outbox message's delivery state.
// The messages themselves are not stored: Outbox derives them from the
// signups (see outboxPlan); only what the sending node did with one is.
const TypeMessage = "message"

// Message kinds: what the message is for.
const (
	KindConfirmation = "confirmation"
	KindReminder24h  = "reminder_24h"
	KindReminder2h   = "reminder_2h"
	KindThankYou     = "thank_you"
	// KindWaitlisted tells someone who was given a seat that a merge put
	// them on the waitlist (see docs/outbox.md, "Bumped").
	KindWaitlisted = "waitlisted"
	// KindCancellation tells everyone signed up that the shift, or its
	// event, is cancelled. (A kind is at most 12 bytes: a message id is
	// the signup id, 50 bytes, a dot and the kind, within crdt.MaxIDLen.)
	KindCancellation = "cancellation"
	// KindPromoted tells someone who was told they were on the waitlist
	// that a seat opened for them (docs/outbox.md, "Promoted").
	KindPromoted = "promoted"
)

// MessageKinds lists the kinds in the order a signup meets them.
var MessageKinds = []string{KindConfirmation, KindWaitlisted, KindPromoted, KindReminder24h, KindReminder2h, KindThankYou, KindCancellation}

// Message states. Queued is the state of a message nothing was recorded
// for; the others are written (last writer wins) by the message's home
// node only.
const (
	StateQueued  = "queued"  // waiting for its due time, or for its channel
	StateSending = "sending" // handed to the channel; not yet confirmed
	StateSent    = "sent"    // the channel accepted it
	StateFailed  = "failed"  // the channel refused it for good (Detail says why)
	StateSkipped = "skipped" // not sent: opted out, no contact, or too late
)

// MessageStates lists every state.
var MessageStates = []string{StateQueued, StateSending, StateSent, StateFailed, StateSkipped}

// Channels a message goes by.
const (
	ChannelEmail = "email"
	ChannelSMS   = "sms"
)

// Message is one scheduled message to one volunteer, derived from merged
// state, with the delivery state its home node recorded.
type Message struct {
	ID      string `json:"id"` // signup id + "." + kind: the same on every node
	Signup  string `json:"signup"`
	Kind    string `json:"kind"`
	Person  string `json:"person"`
	Name    string `json:"name,omitempty"`
	Lang    string `json:"lang,omitempty"`    // the person's language; "" is English
	Channel string `json:"channel,omitempty"` // "" when the person consented to no channel they have a contact for
	To      string `json:"to,omitempty"`      // email address or phone number

	Event      string    `json:"event"`
	EventTitle string    `json:"event_title,omitempty"`
	Location   string    `json:"location,omitempty"`
	Shift      string    `json:"shift"`
	ShiftTitle string    `json:"shift_title,omitempty"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Seated     bool      `json:"seated"`             // false: on the waitlist
	Position   int       `json:"position,omitempty"` // place on the waitlist when not seated

	Due     time.Time `json:"due"`
	Expires time.Time `json:"expires"` // not sent after this: it would be news too late
	Home    string    `json:"home"`    // the node that sends it: author of the signup's joined field

	State     string     `json:"state"`
	Detail    string     `json:"detail,omitempty"` // the error of a failed or retried message, why one was skipped
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// OutboxQuery filters Outbox; zero matches all.
type OutboxQuery struct {
	State  string
	Kind   string
	Event  string
	Person string
}

// MessageUpdate is what a sending node records about one of its messages.
type MessageUpdate struct {
	State  string
	Detail string
	// Seated is what a message that went told the person: a seat (true)
	// or a place on the waitlist (false). The planner reads it from a sent
	// confirmation (see planMessages); nil records nothing.
	Seated *bool
}
