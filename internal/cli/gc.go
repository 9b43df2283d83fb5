package cli

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
)

// Main is the program: DelayFirstGC, then Run on the process's arguments and streams. It
// returns the exit code.
func Main() int {
	DelayFirstGC()
	return Run(context.Background(), os.Args, os.Stdout, os.Stderr)
}

// firstGCHeap is the heap at which the process first collects (see DelayFirstGC).
const firstGCHeap = 32 << 20

// DelayFirstGC makes the process's first garbage collection wait until its heap reaches
// firstGCHeap, then sets GOGC back to what it was. A command builds a model it keeps until it
// exits; from the runtime's 4 MB start the collector re-marks that growing model at 4, 8 and
// 16 MB while freeing little. An inspection or diff of 500 tables now never collects (a
// GORM export of them once), at the price of a peak up to 32 MB of heap above what it keeps.
// Past the first collection the heap is paced as before. 32 MB, not more: with 64 MB a
// PostgreSQL inspection of 5,000 tables, whose rows leave more garbage, peaked at 83 MB
// instead of 60 (32 MB: 64). A GOGC the user set is left alone. The program's main calls it,
// not Run: the setting is the whole process's, and Run may be one of many in a test.
func DelayFirstGC() {
	if os.Getenv("GOGC") != "" {
		return
	}
	// The runtime's first heap goal is its 4 MB minimum scaled by GOGC/100.
	was := debug.SetGCPercent(firstGCHeap / (4 << 20) * 100)
	if was < 0 {
		debug.SetGCPercent(was)
		return
	}
	// A cleanup runs after the first collection that finds its object unreachable: this
	// one's, since nothing keeps it.
	runtime.AddCleanup(new([32]byte), func(percent int) { debug.SetGCPercent(percent) }, was)
}
