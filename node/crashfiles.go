package node

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// removeEmptyStoreFiles deletes zero-length memtable (.mem) and value-log
// (.vlog) files from the Badger directory before it is opened.
//
// Badger creates these files and then sizes them in a second step. A crash
// (kill -9, power cut) between the two leaves an empty file, and Badger
// v4.9.6 then fails every later open with "while opening memtables ...
// Create a new file" (or "Open existing file" for a value log): it treats
// the "this file is new" signal from its own open helper as an error. An
// empty file holds no entries, not even the header, so removing it loses
// nothing; Badger creates it again when it needs it.
func removeEmptyStoreFiles(dir string, log *slog.Logger) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // first start
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, ".mem") || strings.HasSuffix(name, ".vlog")) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() != 0 {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
		if log != nil {
			log.Warn("removed an empty store file left by a crash", "file", name)
		}
	}
	return nil
}
