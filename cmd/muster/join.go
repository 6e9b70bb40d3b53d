package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"muster/node"
	"muster/sync/team"
)

const joinHelp = `muster join CODE [--data DIR]

Joins this node to the team of a join code printed by 'muster invite' on a
device of the team. Run it while muster is stopped: on a fresh node, or on
one that has only ever held its own changes (say, one started once to try
it), whose changes then go to the new team. A node that holds changes from
other devices of its team is refused. The addresses the code carries are
kept, and the node syncs with them when it starts.
`

func runJoin(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("muster join", joinHelp, stderr)
	data := dataFlag(fs)
	// Flags may come before or after the code.
	var pos []string
	for {
		if code := parse(fs, args); code >= 0 {
			return code
		}
		if fs.NArg() == 0 {
			break
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
	if len(pos) == 0 {
		fmt.Fprintf(stderr, "muster join: a join code is required\n\n%s", joinHelp)
		return 2
	}
	inv, err := team.ParseInvite(strings.Join(pos, ""))
	if err != nil {
		fmt.Fprintf(stderr, "muster join: %v\n", err)
		return 1
	}
	if err := join(*data, inv); err != nil {
		fmt.Fprintf(stderr, "muster join: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Joined team %s in %s.\n", inv.Team.IDHash(), *data)
	if len(inv.Addrs) > 0 {
		fmt.Fprintf(stdout, "It will sync with %s when it starts.\n", strings.Join(inv.Addrs, ", "))
	}
	fmt.Fprintln(stdout, "Start the node with: muster")
	return 0
}

// join writes the invite's team into dir, unless dir holds another team.
func join(dir string, inv team.Invite) error {
	old, err := team.Load(dir)
	switch {
	case err == nil && old.Equal(&inv.Team):
		// Joining twice is harmless; keep any new addresses.
	case err == nil:
		solo, err := soloNode(dir)
		if err != nil {
			return err
		}
		if !solo {
			return fmt.Errorf("%s already belongs to team %s and holds changes from its other devices; use a fresh --data directory", dir, old.IDHash())
		}
		if err := team.Save(dir, &inv.Team); err != nil {
			return err
		}
	case errors.Is(err, team.ErrNoTeam):
		if err := team.Save(dir, &inv.Team); err != nil {
			return err
		}
	default:
		return err
	}
	return team.SavePeers(dir, inv.Addrs)
}

// soloNode reports whether the node in dir holds no ops but its own: it
// never synced with a device of its old team, so it may change teams.
func soloNode(dir string) (bool, error) {
	n, err := node.Open(node.Config{Dir: dir})
	if err != nil {
		return false, fmt.Errorf("open %s: %w (is muster running on it? stop it first)", dir, err)
	}
	defer n.Close()
	for a, seq := range n.VersionVector() {
		if a != n.ID() && seq > 0 {
			return false, nil
		}
	}
	return true, nil
}
