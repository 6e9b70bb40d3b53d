package discovery

import (
	"net/netip"
	"strings"
	"testing"
)

// FuzzPeerOf feeds arbitrary TXT strings and addresses, as any host on the
// LAN can send them, to the code that turns an answer into a Peer: it must
// never panic, and whatever it accepts names a valid node of our team at
// an acceptable address.
func FuzzPeerOf(f *testing.F) {
	f.Add("v=1\x00team="+testTeam+"\x00node="+peerNode, []byte{10, 0, 0, 2}, 7421)
	f.Add("v=1\x00team=x\x00node=y", []byte{8, 8, 8, 8}, 1)
	f.Add("=\x00==\x00v", []byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 65535)
	d, err := newDiscovery(Config{Port: 7420, NodeID: testNode, TeamHash: testTeam}, fakeBackend(nil))
	if err != nil {
		f.Fatal(err)
	}
	set := ifaceSet{local: []netip.Prefix{netip.MustParsePrefix("10.0.0.1/24")}, zone: "eth0"}
	f.Fuzz(func(t *testing.T, txt string, ip []byte, port int) {
		e := entry(strings.Split(txt, "\x00"), port)
		if len(ip) == 4 {
			e.AddrIPv4 = append(e.AddrIPv4, ip)
		} else {
			e.AddrIPv6 = append(e.AddrIPv6, ip)
		}
		p, ok := d.peerOf(e, set)
		if !ok {
			return
		}
		if !validID(p.NodeID) || p.NodeID == testNode || port <= 0 || port > 65535 {
			t.Fatalf("accepted %+v from %q port %d", p, txt, port)
		}
		ap, err := netip.ParseAddrPort(p.Addr)
		if err != nil || !Acceptable(ap.Addr()) {
			t.Fatalf("accepted address %q", p.Addr)
		}
	})
}
