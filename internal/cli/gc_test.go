package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads GOGC's setting (setting it back at once).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestDelayFirstGC: GOGC is raised so that the first collection waits for firstGCHeap, and is
// back at its value once a collection has run; a GOGC the user set is left alone.
func TestDelayFirstGC(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Fatal("this test needs GOGC unset")
	}
	defer debug.SetGCPercent(gcPercent())
	debug.SetGCPercent(100)
	DelayFirstGC()
	if got, want := gcPercent(), firstGCHeap/(4<<20)*100; got != want {
		t.Fatalf("GOGC after DelayFirstGC: %d, want %d", got, want)
	}
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != 100 {
		if time.Now().After(deadline) {
			t.Fatalf("GOGC still %d after a collection, want it back at 100", gcPercent())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}

	t.Setenv("GOGC", "300")
	DelayFirstGC()
	if got := gcPercent(); got != 100 {
		t.Errorf("with GOGC=300 set by the user, DelayFirstGC changed the setting to %d", got)
	}
}
