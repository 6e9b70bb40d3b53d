package discovery

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// netLab is a private LAN made of network namespaces: one holds a bridge,
// each node namespace is plugged into it with a veth pair whose inside end
// is eth0. Nothing outside the namespaces it creates is touched.
type netLab struct {
	t      *testing.T
	prefix string
	sw     string
	n      int
}

// newNetLab creates the bridge namespace, or skips when we cannot (not
// root, outside CI); under CI a failure to build the lab fails the test.
func newNetLab(t *testing.T) *netLab {
	t.Helper()
	if os.Geteuid() != 0 || exec.Command("ip", "-V").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("this test needs root and iproute2 (ip); CI runs as root and installs iproute2")
		}
		t.Skip("needs root and iproute2 to create network namespaces")
	}
	l := &netLab{t: t, prefix: fmt.Sprintf("mdt%d", os.Getpid()%100000)}
	l.sw = l.prefix + "sw"
	l.ip("netns", "add", l.sw)
	t.Cleanup(func() { l.del(l.sw) })
	l.ip("-n", l.sw, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0")
	l.ip("-n", l.sw, "link", "set", "br0", "up")
	return l
}

func (l *netLab) ip(args ...string) {
	l.t.Helper()
	if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
		l.t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
}

func (l *netLab) del(ns string) {
	if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
		l.t.Errorf("ip netns del %s: %v: %s", ns, err, out)
	}
}

// node adds a namespace on the bridge with eth0 at cidr, after running
// before(ns) (to create interfaces that must come first), and returns
// its name.
func (l *netLab) node(cidr string, before func(ns string)) string {
	l.n++
	ns := fmt.Sprintf("%sn%d", l.prefix, l.n)
	peer := fmt.Sprintf("v%d", l.n)
	l.ip("netns", "add", ns)
	l.t.Cleanup(func() { l.del(ns) })
	l.ip("-n", ns, "link", "set", "lo", "up")
	if before != nil {
		before(ns)
	}
	l.ip("link", "add", "name", "eth0", "netns", ns, "type", "veth", "peer", "name", peer, "netns", l.sw)
	l.ip("-n", l.sw, "link", "set", peer, "master", "br0", "up")
	l.ip("-n", ns, "addr", "add", cidr, "dev", "eth0")
	l.ip("-n", ns, "link", "set", "eth0", "up")
	l.ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0")
	return ns
}

// inNetns runs fn in a new goroutine whose OS thread has joined network
// namespace ns; sockets fn opens live there. The thread is never unlocked,
// so it is discarded when fn returns.
func inNetns(ns string, fn func() error) <-chan error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		f, err := os.Open("/var/run/netns/" + ns)
		if err != nil {
			done <- err
			return
		}
		err = unix.Setns(int(f.Fd()), unix.CLONE_NEWNET)
		f.Close()
		if err != nil {
			done <- fmt.Errorf("setns %s: %w", ns, err)
			return
		}
		done <- fn()
	}()
	return done
}
