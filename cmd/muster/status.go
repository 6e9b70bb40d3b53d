package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"muster/node"
	musync "muster/sync"
)

const statusHelp = `muster status [--http ADDR] [--json]

Shows the status of the node running at --http: its id, op count, digest
and version vector (the VECTOR that 'muster bundle export --since' takes),
its sync address, and each peer: online or not, address, last successful
sync, and exactly how many ops it holds that this node lacks (behind) and
this node holds that it lacks (ahead).
`

// statusReport is GET /api/v1/status: the node's status and, under
// "sync", the sync service's report.
type statusReport struct {
	node.Status
	Sync *musync.Report `json:"sync,omitempty"`
}

func runStatus(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("muster status", statusHelp, stderr)
	httpAddr := httpFlag(fs)
	asJSON := fs.Bool("json", false, "print the raw JSON")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	var raw json.RawMessage
	if err := getStatus(*httpAddr, 5*time.Second, &raw); err != nil {
		fmt.Fprintf(stderr, "muster status: is a node running at %s? %v\n", *httpAddr, err)
		return 1
	}
	if *asJSON {
		fmt.Fprintf(stdout, "%s\n", raw)
		return 0
	}
	var st statusReport
	if err := json.Unmarshal(raw, &st); err != nil {
		fmt.Fprintf(stderr, "muster status: %v\n", err)
		return 1
	}
	printStatus(stdout, st, time.Now())
	return 0
}

func printStatus(w io.Writer, st statusReport, now time.Time) {
	vec, _ := json.Marshal(st.Vector)
	fmt.Fprintf(w, "node      %s\nops       %d (pending %d, rejected %d)\ndigest    %s\nvector    %s\n",
		st.NodeID, st.Ops, st.Pending, st.Rejected, st.Digest, vec)
	if st.Sync == nil {
		fmt.Fprintln(w, "sync      not running")
		return
	}
	addr := st.Sync.SyncAddr
	if addr == "" {
		addr = "(dials out only)"
	}
	fmt.Fprintf(w, "sync      %s (team %s)\n", addr, st.Sync.Team)
	if len(st.Sync.Peers) == 0 {
		fmt.Fprintln(w, "peers     none yet")
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PEER\tNODE\tVIA\tONLINE\tLAST SYNC\tBEHIND\tAHEAD\tERROR")
	for _, p := range st.Sync.Peers {
		node, last, behind, ahead := short(p.Node), "never", "?", "?"
		if p.LastSync != nil {
			last = now.Sub(*p.LastSync).Round(time.Second).String() + " ago"
		}
		if p.Known {
			behind, ahead = fmt.Sprint(p.Behind), fmt.Sprint(p.Ahead)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Addr, node, p.Source, yesNo(p.Online), last, behind, ahead, p.Error)
	}
	tw.Flush()
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
