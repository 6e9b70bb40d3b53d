package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"muster/sync/team"
)

const inviteHelp = `muster invite [--data DIR] [--http ADDR] [--addr HOST:PORT]...

Prints a join code for this node's team, and the same code as a QR code.
A new device joins with 'muster join CODE'. The code carries the team
secret: share it like a password, in person. The first invite creates the
team if this node has none yet.

The code also carries addresses where this node can be reached, so the new
device syncs with it first: the running node's sync address if it answers
on --http, else this machine's private addresses with the --http port, or
the --addr values given.
`

// addrList is a repeatable string flag.
type addrList []string

func (a *addrList) String() string     { return strings.Join(*a, ",") }
func (a *addrList) Set(v string) error { *a = append(*a, v); return nil }

func runInvite(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("muster invite", inviteHelp, stderr)
	data := dataFlag(fs)
	httpAddr := httpFlag(fs)
	var addrs addrList
	fs.Var(&addrs, "addr", "an address (host:port) the new device should sync with; repeatable")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "muster invite: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	t, err := team.LoadOrCreate(*data)
	if err != nil {
		fmt.Fprintf(stderr, "muster invite: %v\n", err)
		return 1
	}
	if len(addrs) == 0 {
		addrs = inviteAddrs(*httpAddr)
	}
	code := t.Invite(addrs)
	qr, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		fmt.Fprintf(stderr, "muster invite: make QR code: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Join code for team %s (keep it secret: it lets a device into the team):\n\n%s\n\n", t.IDHash(), code)
	fmt.Fprint(stdout, qr.ToSmallString(false))
	fmt.Fprintf(stdout, "\nOn the new device: muster join %s\n", code)
	if len(addrs) > 0 {
		fmt.Fprintf(stdout, "It will first sync with: %s\n", strings.Join(addrs, ", "))
	}
	return 0
}

// inviteAddrs finds where new devices can reach this node: the running
// node's sync address, else the private addresses of this machine with
// the HTTP port.
func inviteAddrs(httpAddr string) []string {
	if a := runningSyncAddr(httpAddr); a != "" {
		return []string{a}
	}
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		if ip.IsLoopback() {
			return nil // peers cannot reach it
		}
		return []string{httpAddr}
	}
	var out []string
	ifaces, _ := net.InterfaceAddrs()
	for _, a := range ifaces {
		if n, ok := a.(*net.IPNet); ok && n.IP.IsPrivate() && len(out) < team.MaxInviteAddrs {
			out = append(out, net.JoinHostPort(n.IP.String(), port))
		}
	}
	return out
}

// runningSyncAddr asks a node running at httpAddr for its sync address.
func runningSyncAddr(httpAddr string) string {
	var st struct {
		Sync struct {
			SyncAddr string `json:"sync_addr"`
		} `json:"sync"`
	}
	if err := getStatus(httpAddr, time.Second, &st); err != nil {
		return ""
	}
	return st.Sync.SyncAddr
}

// getStatus fetches GET /api/v1/status from a running node.
func getStatus(httpAddr string, timeout time.Duration, v any) error {
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return fmt.Errorf("parse --http: %w", err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	c := &http.Client{Timeout: timeout}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/api/v1/status")
	if err != nil {
		return fmt.Errorf("get status: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("get status: %s", resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(v); err != nil {
		return fmt.Errorf("get status: %w", err)
	}
	return nil
}
