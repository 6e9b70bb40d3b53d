package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"muster/crdt"
	"muster/node"
	"muster/sync/team"
)

func openNode(t testing.TB) *node.Node {
	t.Helper()
	n, err := node.Open(node.Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("open node: %v", err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func newTeam(t testing.TB) *team.Team {
	t.Helper()
	tm, err := team.New()
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// addPeople writes count people, and renames every other one, on n.
func addPeople(t testing.TB, n *node.Node, prefix string, count int) {
	t.Helper()
	for i := range count {
		name := fmt.Sprintf("%s %d", prefix, i)
		p, err := n.CreatePerson(node.PersonPatch{Name: &name})
		if err != nil {
			t.Fatalf("create person: %v", err)
		}
		if i%2 == 0 {
			again := name + " (renamed)"
			if _, err := n.UpdatePerson(p.ID, node.PersonPatch{Name: &again}); err != nil {
				t.Fatalf("update person: %v", err)
			}
		}
	}
}

func export(t testing.TB, n *node.Node, tm *team.Team, since crdt.VersionVector) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(&buf, n, tm, since, nil); err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes()
}

func sameState(t testing.TB, a, b *node.Node) {
	t.Helper()
	if got, want := b.Digest(), a.Digest(); got != want {
		t.Fatalf("digest = %s, want %s", got, want)
	}
	if got := b.VersionVector().Compare(a.VersionVector()); got != crdt.Equal {
		t.Fatalf("vectors compare %s, want equal", got)
	}
}

func TestExportImport(t *testing.T) {
	tm := newTeam(t)
	a, b := openNode(t), openNode(t)
	addPeople(t, a, "Ada", 40)
	addPeople(t, b, "Bob", 5) // the target has its own data too
	ops := a.VersionVector().Total()

	file := export(t, a, tm, nil)
	var calls, last uint64
	res, err := Import(bytes.NewReader(file), b, tm, func(done, total uint64) {
		calls++
		last = done
		if total != ops || done > total {
			t.Errorf("progress(%d, %d), want total %d", done, total, ops)
		}
	})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if got, want := res.Applied, int(ops); got != want {
		t.Errorf("applied %d ops, want %d", got, want)
	}
	if calls < 2 || last != ops {
		t.Errorf("progress called %d times, last done %d; want at least 2 and %d", calls, last, ops)
	}
	// b now holds a's ops and its own: a takes b's back the same way.
	if _, err := Import(bytes.NewReader(export(t, b, tm, a.VersionVector())), a, tm, nil); err != nil {
		t.Fatalf("Import back: %v", err)
	}
	sameState(t, a, b)

	before := b.Digest()
	res, err = Import(bytes.NewReader(file), b, tm, nil)
	if err != nil {
		t.Fatalf("second Import: %v", err)
	}
	if res.Applied != 0 || res.Duplicate != int(ops) {
		t.Errorf("second import: %+v, want 0 applied and %d duplicates", res, ops)
	}
	if b.Digest() != before {
		t.Error("second import changed the digest")
	}
	if left, _ := filepath.Glob(filepath.Join(b.Dir(), ".bundle-import-*")); len(left) > 0 {
		t.Errorf("import left %v behind", left)
	}
}

func TestExportSince(t *testing.T) {
	tm := newTeam(t)
	a, b := openNode(t), openNode(t)
	addPeople(t, a, "Ada", 10)
	if _, err := Import(bytes.NewReader(export(t, a, tm, nil)), b, tm, nil); err != nil {
		t.Fatal(err)
	}
	since := b.VersionVector()
	addPeople(t, a, "Cy", 3)
	file := export(t, a, tm, since)
	s, err := Check(bytes.NewReader(file), tm)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if got, want := s.Ops, a.VersionVector().Total()-since.Total(); got != want {
		t.Errorf("bundle since b's vector holds %d ops, want %d", got, want)
	}
	res, err := Import(bytes.NewReader(file), b, tm, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != int(s.Ops) || res.Pending != 0 {
		t.Errorf("import: %+v, want %d applied, none pending", res, s.Ops)
	}
	sameState(t, a, b)

	// Nothing missing: a valid, empty bundle.
	s, err = Check(bytes.NewReader(export(t, a, tm, b.VersionVector())), tm)
	if err != nil || s.Ops != 0 {
		t.Fatalf("empty bundle: %+v, %v", s, err)
	}
}

// TestLargeBundle spans several frames and checks the batches stay within
// the wire limit.
func TestLargeBundle(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tm := newTeam(t)
	a, b := openNode(t), openNode(t)
	notes := strings.Repeat("Knows every street of the north district. ", 40) // ~1.7 KB a person
	for i := range 800 {
		name := fmt.Sprintf("Volunteer %d", i)
		if _, err := a.CreatePerson(node.PersonPatch{Name: &name, Notes: &notes}); err != nil {
			t.Fatal(err)
		}
	}
	file := export(t, a, tm, nil)
	s, err := Check(bytes.NewReader(file), tm)
	if err != nil {
		t.Fatal(err)
	}
	if s.Frames < 2 {
		t.Fatalf("bundle of %d bytes has %d frames, want several", len(file), s.Frames)
	}
	if _, err := Import(bytes.NewReader(file), b, tm, nil); err != nil {
		t.Fatal(err)
	}
	sameState(t, a, b)
}

func TestImportRefuses(t *testing.T) {
	tm := newTeam(t)
	a := openNode(t)
	addPeople(t, a, "Ada", 20)
	file := export(t, a, tm, nil)
	other := newTeam(t)
	sameIDOtherSecret := *tm
	sameIDOtherSecret.Secret[0] ^= 1

	flip := func(i int) []byte {
		b := bytes.Clone(file)
		b[i] ^= 0x10
		return b
	}
	tests := []struct {
		name string
		in   []byte
		tm   *team.Team
		want error
	}{
		{"empty file", nil, tm, ErrNotBundle},
		{"text file", []byte("name,phone\nAda,123\n"), tm, ErrNotBundle},
		{"future version", append([]byte(Magic+"\x02"), file[len(Magic)+1:]...), tm, ErrVersion},
		{"other team", file, other, ErrForeign},
		{"same team id, wrong secret", file, &sameIDOtherSecret, ErrDamaged},
		{"cut after header", file[:len(Magic)+40], tm, ErrDamaged},
		{"cut in half", file[:len(file)/2], tm, ErrDamaged},
		{"cut before trailer", file[:len(file)-MACSize-10], tm, ErrDamaged},
		{"last byte missing", file[:len(file)-1], tm, ErrDamaged},
		{"extra byte", append(bytes.Clone(file), 0), tm, ErrDamaged},
		{"bit flip in team hash", flip(len(Magic) + 8), tm, ErrDamaged},
		{"bit flip in exporting node", flip(len(Magic) + 40), tm, ErrDamaged},
		{"bit flip in an op", flip(len(file) / 2), tm, ErrDamaged},
		{"bit flip in trailer", flip(len(file) - MACSize - 2), tm, ErrDamaged},
		{"bit flip in seal", flip(len(file) - 1), tm, ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := openNode(t)
			addPeople(t, b, "Bob", 3)
			digest, vv := b.Digest(), b.VersionVector()
			res, err := Import(bytes.NewReader(tt.in), b, tt.tm, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Import = %+v, %v; want %v", res, err, tt.want)
			}
			if res != (node.ApplyResult{}) {
				t.Errorf("result %+v, want nothing", res)
			}
			if b.Digest() != digest || b.VersionVector().Compare(vv) != crdt.Equal {
				t.Error("a refused bundle changed the node")
			}
		})
	}
}
