package main

import (
	"testing"
	"time"
)

// TestMedianRatio: vs floor is the median of the runs' pair ratios, so one run slowed by the
// machine, on either side, does not move it.
func TestMedianRatio(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	for _, tc := range []struct {
		name string
		a, b []time.Duration
		want float64
	}{
		{"one pair", ms(120), ms(100), 1.2},
		{"odd count, an outlier each side", ms(110, 400, 120), ms(100, 100, 300), 1.1},
		{"even count", ms(110, 130, 100, 120), ms(100, 100, 100, 100), 1.15},
		{"drift shared by the pairs", ms(110, 220, 330), ms(100, 200, 300), 1.1},
		{"more runs on one side", ms(110, 120, 999), ms(100, 100), 1.15},
		{"none", nil, ms(100), 0},
	} {
		if got := medianRatio(tc.a, tc.b); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

// TestMergeKeepsEveryRun: merging runs keeps the fastest, the largest peak and every run in order.
func TestMergeKeepsEveryRun(t *testing.T) {
	var r result
	for i, w := range []int{30, 10, 20} {
		r = r.merge(i, result{wall: time.Duration(w), cpu: time.Duration(w + 1), rss: int64(w)})
	}
	if r.wall != 10 || r.cpu != 11 || r.rss != 30 || len(r.walls) != 3 || r.walls[0] != 30 || r.cpus[2] != 21 {
		t.Errorf("merged: %+v", r)
	}
}
