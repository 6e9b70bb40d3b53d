package sync

// Log keys.
const (
	logComponent = "component"
	logPeer      = "peer"
	logRemote    = "remote"
	logErr       = "err"
	logAddr      = "sync_addr"
	logGossip    = "gossip_addr"
	logTeam      = "team"
	logSent      = "sent_ops"
	logRecv      = "received_ops"
)
