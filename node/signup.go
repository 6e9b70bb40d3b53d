package node

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"muster/crdt"
)

// Signup statuses that the code names.
const (
	signupSignedUp  = "signed_up"
	signupCancelled = "cancelled"
	signupAttended  = "attended"
)

// maxSignupShifts bounds how many shifts one signup picks.
const maxSignupShifts = 50

// normalizePhone keeps a phone's digits and a leading +, so that
// "+1 (555) 010-0000" and "+15550100000" are one contact.
func normalizePhone(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range s {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// appendFold appends fold(string(b)) (which is also normalizeEmail) to
// dst, without allocating when b is ASCII.
func appendFold(dst, b []byte) []byte {
	b = bytes.TrimSpace(b)
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return append(dst, strings.ToLower(string(b))...)
		}
	}
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendPhone appends normalizePhone(string(b)) to dst. Only ASCII bytes
// are kept, and no byte of a multi-byte character is ASCII.
func appendPhone(dst, b []byte) []byte {
	b = bytes.TrimSpace(b)
	for i, c := range b {
		if c >= '0' && c <= '9' || c == '+' && i == 0 {
			dst = append(dst, c)
		}
	}
	return dst
}

// contactID is the person id that signups derive from a contact when no
// one on the roster has it: "c" then 15 base32 digits of
// sha256("email:"+email), or of "phone:"+phone when there is no email.
// Two nodes that sign the same new person up while apart thus create the
// same entity, and the sync merges it into one person.
func contactID(email, phone string) string {
	key := "email:" + email
	if email == "" {
		key = "phone:" + phone
	}
	sum := sha256.Sum256([]byte(key))
	return "c" + strings.ToLower(idEncoding.EncodeToString(sum[:]))[:15]
}

func validateSignup(in *SignupInput) ([]string, error) {
	var v validator
	v.textOpt("name", &in.Name, maxName, true, false)
	in.Email = normalizeEmail(in.Email)
	v.email("email", &in.Email)
	v.phone("phone", &in.Phone)
	in.Phone = normalizePhone(in.Phone)
	if in.Email == "" && in.Phone == "" {
		v.add("email", "required", "a phone or an email is required")
	}
	v.lang("lang", &in.Lang)
	shifts := make([]string, 0, len(in.Shifts))
	switch {
	case len(in.Shifts) == 0:
		v.add("shifts", "required", "pick at least one shift")
	case len(in.Shifts) > maxSignupShifts:
		v.add("shifts", "too_long", "at most "+itoa(maxSignupShifts)+" shifts at once")
	}
	for _, s := range in.Shifts {
		if len(s) > crdt.MaxIDLen || s == "" {
			v.add("shifts", "invalid_value", "shifts holds something that is not a shift id")
			break
		}
		if !contains(shifts, s) {
			shifts = append(shifts, s)
		}
	}
	return shifts, v.err()
}

// SignUp is the one-page signup: it finds or creates the person by their
// normalized email or phone and makes one signup per shift of the event.
// Signing up again for a shift one already holds changes nothing; after a
// cancellation it joins again, at the back of the line.
func (n *Node) SignUp(eventID string, in SignupInput) (SignupResult, error) {
	shifts, err := validateSignup(&in)
	if err != nil {
		return SignupResult{}, err
	}
	var pid string
	var ids []string
	err = n.write(func(txn *badger.Txn) ([]crdt.Op, error) {
		if err := n.eventOpen(txn, eventID); err != nil {
			return nil, err
		}
		var op crdt.Op
		pid, op, err = n.personFor(txn, &in)
		if err != nil {
			return nil, err
		}
		ops := []crdt.Op{}
		if !isEmpty(&op) {
			ops = append(ops, op)
		}
		ids = ids[:0]
		for _, sid := range shifts {
			sop, err := n.signupOp(txn, eventID, sid, pid)
			if err != nil {
				return nil, err
			}
			ids = append(ids, sop.ID)
			if !isEmpty(&sop) {
				ops = append(ops, sop)
			}
		}
		return ops, nil
	})
	if err != nil {
		return SignupResult{}, fmt.Errorf("sign up: %w", err)
	}
	return n.signupResult(pid, ids)
}

// eventOpen refuses a signup for an event that is gone or cancelled.
func (n *Node) eventOpen(txn *badger.Txn, eventID string) error {
	ev, err := n.mustVisible(txn, TypeEvent, eventID)
	if err != nil {
		return err
	}
	if str(ev, fieldStatus) == statusCancelled {
		return &ValidationError{Fields: []FieldError{{Field: "event", Code: "cancelled", Message: "the event is cancelled"}}}
	}
	return nil
}

// personFor finds the person with the contact, or names a new one, and
// returns the op that creates them or fills in what they lack. Lookup: the
// contact's derived id first, then the contact index for the same
// normalized email, then phone.
func (n *Node) personFor(txn *badger.Txn, in *SignupInput) (string, crdt.Op, error) {
	det := contactID(in.Email, in.Phone)
	e, err := n.loadEntity(txn, entityKey(TypePerson, det), TypePerson, det)
	if err != nil {
		return "", crdt.Op{}, err
	}
	if !e.IsVisible() {
		found, err := n.findByContact(txn, in.Email, in.Phone)
		switch {
		case err != nil:
			return "", crdt.Op{}, err
		case found != nil:
			e = found
		case e.Deleted: // erased for good: the new person gets a fresh id
			e = crdt.NewEntity(TypePerson, newID())
		}
	}
	op := crdt.Op{Type: TypePerson, ID: e.ID, Set: map[string]any{}}
	if !e.IsVisible() {
		op.Set[fieldName] = in.Name
		op.Set[fieldStatus] = defaultStatus
		op.Set[fieldCreated] = uint64(n.cfg.Now().UnixMilli())
	}
	if in.Email != "" && str(e, fieldEmail) == "" {
		op.Set[fieldEmail] = in.Email
	}
	if in.Phone != "" && str(e, fieldPhone) == "" {
		op.Set[fieldPhone] = in.Phone
	}
	if in.ConsentSMS && e.Value(fieldConsentSMS) != true {
		op.Set[fieldConsentSMS] = true
	}
	if in.ConsentEmail && e.Value(fieldConsentEmail) != true {
		op.Set[fieldConsentEmail] = true
	}
	if in.Lang != "" && str(e, fieldLang) != in.Lang { // the language they used last
		op.Set[fieldLang] = in.Lang
	}
	return e.ID, op, nil
}

// findByContact returns the first person (in id order) with the email, or
// failing that the phone; nil when there is none. It asks the contact
// index, which the indexer goroutine updates after each commit: the caller
// holds the writer lock, so waiting for the indexer (people.read) makes
// every commit before this transaction visible, and nothing commits
// meanwhile. Each candidate is read back from the transaction, which is
// what the answer is made of.
func (n *Node) findByContact(txn *badger.Txn, email, phone string) (*crdt.Entity, error) {
	var ids []string
	n.people.read(func(ix *rosterIndex) { ids = ix.byContact(email, phone) })
	var byPhone *crdt.Entity
	for _, id := range ids {
		e, err := n.loadEntity(txn, entityKey(TypePerson, id), TypePerson, id)
		if err != nil {
			return nil, err
		}
		switch {
		case !e.IsVisible():
		case email != "" && normalizeEmail(str(e, fieldEmail)) == email:
			return e, nil
		case byPhone == nil && phone != "" && normalizePhone(str(e, fieldPhone)) == phone:
			byPhone = e
		}
	}
	return byPhone, nil
}

// signupOp makes or renews the signup of person pid for shift sid. Its id
// is derived from both, so two nodes signing the same person up for the
// same shift make one signup. It records whether the signup took a seat
// here and now (seated_at_signup), which is what the person is told; a
// merge that later puts it on the waitlist makes it "bumped" (see
// seatClaims, Signup.Bumped).
func (n *Node) signupOp(txn *badger.Txn, eventID, sid, pid string) (crdt.Op, error) {
	bad := func(msg string) error {
		return &ValidationError{Fields: []FieldError{{Field: "shifts", Code: "invalid_value", Message: msg}}}
	}
	s, err := n.loadEntity(txn, entityKey(TypeShift, sid), TypeShift, sid)
	switch {
	case err != nil:
		return crdt.Op{}, err
	case !s.IsVisible() || str(s, fieldEvent) != eventID:
		return crdt.Op{}, bad("no shift " + sid + " in this event")
	case str(s, fieldStatus) == statusCancelled:
		return crdt.Op{}, bad("shift " + sid + " is cancelled")
	}
	id := childID(sid, pid)
	e, err := n.loadEntity(txn, entityKey(TypeSignup, id), TypeSignup, id)
	if err != nil {
		return crdt.Op{}, err
	}
	op := crdt.Op{Type: TypeSignup, ID: id}
	if e.IsVisible() && str(e, fieldStatus) != signupCancelled {
		return op, nil
	}
	free, err := seatFree(txn, sid, id, shiftFrom(s).Capacity)
	if err != nil {
		return crdt.Op{}, err
	}
	op.Set = map[string]any{
		fieldPerson: pid, fieldShift: sid, fieldEvent: eventID,
		fieldStatus: signupSignedUp, fieldJoined: uint64(n.cfg.Now().UnixMilli()),
		fieldSeatedAtSignup: free,
	}
	if e.Value(fieldConfirmed) == true { // a fresh signup is not confirmed yet
		op.Set[fieldConfirmed] = false
	}
	return op, nil
}

func (n *Node) signupResult(pid string, ids []string) (SignupResult, error) {
	p, err := n.Person(pid)
	if err != nil {
		return SignupResult{}, err
	}
	res := SignupResult{Person: p, Signups: make([]Signup, 0, len(ids))}
	for _, id := range ids {
		s, err := n.SignupByID(id)
		if err != nil {
			return res, err
		}
		res.Signups = append(res.Signups, s)
	}
	return res, nil
}
