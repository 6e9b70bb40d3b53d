package discovery

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"github.com/grandcat/zeroconf"
)

// backend is what Serve needs from mDNS and the host, as function fields
// so tests can replace them.
type backend struct {
	// interfaces resolves Config.Interface ("" = all usable ones).
	interfaces func(name string) (ifaceSet, error)

	// register advertises and returns the function that withdraws it.
	register func(cfg Config, set ifaceSet) (shutdown func(), err error)

	// browse starts browsing until ctx is done. Whatever happens, entries
	// is closed once browsing has ended.
	browse func(ctx context.Context, cfg Config, set ifaceSet, entries chan *zeroconf.ServiceEntry) error

	// announceWindow is how long the announcer started by register keeps
	// running, even after shutdown.
	announceWindow time.Duration
}

// ifaceSet is the interfaces we use and what we know about them.
type ifaceSet struct {
	ifaces []net.Interface
	local  []netip.Prefix // their subnets
	ips    []string       // their Acceptable addresses, to advertise
	zone   string         // zone for IPv6 link-local peers, "" if ambiguous
}

// zeroconfAnnounce is how long zeroconf v1.0.0's announcer runs after
// Register: two probes up to 250 ms apart, then announcements 1 s and 2 s
// apart.
const zeroconfAnnounce = 3600 * time.Millisecond

func zeroconfBackend() backend {
	return backend{
		interfaces:     systemInterfaces,
		register:       zeroconfRegister,
		browse:         zeroconfBrowse,
		announceWindow: zeroconfAnnounce,
	}
}

func zeroconfRegister(cfg Config, set ifaceSet) (func(), error) {
	host := instanceName(cfg.NodeID) + "." + cfg.Domain
	srv, err := zeroconf.RegisterProxy(instanceName(cfg.NodeID), cfg.Service, cfg.Domain, cfg.Port,
		host, set.ips, encodeTXT(cfg.TeamHash, cfg.NodeID), set.ifaces)
	if err != nil {
		return nil, err
	}
	return srv.Shutdown, nil
}

func zeroconfBrowse(ctx context.Context, cfg Config, set ifaceSet, entries chan *zeroconf.ServiceEntry) error {
	r, err := newResolver(set.ifaces)
	if err != nil {
		close(entries)
		return err
	}
	// On error Browse cancels its own loop, which closes entries.
	return r.Browse(ctx, cfg.Service, cfg.Domain, entries)
}

// newResolver listens on IPv4 and IPv6, or on whichever of them works.
func newResolver(ifaces []net.Interface) (*zeroconf.Resolver, error) {
	var errs []error
	for _, t := range []zeroconf.IPType{zeroconf.IPv4AndIPv6, zeroconf.IPv4, zeroconf.IPv6} {
		r, err := zeroconf.NewResolver(zeroconf.SelectIfaces(ifaces), zeroconf.SelectIPTraffic(t))
		if err == nil {
			return r, nil
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("open resolver: %w", errors.Join(errs...))
}

// systemInterfaces resolves an interface name, or all interfaces that are
// up, multicast-capable and not loopback.
func systemInterfaces(name string) (ifaceSet, error) {
	var ifs []net.Interface
	if name != "" {
		ifi, err := net.InterfaceByName(name)
		if err != nil {
			return ifaceSet{}, fmt.Errorf("find interface %s: %w", name, err)
		}
		ifs = []net.Interface{*ifi}
	} else {
		all, err := net.Interfaces()
		if err != nil {
			return ifaceSet{}, fmt.Errorf("list interfaces: %w", err)
		}
		for _, ifi := range all {
			if ifi.Flags&net.FlagUp != 0 && ifi.Flags&net.FlagMulticast != 0 && ifi.Flags&net.FlagLoopback == 0 {
				ifs = append(ifs, ifi)
			}
		}
	}
	return describe(ifs, name), nil
}

func describe(ifs []net.Interface, name string) ifaceSet {
	set := ifaceSet{ifaces: ifs, zone: name}
	if name == "" && len(ifs) == 1 {
		set.zone = ifs[0].Name
	}
	for _, ifi := range ifs {
		addrs, err := ifi.Addrs()
		if err != nil {
			continue
		}
		for _, p := range prefixesOf(addrs) {
			set.local = append(set.local, p)
			if Acceptable(p.Addr()) {
				set.ips = append(set.ips, p.Addr().String())
			}
		}
	}
	return set
}
