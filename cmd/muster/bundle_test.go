package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"muster/node"
	"muster/sync/team"
)

// bundleDir makes a data directory of team tm holding count people.
func bundleDir(t *testing.T, tm *team.Team, count int) string {
	t.Helper()
	dir := t.TempDir()
	if err := team.Save(dir, tm); err != nil {
		t.Fatal(err)
	}
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	for i := range count {
		name := fmt.Sprintf("Person %d of %s", i, filepath.Base(dir))
		if _, err := n.CreatePerson(node.PersonPatch{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func nodeStatus(t *testing.T, dir string) node.Status {
	t.Helper()
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	return n.Status()
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestBundleCommands(t *testing.T) {
	tm, err := team.New()
	if err != nil {
		t.Fatal(err)
	}
	a, b := bundleDir(t, tm, 30), bundleDir(t, tm, 2)
	file := filepath.Join(t.TempDir(), "a.bundle")

	if code, _, e := runCmd("bundle", "export", file, "--data", a); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e)
	}
	code, out, e := runCmd("bundle", "import", "--data", b, file)
	if code != 0 || !strings.Contains(out, "30 ops applied") {
		t.Fatalf("import: exit %d: %s%s", code, out, e)
	}
	code, out, _ = runCmd("bundle", "import", file, "--data", b)
	if code != 0 || !strings.Contains(out, "0 ops applied, 30 already held") {
		t.Fatalf("second import: exit %d: %s", code, out)
	}

	// b's ops back to a, with --since a's status as `muster status` prints it.
	st, _ := json.Marshal(nodeStatus(t, a))
	since := filepath.Join(t.TempDir(), "status.json")
	if err := os.WriteFile(since, st, 0o644); err != nil {
		t.Fatal(err)
	}
	back := filepath.Join(t.TempDir(), "b.bundle")
	if code, _, e := runCmd("bundle", "export", back, "--since", "@"+since, "--data", b); code != 0 {
		t.Fatalf("export --since: exit %d: %s", code, e)
	}
	code, out, e = runCmd("bundle", "import", back, "--data", a)
	if code != 0 || !strings.Contains(out, "2 ops applied, 0 already held") {
		t.Fatalf("import since: exit %d: %s%s", code, out, e)
	}
	if sa, sb := nodeStatus(t, a), nodeStatus(t, b); sa.Digest != sb.Digest || sa.Ops != 32 {
		t.Fatalf("after exchange: a %s (%d ops), b %s (%d ops)", sa.Digest, sa.Ops, sb.Digest, sb.Ops)
	}
}

func TestBundleImportRefusals(t *testing.T) {
	tm, _ := team.New()
	other, _ := team.New()
	a := bundleDir(t, tm, 5)
	file := filepath.Join(t.TempDir(), "a.bundle")
	if code, _, e := runCmd("bundle", "export", file, "--data", a); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e)
	}
	good, _ := os.ReadFile(file)
	bad := bytes.Clone(good)
	bad[len(bad)/2] ^= 1
	damagedFile := filepath.Join(t.TempDir(), "damaged.bundle")
	os.WriteFile(damagedFile, bad, 0o644)

	tests := []struct {
		name, file string
		tm         *team.Team
		want       string
	}{
		{"damaged", damagedFile, tm, "damaged or was altered"},
		{"foreign", file, other, "another team"},
		{"missing", filepath.Join(t.TempDir(), "nope"), tm, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := bundleDir(t, tt.tm, 1)
			before := nodeStatus(t, b)
			code, _, e := runCmd("bundle", "import", tt.file, "--data", b)
			if code != 1 || !strings.Contains(e, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, e, tt.want)
			}
			if after := nodeStatus(t, b); after.Digest != before.Digest || after.Ops != before.Ops {
				t.Fatal("a refused import changed the node")
			}
		})
	}
	if code, _, _ := runCmd("bundle", "frobnicate"); code != 2 {
		t.Errorf("unknown action: exit %d, want 2", code)
	}
	if code, _, _ := runCmd("bundle", "export", "--since", "{bad", file, "--data", a); code != 2 {
		t.Errorf("bad --since: exit %d, want 2", code)
	}
}
