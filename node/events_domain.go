package node

import "time"

// Entity types of the volunteer drive.
const (
	TypeEvent  = "event"
	TypeShift  = "shift"
	TypeSignup = "signup"
)

// Statuses of events, shifts and signups.
var (
	EventStatuses  = []string{"active", "cancelled"}
	ShiftStatuses  = []string{"active", "cancelled"}
	SignupStatuses = []string{"signed_up", "confirmed", "cancelled", "attended", "no_show"}
)

// Event is something volunteers come to: one or more shifts at a place.
type Event struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	Lat         *float64  `json:"lat,omitempty"`
	Lon         *float64  `json:"lon,omitempty"`
	Campaign    string    `json:"campaign,omitempty"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// EventPatch carries the fields a create or a partial update sets; nil
// means "leave as is". Lat and Lon go together; "" clears a text field.
// Status changes only through CancelEvent.
type EventPatch struct {
	Title       *string  `json:"title,omitempty"`
	Description *string  `json:"description,omitempty"`
	Location    *string  `json:"location,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	Campaign    *string  `json:"campaign,omitempty"`
}

// EventQuery filters events; zero matches all.
type EventQuery struct {
	Campaign string
	Status   string
}

// DuplicateInput says how a copy of an event differs from the original:
// a new title (default: the same) and how many days later its shifts are.
type DuplicateInput struct {
	Title      *string `json:"title,omitempty"`
	OffsetDays int     `json:"offset_days,omitempty"`
}

// Shift is one stretch of an event with a number of seats.
type Shift struct {
	ID        string    `json:"id"`
	Event     string    `json:"event"`
	Title     string    `json:"title,omitempty"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Capacity  int       `json:"capacity"`
	Skills    []string  `json:"skills"`
	Roles     []string  `json:"roles"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ShiftPatch carries the fields a create or a partial update sets; nil
// means "leave as is". Skills and Roles replace the whole set.
type ShiftPatch struct {
	Title    *string    `json:"title,omitempty"`
	Start    *time.Time `json:"start,omitempty"`
	End      *time.Time `json:"end,omitempty"`
	Capacity *int       `json:"capacity,omitempty"`
	Skills   *[]string  `json:"skills,omitempty"`
	Roles    *[]string  `json:"roles,omitempty"`
}

// SignupInput is what the one-page signup asks: a name, a phone or an
// email, the shifts, and consent to reminders.
type SignupInput struct {
	Name         string   `json:"name"`
	Phone        string   `json:"phone,omitempty"`
	Email        string   `json:"email,omitempty"`
	Shifts       []string `json:"shifts"`
	ConsentSMS   bool     `json:"consent_sms,omitempty"`
	ConsentEmail bool     `json:"consent_email,omitempty"`
	// Lang is the language the person signed up in ("en", "es", "ar"):
	// their messages are written in it. Empty leaves it as it was.
	Lang string `json:"lang,omitempty"`
}

// WalkinInput is someone who came without signing up, added at check-in by
// an organizer: a name is enough; a phone or email is kept if given.
type WalkinInput struct {
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	Shift string `json:"shift"`
}

// Signup is one person's claim on one shift.
type Signup struct {
	ID     string `json:"id"`
	Person string `json:"person"`
	Name   string `json:"name,omitempty"`
	Shift  string `json:"shift"`
	Event  string `json:"event"`
	// Status is signed_up, confirmed, cancelled, attended or no_show, as
	// derived from merged state (see lifeStatus).
	Status string    `json:"status"`
	Joined time.Time `json:"joined"`
	// Confirmed: the volunteer said they will come (kept after a check-in).
	Confirmed bool `json:"confirmed"`
	// SeatedAtSignup: the signup took a seat on the node where it was
	// made, when it was made, and its person was told so.
	SeatedAtSignup bool `json:"seated_at_signup"`
	// Bumped: told they had a seat, now on the waitlist because a merge
	// brought in earlier signups (or the capacity was lowered). Set in a
	// shift's waitlist only.
	Bumped bool `json:"bumped,omitempty"`
	// Promoted: told they were on the waitlist, seated now (a cancellation
	// or a higher capacity). Set on seated signups only.
	Promoted bool `json:"promoted,omitempty"`
}

// SignupResult is what SignUp made: the person (found or created) and one
// signup per shift.
type SignupResult struct {
	Person  Person   `json:"person"`
	Signups []Signup `json:"signups"`
}

// ShiftView is a shift with its seats, derived from merged state by a pure
// function (see seatClaims) so that every node shows the same people in the
// same seats. Turnout is CheckedIn / len(Seated), 0 with no one seated.
type ShiftView struct {
	Shift     Shift    `json:"shift"`
	Seated    []Signup `json:"seated"`
	Waitlist  []Signup `json:"waitlist"`
	CheckedIn int      `json:"checked_in"`
	Turnout   float64  `json:"turnout"`
}
