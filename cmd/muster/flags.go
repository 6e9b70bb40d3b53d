package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// envDefault returns the environment variable's value, or def.
func envDefault(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(name); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// defaultDataDir is where a node keeps its data when neither --data nor
// MUSTER_DATA says: the user's data directory, else ./muster-data.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "muster")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "muster")
	}
	return "muster-data"
}

// dataFlag registers --data with its MUSTER_DATA fallback.
func dataFlag(fs *flag.FlagSet) *string {
	return fs.String("data", envDefault("MUSTER_DATA", defaultDataDir()), "data directory: store, device key, team (env MUSTER_DATA)")
}

// httpFlag registers --http with its MUSTER_HTTP fallback.
func httpFlag(fs *flag.FlagSet) *string {
	return fs.String("http", envDefault("MUSTER_HTTP", "127.0.0.1:7420"), "address of the web UI and JSON API (env MUSTER_HTTP); 0.0.0.0:7420 serves phones on the Wi-Fi")
}

// newFlagSet returns a flag set whose usage names the command.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags (each also read from the environment variable named):\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags and maps the outcome to an exit code: -1 means go on.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	return -1
}
