package node

import (
	"slices"
	"strings"
	"unicode"
)

// contactIndex finds people by normalized email and by normalized phone,
// each to the ids that carry it in id order, so that a signup picks the
// same person on every node and every run (the first id), as the scan it
// replaces did.
type contactIndex struct {
	email, phone map[string][]string
}

func newContactIndex(size int) contactIndex {
	return contactIndex{email: make(map[string][]string, size), phone: make(map[string][]string, size)}
}

func (c contactIndex) add(s *summary) {
	addID(c.email, s.email(), s.id)
	addID(c.phone, s.phone(), s.id)
}

func (c contactIndex) remove(s *summary) {
	removeID(c.email, s.email(), s.id)
	removeID(c.phone, s.phone(), s.id)
}

func addID(m map[string][]string, k, id string) {
	if k == "" {
		return
	}
	ids := m[k]
	i, found := slices.BinarySearch(ids, id)
	if !found {
		m[k] = slices.Insert(ids, i, id)
	}
}

func removeID(m map[string][]string, k, id string) {
	ids := m[k]
	i, found := slices.BinarySearch(ids, id)
	switch {
	case !found:
	case len(ids) == 1:
		delete(m, k)
	default:
		m[k] = slices.Delete(slices.Clip(ids), i, i+1)
	}
}

// byContact lists the ids of the people with the email, in id order, then
// those with the phone (but not the email), in id order: the order in
// which a signup tries them.
func (ix *rosterIndex) byContact(email, phone string) []string {
	ix.ensureLookups()
	var out []string
	if email != "" {
		out = append(out, ix.contacts.email[email]...)
	}
	if phone != "" {
		for _, id := range ix.contacts.phone[phone] {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// wordEntry is one word of one person's folded name; the words tree holds
// one per word, so a search by the start of any word is one range walk.
type wordEntry struct {
	word string
	s    *summary
}

func lessWord(a, b wordEntry) bool {
	if a.word != b.word {
		return a.word < b.word
	}
	return lessSummary(a.s, b.s)
}

// nameWords are the words of a folded name. strings.Fields returns parts
// of fold itself, so the tree adds no copies of the names.
func nameWords(fold string) []string { return strings.Fields(fold) }

// ensureLookups builds the contact and word lookups from the roster the
// first time a query needs them; from then on apply keeps them current.
func (ix *rosterIndex) ensureLookups() {
	if ix.lookups {
		return
	}
	ix.contacts = newContactIndex(ix.all.Len())
	ws := make([]wordEntry, 0, 2*ix.all.Len())
	ix.ascend(nil, func(s *summary) bool {
		ix.contacts.add(s)
		for _, w := range nameWords(s.fold()) {
			ws = append(ws, wordEntry{w, s})
		}
		return true
	})
	ix.buildWords(ws)
	ix.lookups = true
}

// buildWords adds many entries at once: one sort, then inserts in order.
func (ix *rosterIndex) buildWords(ws []wordEntry) {
	slices.SortFunc(ws, func(a, b wordEntry) int {
		if c := strings.Compare(a.word, b.word); c != 0 {
			return c
		}
		return cmpSummary(a.s, b.s)
	})
	for _, w := range ws {
		ix.words.ReplaceOrInsert(w)
	}
}

func (ix *rosterIndex) addWords(s *summary) {
	for _, w := range nameWords(s.fold()) {
		ix.words.ReplaceOrInsert(wordEntry{w, s})
	}
}

func (ix *rosterIndex) removeWords(s *summary) {
	for _, w := range nameWords(s.fold()) {
		ix.words.Delete(wordEntry{w, s})
	}
}

// search finds the people whose folded name, or a word of it, starts with
// the folded q, leaving out those skip names: the first limit of them, and
// whether there are more. They come in the order of the word that matched
// (the smallest, when several do), then of the name, because that order is
// one walk of the words tree that stops after limit+1 people: the cost
// does not grow with how many match. A q with a space matches the start
// of the whole name, in name order.
func (ix *rosterIndex) search(q string, limit int, skip func(id string) bool) (ids []string, more bool) {
	q = fold(q)
	if q == "" || limit <= 0 {
		return nil, false
	}
	ix.ensureLookups()
	seen := map[string]bool{}
	keep := func(s *summary) bool {
		if seen[s.id] || skip != nil && skip(s.id) {
			return true
		}
		seen[s.id] = true
		if len(ids) == limit {
			more = true
			return false
		}
		ids = append(ids, s.id)
		return true
	}
	if strings.ContainsFunc(q, unicode.IsSpace) {
		ix.ascend(probe(q, ""), func(s *summary) bool {
			return strings.HasPrefix(s.fold(), q) && keep(s)
		})
		return ids, more
	}
	ix.words.AscendGreaterOrEqual(wordEntry{word: q, s: &summary{}}, func(e wordEntry) bool {
		return strings.HasPrefix(e.word, q) && keep(e.s)
	})
	return ids, more
}
