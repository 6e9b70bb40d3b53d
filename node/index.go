package node

import (
	"encoding/base64"
	"slices"
	"strings"

	"github.com/google/btree"

	"muster/crdt"
)

// rosterIndex orders the roster by name and by each skill, role tag and
// status, in memory. It is derived from person entities only and owned
// by the indexer, which guards it.
type rosterIndex struct {
	byID map[string]*summary
	all  *btree.BTreeG[*summary]
	by   map[string]*btree.BTreeG[*summary] // "s:skill", "r:role", "t:status"
}

// summary is what the index keeps of a person.
type summary struct {
	id, fold, status string
	skills, roles    []string
}

func lessSummary(a, b *summary) bool {
	if a.fold != b.fold {
		return a.fold < b.fold
	}
	return a.id < b.id
}

func newRosterIndex() *rosterIndex {
	return &rosterIndex{
		byID: map[string]*summary{},
		all:  btree.NewG(32, lessSummary),
		by:   map[string]*btree.BTreeG[*summary]{},
	}
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (s *summary) tags() []string {
	out := make([]string, 0, 1+len(s.skills)+len(s.roles))
	out = append(out, "t:"+s.status)
	for _, x := range s.skills {
		out = append(out, "s:"+x)
	}
	for _, x := range s.roles {
		out = append(out, "r:"+x)
	}
	return out
}

// upsert puts the person's current state into the index (used when the
// node opens; commits go through the indexer).
func (ix *rosterIndex) upsert(e *crdt.Entity) { ix.apply(personUpdateOf(e)) }

// apply puts one person's new state into the index, or takes it out when
// the person is gone. Only the trees whose keys changed are touched: most
// updates (notes, phone) touch none.
func (ix *rosterIndex) apply(u personUpdate) {
	old := ix.byID[u.id]
	if !u.visible {
		if old != nil {
			ix.remove(old, old.tags())
		}
		return
	}
	s := u.s
	if old == nil {
		ix.insert(s, s.tags())
		return
	}
	oldTags, newTags := old.tags(), s.tags()
	if old.fold != s.fold {
		ix.remove(old, oldTags)
		ix.insert(s, newTags)
		return
	}
	// Same name: keep the entry, move it between tag trees.
	var gone, added []string
	for _, t := range oldTags {
		if !slices.Contains(newTags, t) {
			gone = append(gone, t)
		}
	}
	for _, t := range newTags {
		if !slices.Contains(oldTags, t) {
			added = append(added, t)
		}
	}
	ix.removeTags(old, gone)
	old.status, old.skills, old.roles = s.status, s.skills, s.roles
	ix.insertTags(old, added)
}

func (ix *rosterIndex) insert(s *summary, tags []string) {
	ix.byID[s.id] = s
	ix.all.ReplaceOrInsert(s)
	ix.insertTags(s, tags)
}

func (ix *rosterIndex) insertTags(s *summary, tags []string) {
	for _, t := range tags {
		tr := ix.by[t]
		if tr == nil {
			tr = btree.NewG(16, lessSummary)
			ix.by[t] = tr
		}
		tr.ReplaceOrInsert(s)
	}
}

func (ix *rosterIndex) remove(s *summary, tags []string) {
	ix.all.Delete(s)
	ix.removeTags(s, tags)
	delete(ix.byID, s.id)
}

func (ix *rosterIndex) removeTags(s *summary, tags []string) {
	for _, t := range tags {
		if tr := ix.by[t]; tr != nil {
			tr.Delete(s)
			if tr.Len() == 0 {
				delete(ix.by, t)
			}
		}
	}
}

// values lists the distinct values of one kind of tag ("s:" or "r:").
func (ix *rosterIndex) values(kind string) []string {
	var out []string
	for t := range ix.by {
		if strings.HasPrefix(t, kind) {
			out = append(out, t[len(kind):])
		}
	}
	slices.Sort(out)
	return out
}

// query returns the ids of one page, the cursor of the next page (empty on
// the last) and the number of matches of the whole query.
func (ix *rosterIndex) query(q PeopleQuery) (ids []string, next string, total int) {
	tree, filters := ix.all, []string{}
	for _, t := range []string{tagOf("s:", q.Skill), tagOf("r:", q.Role), tagOf("t:", q.Status)} {
		if t == "" {
			continue
		}
		tr := ix.by[t]
		if tr == nil {
			return nil, "", 0
		}
		filters = append(filters, t)
		if tree == ix.all || tr.Len() < tree.Len() {
			tree = tr
		}
	}
	prefix := fold(q.Prefix)
	match := func(s *summary) bool {
		for _, f := range filters {
			if !s.has(f) {
				return false
			}
		}
		return true
	}
	start := &summary{fold: prefix}
	after := decodeCursor(q.After)
	if prefix == "" && len(filters) <= 1 {
		// Every entry of the tree matches: count is its size, and the page
		// starts right at the cursor.
		if after != nil {
			start = after
		}
		tree.AscendGreaterOrEqual(start, func(s *summary) bool {
			if after != nil && !lessSummary(after, s) {
				return true
			}
			if len(ids) == q.Limit {
				next = encodeCursor(ix.byID[ids[len(ids)-1]])
				return false
			}
			ids = append(ids, s.id)
			return true
		})
		return ids, next, tree.Len()
	}
	// Walk the prefix range once: count every match, collect the page.
	tree.AscendGreaterOrEqual(start, func(s *summary) bool {
		if !strings.HasPrefix(s.fold, prefix) {
			return false
		}
		if !match(s) {
			return true
		}
		total++
		if after != nil && !lessSummary(after, s) {
			return true
		}
		if len(ids) < q.Limit {
			ids = append(ids, s.id)
		} else if len(ids) == q.Limit && next == "" {
			last := ix.byID[ids[len(ids)-1]]
			next = encodeCursor(last)
		}
		return true
	})
	return ids, next, total
}

func tagOf(kind, v string) string {
	if v = fold(v); v == "" {
		return ""
	}
	return kind + v
}

func (s *summary) has(tag string) bool {
	switch tag[:2] {
	case "t:":
		return s.status == tag[2:]
	case "s:":
		return slices.Contains(s.skills, tag[2:])
	default:
		return slices.Contains(s.roles, tag[2:])
	}
}

func encodeCursor(s *summary) string {
	return base64.RawURLEncoding.EncodeToString([]byte(s.fold + "\x00" + s.id))
}

func decodeCursor(c string) *summary {
	if c == "" {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil
	}
	f, id, ok := strings.Cut(string(b), "\x00")
	if !ok {
		return nil
	}
	return &summary{fold: f, id: id}
}
