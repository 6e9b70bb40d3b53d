// Package benchproc measures processes for benchmarks, from /proc: the
// CPU time a process used, its peak resident memory, and waiting until it
// is idle before a measured part starts.
package benchproc

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// CPU is the CPU time (user and system) process pid has used, to the
// clock tick (10 ms).
func CPU(tb testing.TB, pid int) time.Duration {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		tb.Fatal(err)
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * (time.Second / 100)
}

// PeakRSSKB is process pid's peak resident memory (VmHWM) in KiB.
func PeakRSSKB(tb testing.TB, pid int) int {
	tb.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}

// Settle waits until process pid is idle: less than 2% of a core used
// over a quarter second, within a minute. A node that was just loaded is
// still flushing and compacting its store; a measured round starts from a
// node that has been up a while.
func Settle(tb testing.TB, pid int) {
	tb.Helper()
	const window = 250 * time.Millisecond
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(window)
	defer tick.Stop()
	last := CPU(tb, pid)
	for range tick.C {
		now := CPU(tb, pid)
		if now-last < window/50 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("process %d did not go idle within a minute", pid)
		}
		last = now
	}
}
