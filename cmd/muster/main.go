// Command muster runs a muster node: the store, the web UI and JSON API,
// and sync with peers. `muster` and `muster serve` start the node; the
// other subcommands act on a data directory or a running node.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"

	"muster/node"
)

const usage = `muster: offline-first organizing for teams without internet.

Usage:
  muster [serve] [flags]       run the node (web UI and API on --http)
  muster invite [flags]        print a join code for this node's team
  muster join CODE [flags]     join a fresh node to a team
  muster status [flags]        show a running node's status and peers
  muster bundle export FILE    write ops to a file (sneakernet)
  muster bundle import FILE    apply ops from a file
  muster help [COMMAND]        show help

Run 'muster COMMAND --help' for the flags of a command.
`

func main() {
	node.TuneGC()
	stop := cpuProfile(os.Getenv("MUSTER_CPUPROFILE"))
	stopTrace := execTrace(os.Getenv("MUSTER_TRACE"))
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stopTrace()
	stop()
	allocProfile(os.Getenv("MUSTER_ALLOCPROFILE"))
	os.Exit(code)
}

// Profiles of a run, for finding where a slow node spends its time and
// what it allocates: MUSTER_CPUPROFILE=prefix, MUSTER_ALLOCPROFILE=prefix
// and MUSTER_TRACE=prefix write them to prefix.cpu.PID, prefix.alloc.PID
// and prefix.trace.PID.

// cpuProfile starts a CPU profile when prefix is set; the returned func
// ends it.
func cpuProfile(prefix string) func() {
	return record(prefix, "cpu", pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// execTrace starts an execution trace (go tool trace) when prefix is set:
// it shows which goroutine waits on which, where a profile only sums.
// The returned func ends it.
func execTrace(prefix string) func() { return record(prefix, "trace", trace.Start, trace.Stop) }

// record runs start on prefix.what.PID when prefix is set; the returned
// func runs stop and closes the file.
func record(prefix, what string, start func(io.Writer) error, stop func()) func() {
	f := profileFile(prefix, what)
	if f == nil {
		return func() {}
	}
	if err := start(f); err != nil {
		fmt.Fprintf(os.Stderr, "muster: %s profile: %v\n", what, err)
		f.Close()
		return func() {}
	}
	return func() { stop(); f.Close() }
}

// allocProfile writes what this run allocated, by where, when prefix is
// set.
func allocProfile(prefix string) {
	f := profileFile(prefix, "alloc")
	if f == nil {
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintf(os.Stderr, "muster: alloc profile: %v\n", err)
	}
}

// profileFile creates prefix.what.PID, or returns nil when prefix is empty or
// the file cannot be made (said on stderr: a profile never stops muster).
func profileFile(prefix, what string) *os.File {
	if prefix == "" {
		return nil
	}
	f, err := os.Create(fmt.Sprintf("%s.%s.%d", prefix, what, os.Getpid()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "muster: %s profile: %v\n", what, err)
		return nil
	}
	return f
}

// run dispatches to a subcommand and returns the process exit code:
// 0 success, 1 failure, 2 bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(args, stdout, stderr)
	case "invite":
		return runInvite(args, stdout, stderr)
	case "join":
		return runJoin(args, stdout, stderr)
	case "status":
		return runStatus(args, stdout, stderr)
	case "bundle":
		return runBundle(args, stdout, stderr)
	case "help":
		if len(args) > 0 {
			return run([]string{args[0], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "muster: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}
