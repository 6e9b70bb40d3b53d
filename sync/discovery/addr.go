package discovery

import (
	"net"
	"net/netip"
	"slices"
	"strconv"
)

// Acceptable reports whether an address from an mDNS answer may be used
// to reach a peer: private (RFC 1918, ULA fc00::/7), link-local or
// loopback. Anything else (public, multicast, unspecified) is refused, so
// an answer cannot send us off the local network.
func Acceptable(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLoopback()
}

// PickAddr chooses the address to dial among those a peer advertised.
// It keeps only Acceptable addresses and ranks them: first those inside
// one of local (the subnets of our chosen interface), then IPv4 before
// IPv6, then private before link-local before loopback; the advertised
// order breaks ties. An IPv6 link-local address is only usable with a
// zone, so it is kept only when zone (our interface name) is set. It
// returns false when no address qualifies.
func PickAddr(advertised []netip.Addr, local []netip.Prefix, zone string) (netip.Addr, bool) {
	type cand struct {
		a    netip.Addr
		rank int
		pos  int
	}
	var cs []cand
	for i, a := range advertised {
		a = a.Unmap().WithZone("")
		if !a.IsValid() || !Acceptable(a) {
			continue
		}
		if a.Is6() && a.IsLinkLocalUnicast() {
			if zone == "" {
				continue
			}
			a = a.WithZone(zone)
		}
		cs = append(cs, cand{a: a, rank: rank(a, local), pos: i})
	}
	if len(cs) == 0 {
		return netip.Addr{}, false
	}
	best := slices.MinFunc(cs, func(x, y cand) int {
		if x.rank != y.rank {
			return x.rank - y.rank
		}
		return x.pos - y.pos
	})
	return best.a, true
}

// rank orders candidates: lower is better.
func rank(a netip.Addr, local []netip.Prefix) int {
	r := 0
	if !onSubnet(a, local) {
		r += 100
	}
	if a.Is6() {
		r += 10
	}
	switch {
	case a.IsLinkLocalUnicast():
		r += 1
	case a.IsLoopback():
		r += 2
	}
	return r
}

func onSubnet(a netip.Addr, local []netip.Prefix) bool {
	a = a.WithZone("")
	for _, p := range local {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// JoinAddr formats a dialable host:port.
func JoinAddr(a netip.Addr, port int) string {
	return net.JoinHostPort(a.String(), strconv.Itoa(port))
}

// toAddrs converts zeroconf's net.IP lists.
func toAddrs(ips ...[]net.IP) []netip.Addr {
	var out []netip.Addr
	for _, list := range ips {
		for _, ip := range list {
			if a, ok := netip.AddrFromSlice(ip); ok {
				out = append(out, a.Unmap())
			}
		}
	}
	return out
}

// prefixesOf lists interface addresses with their subnet lengths.
func prefixesOf(addrs []net.Addr) []netip.Prefix {
	var out []netip.Prefix
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(n.IP)
		if !ok {
			continue
		}
		ones, _ := n.Mask.Size()
		if ip.Is4In6() {
			ip = ip.Unmap()
			if ones >= 96 {
				ones -= 96
			}
		}
		// Unmasked: Contains still works, and Addr stays the host's own.
		out = append(out, netip.PrefixFrom(ip, ones))
	}
	return out
}
