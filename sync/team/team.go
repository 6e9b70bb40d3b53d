package team

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the team file inside a node's data directory.
const FileName = "team.json"

// SecretBytes is the size of a team secret.
const SecretBytes = 32

// ErrNoTeam is returned by Load when the data directory holds no team.
var ErrNoTeam = errors.New("no team in data directory")

// ErrBadTeam is returned when a team file or id is malformed.
var ErrBadTeam = errors.New("malformed team")

// Team is what nodes of one team share. The Secret never leaves the data
// directory except inside a join code.
type Team struct {
	ID     string // 16 random bytes, hex
	Secret [SecretBytes]byte
}

// New makes a team with a random id and secret.
func New() (*Team, error) {
	var id [16]byte
	t := &Team{}
	if _, err := rand.Read(id[:]); err != nil {
		return nil, fmt.Errorf("make team id: %w", err)
	}
	if _, err := rand.Read(t.Secret[:]); err != nil {
		return nil, fmt.Errorf("make team secret: %w", err)
	}
	t.ID = hex.EncodeToString(id[:])
	return t, nil
}

// Create makes a new team and saves it in dir. It refuses to replace a team
// that is already there.
func Create(dir string) (*Team, error) {
	if _, err := Load(dir); err == nil {
		return nil, fmt.Errorf("create team: %s already holds a team", dir)
	} else if !errors.Is(err, ErrNoTeam) {
		return nil, fmt.Errorf("create team: %w", err)
	}
	t, err := New()
	if err != nil {
		return nil, err
	}
	if err := Save(dir, t); err != nil {
		return nil, err
	}
	return t, nil
}

// LoadOrCreate loads the team in dir, creating a new one if there is none.
// It is what a node's first start does.
func LoadOrCreate(dir string) (*Team, error) {
	t, err := Load(dir)
	if errors.Is(err, ErrNoTeam) {
		return Create(dir)
	}
	return t, err
}

type fileForm struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// Load reads the team in dir; ErrNoTeam if there is none.
func Load(dir string) (*Team, error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoTeam
	}
	if err != nil {
		return nil, fmt.Errorf("load team: %w", err)
	}
	var f fileForm
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("load team: %w: %v", ErrBadTeam, err)
	}
	t := &Team{ID: f.ID}
	s, err := hex.DecodeString(f.Secret)
	if err != nil || len(s) != SecretBytes {
		return nil, fmt.Errorf("load team: %w: secret is not %d hex bytes", ErrBadTeam, SecretBytes)
	}
	copy(t.Secret[:], s)
	if err := t.validate(); err != nil {
		return nil, fmt.Errorf("load team: %w", err)
	}
	return t, nil
}

// Save writes t into dir (mode 0600), atomically: a crash leaves either
// the old file or the new one.
func Save(dir string, t *Team) error {
	if err := t.validate(); err != nil {
		return fmt.Errorf("save team: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save team: %w", err)
	}
	b, _ := json.MarshalIndent(fileForm{ID: t.ID, Secret: hex.EncodeToString(t.Secret[:])}, "", "  ")
	tmp, err := os.CreateTemp(dir, FileName+".tmp*")
	if err != nil {
		return fmt.Errorf("save team: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save team: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("save team: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save team: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save team: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("save team: %w", err)
	}
	return nil
}

func (t *Team) validate() error {
	b, err := hex.DecodeString(t.ID)
	if err != nil || len(b) != 16 {
		return fmt.Errorf("%w: team id %q is not 32 hex digits", ErrBadTeam, t.ID)
	}
	return nil
}

// Key derives a 32-byte key for one purpose from the team secret:
// HKDF-SHA256 with no salt and info "muster/"+purpose.
func (t *Team) Key(purpose string) []byte {
	k, err := hkdf.Key(sha256.New, t.Secret[:], nil, "muster/"+purpose, 32)
	if err != nil {
		panic(err) // only for lengths HKDF cannot produce
	}
	return k
}

// IDHash is a short, non-secret hash of the team id (16 hex digits) that
// nodes show in clear so that other teams' nodes can be skipped.
func (t *Team) IDHash() string {
	h := sha256.Sum256([]byte("muster/team-id/" + t.ID))
	return hex.EncodeToString(h[:8])
}

// Equal reports whether two teams are the same team.
func (t *Team) Equal(u *Team) bool {
	return t != nil && u != nil && t.ID == u.ID && t.Secret == u.Secret
}
