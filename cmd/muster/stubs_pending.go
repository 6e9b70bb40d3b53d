package main

// Placeholders until the sync and bundle subcommands land; each is replaced
// by its own file (invite.go, join.go, status.go, bundle.go).

import (
	"fmt"
	"io"
)

func notYet(name string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "muster %s: not available in this build\n", name)
	return 1
}

func runInvite(_ []string, _, stderr io.Writer) int { return notYet("invite", stderr) }
func runJoin(_ []string, _, stderr io.Writer) int   { return notYet("join", stderr) }
func runStatus(_ []string, _, stderr io.Writer) int { return notYet("status", stderr) }
