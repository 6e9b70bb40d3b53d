package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"muster/crdt"
	"muster/node"
	"muster/sync/bundle"
	"muster/sync/team"
)

const bundleUsage = `Usage:
  muster bundle export FILE [--since VECTOR] [--data DIR]
  muster bundle import FILE [--data DIR]

export writes this node's ops to FILE ("-" for standard output): all of
them, or with --since only those a receiving node lacks. VECTOR is that
node's version vector as 'muster status' prints it: a JSON object of
author: seq, a whole status JSON object, or @PATH of a file holding one.
import checks the whole file first (team, seal, signatures) and applies
nothing from a damaged or foreign bundle; importing twice changes nothing.
Stop 'muster serve' on the data directory first, or use the web UI.
`

// runBundle is `muster bundle export|import`.
func runBundle(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, bundleUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "export":
		return runBundleExport(args[1:], stdout, stderr)
	case "import":
		return runBundleImport(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "muster bundle: unknown action %q\n\n%s", args[0], bundleUsage)
	return 2
}

// parseWithFile parses flags placed before or after the one FILE argument.
func parseWithFile(fs *flag.FlagSet, args []string) (string, int) {
	if code := parse(fs, args); code >= 0 {
		return "", code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return "", 2
	}
	file := rest[0]
	if code := parse(fs, rest[1:]); code >= 0 {
		return "", code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		return "", 2
	}
	return file, -1
}

func runBundleExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("muster bundle export", "muster bundle export FILE [--since VECTOR] [--data DIR]", stderr)
	data := dataFlag(fs)
	sinceText := fs.String("since", "", "export only ops missing from this version vector (JSON, or @PATH)")
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	since, err := readSince(*sinceText)
	if err != nil {
		fmt.Fprintf(stderr, "muster bundle export: %v\n", err)
		return 2
	}
	if err := exportBundle(file, *data, since, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "muster bundle export: %v\n", err)
		return 1
	}
	return 0
}

func readSince(s string) (crdt.VersionVector, error) {
	if s == "" {
		return nil, nil
	}
	b := []byte(s)
	if path, ok := strings.CutPrefix(s, "@"); ok {
		var err error
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("read --since: %w", err)
		}
	}
	vv, err := bundle.ParseVector(b)
	if err != nil {
		return nil, fmt.Errorf("--since: %w", err)
	}
	return vv, nil
}

// openData opens the node and its team for a command that runs without
// the server.
func openData(dir string) (*node.Node, *team.Team, error) {
	t, err := team.Load(dir)
	if errors.Is(err, team.ErrNoTeam) {
		return nil, nil, fmt.Errorf("%s holds no team yet: start 'muster serve' once, or 'muster join CODE'", dir)
	}
	if err != nil {
		return nil, nil, err
	}
	n, err := node.Open(node.Config{Dir: dir, SyncWrites: true})
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w (is 'muster serve' running on it? stop it first, or use the web UI)", dir, err)
	}
	return n, t, nil
}

func exportBundle(file, dir string, since crdt.VersionVector, stdout, stderr io.Writer) (err error) {
	n, t, err := openData(dir)
	if err != nil {
		return err
	}
	defer n.Close()
	out, commit, err := createOutput(file, stdout)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, commit(err == nil)) }()
	p := newProgress(stderr, "exporting")
	if err := bundle.Export(out, n, t, since, p.report); err != nil {
		return err
	}
	p.finish()
	if file != "-" {
		fmt.Fprintf(stderr, "wrote %d ops to %s\n", p.total, file)
	}
	return nil
}

// createOutput writes to FILE through a temporary file renamed into place
// on success, so a failed export leaves no half file behind.
func createOutput(file string, stdout io.Writer) (io.Writer, func(ok bool) error, error) {
	if file == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*")
	if err != nil {
		return nil, nil, fmt.Errorf("create %s: %w", file, err)
	}
	return tmp, func(ok bool) error {
		err := errors.Join(tmp.Sync(), tmp.Close())
		if ok && err == nil {
			err = os.Rename(tmp.Name(), file)
		}
		if !ok || err != nil {
			os.Remove(tmp.Name())
		}
		return err
	}, nil
}

func runBundleImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("muster bundle import", "muster bundle import FILE [--data DIR]", stderr)
	data := dataFlag(fs)
	file, code := parseWithFile(fs, args)
	if code >= 0 {
		return code
	}
	n, t, err := openData(*data)
	if err != nil {
		fmt.Fprintf(stderr, "muster bundle import: %v\n", err)
		return 1
	}
	defer n.Close()
	var in io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			fmt.Fprintf(stderr, "muster bundle import: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	fmt.Fprintf(stderr, "checking %s\n", file)
	p := newProgress(stderr, "importing")
	res, err := bundle.Import(in, n, t, p.report)
	p.finish()
	switch {
	case refused(err):
		fmt.Fprintf(stderr, "muster bundle import: refused %s: %v\nNothing was applied.\n", file, err)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "muster bundle import: %s: %v\n(%d ops were applied before it stopped; importing again resumes.)\n",
			file, err, res.Applied)
		return 1
	}
	fmt.Fprintf(stdout, "imported %s: %d ops applied, %d already held, %d waiting for earlier ops\n",
		file, res.Applied, res.Duplicate, res.Pending)
	return 0
}

// refused reports whether Import turned the file down before applying.
func refused(err error) bool {
	for _, e := range []error{bundle.ErrNotBundle, bundle.ErrVersion, bundle.ErrForeign, bundle.ErrDamaged} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// progress prints "label: 42% (n/total ops)" on one terminal line, at most
// five times a second, for bundles of at least progressMin ops.
type progress struct {
	w     io.Writer
	label string
	total uint64
	last  time.Time
	shown bool
}

const progressMin = 5000

func newProgress(w io.Writer, label string) *progress { return &progress{w: w, label: label} }

func (p *progress) report(done, total uint64) {
	p.total = total
	if total < progressMin || (done < total && time.Since(p.last) < 200*time.Millisecond) {
		return
	}
	p.last, p.shown = time.Now(), true
	fmt.Fprintf(p.w, "\r%s: %3d%% (%d/%d ops)", p.label, done*100/total, done, total)
}

func (p *progress) finish() {
	if p.shown {
		fmt.Fprintln(p.w)
		p.shown = false
	}
}
