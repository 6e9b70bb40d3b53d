package discovery

import "strings"

// TXT record keys. Only non-secret data goes here: anyone on the LAN
// reads it.
const (
	txtVersion = "v"
	txtTeam    = "team"
	txtNode    = "node"
)

// maxTXT bounds what we look at in an answer's TXT record.
const maxTXT = 16

func encodeTXT(teamHash, nodeID string) []string {
	return []string{
		txtVersion + "=" + ProtocolVersion,
		txtTeam + "=" + teamHash,
		txtNode + "=" + nodeID,
	}
}

// parseTXT reads the strings of a TXT record into key/value pairs. The
// first occurrence of a key wins (RFC 6763 section 6.4); strings without
// "=" and anything past maxTXT strings are ignored.
func parseTXT(txt []string) map[string]string {
	out := make(map[string]string, 3)
	for i, s := range txt {
		if i == maxTXT {
			break
		}
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(k)
		if _, dup := out[k]; !dup {
			out[k] = v
		}
	}
	return out
}

// instanceName is this node's DNS-SD instance label: short, unique enough,
// and within the 63-byte label limit.
func instanceName(nodeID string) string {
	if len(nodeID) > 16 {
		nodeID = nodeID[:16]
	}
	return "muster-" + nodeID
}
