package node

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A kill -9 between Badger creating a memtable or value-log file and sizing
// it leaves an empty file behind, and Badger v4.9.6 then refuses to open
// ("while opening memtables ... Create a new file"). The node must start
// anyway, with everything it had.
func TestOpenAfterCrashLeftEmptyStoreFiles(t *testing.T) {
	for _, files := range [][]string{{"00090.mem"}, {"000091.vlog"}, {"00090.mem", "000091.vlog"}} {
		t.Run(strings.Join(files, "+"), func(t *testing.T) { openWithEmptyFiles(t, files) })
	}
}

func openWithEmptyFiles(t *testing.T, files []string) {
	dir := t.TempDir()
	n := openTest(t, dir)
	p, err := n.CreatePerson(PersonPatch{Name: ptr("Grace Hopper")})
	if err != nil {
		t.Fatal(err)
	}
	n.Close()

	store := filepath.Join(dir, "store")
	for _, name := range files {
		if err := os.WriteFile(filepath.Join(store, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n = openTest(t, dir)
	got, err := n.Person(p.ID)
	if err != nil || got.Name != "Grace Hopper" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
	// It still takes writes, and they survive another restart.
	q, err := n.CreatePerson(PersonPatch{Name: ptr("Katherine Johnson")})
	if err != nil {
		t.Fatal(err)
	}
	n.Close()
	n = openTest(t, dir)
	for _, id := range []string{p.ID, q.ID} {
		if _, err := n.Person(id); err != nil {
			t.Errorf("person %s after second reopen: %v", id, err)
		}
	}
}
