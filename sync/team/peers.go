package team

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// PeersFile keeps the peer addresses a join code carried, so that a node
// that joined syncs with them when it starts.
const PeersFile = "peers.json"

// SavePeers adds addrs to the peers kept in dir.
func SavePeers(dir string, addrs []string) error {
	old, err := LoadPeers(dir)
	if err != nil {
		return err
	}
	for _, a := range addrs {
		if !slices.Contains(old, a) {
			old = append(old, a)
		}
	}
	b, _ := json.Marshal(old)
	if err := os.WriteFile(filepath.Join(dir, PeersFile), b, 0o600); err != nil {
		return fmt.Errorf("save peers: %w", err)
	}
	return nil
}

// LoadPeers returns the peers kept in dir; none if there is no file.
func LoadPeers(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, PeersFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load peers: %w", err)
	}
	var addrs []string
	if err := json.Unmarshal(b, &addrs); err != nil {
		return nil, fmt.Errorf("load peers: %w", err)
	}
	return addrs, nil
}
