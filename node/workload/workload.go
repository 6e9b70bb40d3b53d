// Package workload generates the roster workload that muster's benchmarks
// share: N people with every field filled, then M single-field updates to
// random people, from a fixed seed, as ops ready to seal. The same seed
// gives the same ops on every run and every machine.
package workload

import (
	"fmt"
	"math/rand"

	"muster/crdt"
)

// Standard sizes of the roster workload.
const (
	People  = 100_000
	Updates = 200_000
	Seed    = 20261126
)

var (
	skills   = []string{"first aid", "driving", "cooking", "radio", "logistics", "translation", "childcare", "carpentry", "medic", "counselling", "it", "boat"}
	roles    = []string{"lead", "driver", "dispatcher", "medic", "runner", "cook", "trainer", "coordinator"}
	statuses = []string{"available", "deployed", "off"}
	first    = []string{"Ada", "Bola", "Chen", "Dara", "Emeka", "Fatima", "Goran", "Hana", "Ines", "Jamal", "Kofi", "Lena", "Mateo", "Nour", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zanele"}
	last     = []string{"Okafor", "Silva", "Nguyen", "Haddad", "Kowalski", "Mensah", "Garcia", "Ivanova", "Tanaka", "Ali", "Smith", "Rossi", "Osei", "Cohen", "Popescu", "Diallo"}
)

// Roster yields the workload's ops in order: creates, then updates.
type Roster struct {
	rng           *rand.Rand
	people, total int
	next          int
	ids           []string
}

// New returns a generator of people creates followed by updates.
func New(seed int64, people, updates int) *Roster {
	return &Roster{rng: rand.New(rand.NewSource(seed)), people: people, total: people + updates}
}

// Standard is the 100,000 + 200,000 roster workload.
func Standard() *Roster { return New(Seed, People, Updates) }

// Len is the number of ops in the workload; Done how many were yielded.
func (r *Roster) Len() int  { return r.total }
func (r *Roster) Done() int { return r.next }

// Next returns up to n more ops (nil at the end). Their Author, Seq, Prev
// and Time are left for the signer and the node to fill in.
func (r *Roster) Next(n int) []crdt.Op {
	n = min(n, r.total-r.next)
	if n <= 0 {
		return nil
	}
	out := make([]crdt.Op, n)
	for i := range out {
		if r.next < r.people {
			out[i] = r.create()
		} else {
			out[i] = r.update()
		}
		r.next++
	}
	return out
}

func (r *Roster) pick(xs []string) string { return xs[r.rng.Intn(len(xs))] }

func (r *Roster) create() crdt.Op {
	id := fmt.Sprintf("p%07d", r.next)
	r.ids = append(r.ids, id)
	name := r.pick(first) + " " + r.pick(last)
	sk := []string{r.pick(skills), r.pick(skills), r.pick(skills)}
	rl := []string{r.pick(roles), r.pick(roles)}
	return crdt.Op{Type: "person", ID: id,
		Set: map[string]any{
			"name":          name,
			"phone":         fmt.Sprintf("+1 555 %07d", r.rng.Intn(10_000_000)),
			"email":         fmt.Sprintf("%s.%d@example.org", id, r.rng.Intn(1000)),
			"availability":  "weekends and evenings",
			"status":        r.pick(statuses),
			"notes":         "Joined at the community centre; has a car; speaks two languages.",
			"consent_sms":   r.rng.Intn(2) == 0,
			"consent_email": true,
			"created":       uint64(1_700_000_000_000 + r.next),
		},
		Add: map[string][]string{"skills": dedupe(sk), "roles": dedupe(rl)},
	}
}

// update changes one field of a random person.
func (r *Roster) update() crdt.Op {
	id := r.ids[r.rng.Intn(len(r.ids))]
	op := crdt.Op{Type: "person", ID: id}
	switch r.rng.Intn(6) {
	case 0:
		op.Set = map[string]any{"status": r.pick(statuses)}
	case 1:
		op.Set = map[string]any{"notes": fmt.Sprintf("Checked in at shift %d.", r.rng.Intn(1000))}
	case 2:
		op.Set = map[string]any{"phone": fmt.Sprintf("+1 555 %07d", r.rng.Intn(10_000_000))}
	case 3:
		op.Set = map[string]any{"availability": r.pick([]string{"weekdays", "nights", "weekends", "any time"})}
	case 4:
		op.Set = map[string]any{"name": r.pick(first) + " " + r.pick(last)}
	default:
		op.Add = map[string][]string{"skills": {r.pick(skills)}}
	}
	return op
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		seen := false
		for _, y := range out {
			seen = seen || y == x
		}
		if !seen {
			out = append(out, x)
		}
	}
	return out
}
