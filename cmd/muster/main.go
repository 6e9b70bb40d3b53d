// Command muster runs a muster node: the store, the web UI and JSON API,
// and sync with peers. `muster` and `muster serve` start the node; the
// other subcommands act on a data directory or a running node.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"

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
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	allocProfile(os.Getenv("MUSTER_ALLOCPROFILE"))
	os.Exit(code)
}

// allocProfile writes what this run allocated, by where, to prefix.PID
// when prefix is set (MUSTER_ALLOCPROFILE).
func allocProfile(prefix string) {
	if prefix == "" {
		return
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "muster: alloc profile: %v\n", err)
		return
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintf(os.Stderr, "muster: alloc profile: %v\n", err)
	}
}

// cpuProfile writes a CPU profile of this run to prefix.PID when prefix is
// set (MUSTER_CPUPROFILE), for finding where a slow node spends its time;
// the returned func ends it.
func cpuProfile(prefix string) func() {
	if prefix == "" {
		return func() {}
	}
	f, err := os.Create(fmt.Sprintf("%s.%d", prefix, os.Getpid()))
	if err != nil {
		fmt.Fprintf(os.Stderr, "muster: cpu profile: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "muster: cpu profile: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
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
