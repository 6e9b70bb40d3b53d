package discovery

import (
	"net/netip"
	"testing"
)

func TestAcceptable(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"172.31.255.254", true},
		{"192.168.1.20", true},
		{"169.254.10.1", true},
		{"127.0.0.1", true},
		{"::1", true},
		{"fe80::1", true},
		{"fd12:3456::1", true},
		{"fc00::1", true},
		{"::ffff:192.168.1.2", true},
		{"8.8.8.8", false},
		{"172.32.0.1", false},
		{"100.64.0.1", false},
		{"2001:db8::1", false},
		{"2a00:1450::1", false},
		{"224.0.0.251", false},
		{"ff02::fb", false},
		{"0.0.0.0", false},
		{"::", false},
		{"255.255.255.255", false},
	}
	for _, tt := range tests {
		if got := Acceptable(netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("Acceptable(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}

func TestPickAddr(t *testing.T) {
	lan := []netip.Prefix{netip.MustParsePrefix("192.168.1.7/24"), netip.MustParsePrefix("fe80::5/64")}
	tests := []struct {
		name       string
		advertised []string
		local      []netip.Prefix
		zone       string
		want       string // "" = none
	}{
		{"nothing", nil, lan, "eth0", ""},
		{"only public", []string{"8.8.8.8", "2001:db8::1"}, lan, "eth0", ""},
		{"other interface first", []string{"172.17.0.1", "192.168.1.20"}, lan, "eth0", "192.168.1.20"},
		{"docker and vpn before lan", []string{"172.17.0.1", "10.8.0.2", "192.168.1.20", "fe80::2"}, lan, "eth0", "192.168.1.20"},
		{"public skipped, private kept", []string{"203.0.113.5", "10.0.0.9"}, lan, "eth0", "10.0.0.9"},
		{"no subnet match falls back to first private", []string{"10.0.0.9", "172.17.0.1"}, lan, "eth0", "10.0.0.9"},
		{"ipv4 before ipv6 on subnet", []string{"fe80::2", "192.168.1.20"}, lan, "eth0", "192.168.1.20"},
		{"link-local v6 gets our zone", []string{"fe80::2"}, lan, "eth0", "fe80::2%eth0"},
		{"link-local v6 without zone refused", []string{"fe80::2"}, lan, "", ""},
		{"ula on subnet beats v4 elsewhere", []string{"10.9.9.9", "fd00::2"},
			[]netip.Prefix{netip.MustParsePrefix("fd00::1/64")}, "", "fd00::2"},
		{"private beats loopback", []string{"127.0.0.1", "10.0.0.2"}, nil, "", "10.0.0.2"},
		{"loopback alone", []string{"127.0.0.1"}, nil, "", "127.0.0.1"},
		{"link-local v4 on subnet", []string{"10.0.0.2", "169.254.3.4"},
			[]netip.Prefix{netip.MustParsePrefix("169.254.0.1/16")}, "", "169.254.3.4"},
		{"mapped v4 unmapped", []string{"::ffff:192.168.1.30"}, lan, "eth0", "192.168.1.30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var adv []netip.Addr
			for _, s := range tt.advertised {
				adv = append(adv, netip.MustParseAddr(s))
			}
			got, ok := PickAddr(adv, tt.local, tt.zone)
			if tt.want == "" {
				if ok {
					t.Fatalf("PickAddr = %s, want none", got)
				}
				return
			}
			if !ok || got.String() != tt.want {
				t.Fatalf("PickAddr = %s (%v), want %s", got, ok, tt.want)
			}
		})
	}
}

func TestJoinAddr(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"10.0.0.1", "10.0.0.1:7421"},
		{"fd00::1", "[fd00::1]:7421"},
		{"fe80::1%eth0", "[fe80::1%eth0]:7421"},
	}
	for _, tt := range tests {
		if got := JoinAddr(netip.MustParseAddr(tt.addr), 7421); got != tt.want {
			t.Errorf("JoinAddr(%s) = %s, want %s", tt.addr, got, tt.want)
		}
	}
}
