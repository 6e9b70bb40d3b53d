package node

import (
	"bytes"
	"fmt"
	"testing"

	"muster/crdt"
)

// TestApplyVerifiedKeepsNoAlias: a sync receiver reads the next frame
// into the buffer of the last one as soon as ApplyVerified returns. So
// nothing the node keeps — the op log, the records, the roster index —
// may alias the bytes it was given: scribbling over them afterwards must
// change nothing a user sees.
func TestApplyVerifiedKeepsNoAlias(t *testing.T) {
	a, b := openTest(t, t.TempDir()), openTest(t, t.TempDir())
	for i := range 40 {
		p := mustCreate(t, a, fmt.Sprintf("Person %02d", i), "medic")
		email := fmt.Sprintf("p%02d@example.org", i)
		if _, err := a.UpdatePerson(p.ID, PersonPatch{Status: ptr("deployed"), Email: &email,
			Name: ptr(fmt.Sprintf("Renamed %02d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	chunks := logOf(t, a)
	frame, ok := crdt.AppendChunkArray(nil, chunks, 0)
	if !ok {
		t.Fatal("the log's chunks are outside the fast codec")
	}
	received, ok := crdt.DecodeChunkArray(frame) // aliases frame, as in a sync
	if !ok {
		t.Fatal("decode")
	}
	v, err := b.Verify(received)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ApplyVerified(v); err != nil {
		t.Fatal(err)
	}
	for i := range frame {
		frame[i] = 0xff
	}

	if a.Digest() != b.Digest() {
		t.Error("digests differ")
	}
	want, got := encodeAll(t, chunks), encodeAll(t, logOf(t, b))
	if !bytes.Equal(want, got) {
		t.Error("the op log read back differs from what was applied")
	}
	pa, err := a.People(PeopleQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	pb, err := b.People(PeopleQuery{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(pa) != fmt.Sprint(pb) || pb.Total != 40 {
		t.Errorf("roster after scribbling: %d people\n%v\nwant\n%v", pb.Total, pb, pa)
	}
	for _, p := range pa.People {
		m, err := b.SearchRoster(p.Name, 5, nil)
		if err != nil || len(m.People) != 1 || m.People[0].ID != p.ID || m.People[0].Name != p.Name {
			t.Errorf("search %s: %+v, %v", p.Name, m, err)
		}
		var ids []string
		b.people.read(func(ix *rosterIndex) { ids = ix.byContact(normalizeEmail(p.Email), "") })
		if len(ids) != 1 || ids[0] != p.ID {
			t.Errorf("people with email %s: %v, want %s", p.Email, ids, p.ID)
		}
	}
}

func encodeAll(t *testing.T, cs []crdt.Chunk) []byte {
	var out []byte
	for _, c := range cs {
		raw, err := crdt.EncodeChunk(c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, raw...)
	}
	return out
}
