// Package discovery finds muster peers on the local network with mDNS
// (DNS-SD over multicast, RFC 6762/6763) using grandcat/zeroconf v1.0.0.
//
// Each node advertises one `_muster._tcp` instance whose TXT record holds
// only non-secret data: the protocol version ("v"), a hash of the team id
// ("team") and the node id ("node"). Browsing runs all the time; every
// sighting of another node of the same team is reported through
// Config.OnPeer as a Peer{NodeID, Addr}. What happens next (membership,
// authenticated streams) is the sync service's business: discovery only
// proposes candidate addresses, and a stranger who fakes an answer gains
// nothing but a refused connection.
//
// zeroconf v1.0.0 has three flaws this package works around:
//
//   - Browsing stops by itself: its query loop backs off exponentially and
//     gives up after about 15 minutes (and stops querying at the first
//     answer). Serve therefore runs browsing in rounds of
//     Config.RestartEvery with a fresh resolver each time, and starts the
//     next round at once when zeroconf closes a round early.
//   - An answer can carry the addresses of every interface of the
//     answering host, not only the one it was sent on. PickAddr keeps only
//     private, link-local and loopback addresses and prefers one on the
//     same subnet as our chosen interface.
//   - Its goroutines outlive a careless caller: a browse blocks forever on
//     an entries channel nobody reads, and the announcer of Register keeps
//     sleeping after Shutdown. Serve drains every round's channel until
//     zeroconf closes it, and waits out the announcer before returning, so
//     nothing it started is left running.
package discovery
