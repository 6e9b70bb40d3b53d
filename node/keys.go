package node

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

const deviceKeyFile = "device.key"

// loadOrCreateKey returns the device's ed25519 key, creating it on first
// start. The file holds the 32-byte seed and is readable by its owner only.
func loadOrCreateKey(dir string) (ed25519.PrivateKey, error) {
	path := filepath.Join(dir, deviceKeyFile)
	seed, err := os.ReadFile(path)
	switch {
	case err == nil:
		if len(seed) != ed25519.SeedSize {
			return nil, fmt.Errorf("load device key: %s holds %d bytes, want %d", path, len(seed), ed25519.SeedSize)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	case errors.Is(err, fs.ErrNotExist):
		seed = make([]byte, ed25519.SeedSize)
		if _, err := rand.Read(seed); err != nil {
			return nil, fmt.Errorf("create device key: %w", err)
		}
		tmp := path + ".tmp"
		if err := writeFileSync(tmp, seed, 0o600); err != nil {
			return nil, fmt.Errorf("create device key: %w", err)
		}
		if err := os.Rename(tmp, path); err != nil {
			return nil, fmt.Errorf("create device key: %w", err)
		}
		return ed25519.NewKeyFromSeed(seed), nil
	default:
		return nil, fmt.Errorf("load device key: %w", err)
	}
}

func writeFileSync(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
