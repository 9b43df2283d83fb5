package diff

import (
	"runtime"
	"sync"
)

// parallelTables is the number of paired tables from which a schema's tables are compared on
// every core. Below it the goroutines cost more than they save. A variable so that a test can
// send small models down the parallel path.
var parallelTables = 512

// compareTablePairs compares each pair of tables in full. A big schema's pairs are compared
// on every core: comparing one pair reads only the two models (and the concurrency-safe Memo
// and type cache) and writes only what it finds, so each worker has a differ of its own
// (fork) and the findings are joined back in table order — the Result is the one a single
// core would give, byte for byte.
func (d *differ) compareTablePairs(pairs []tableCtx) {
	workers := min(runtime.GOMAXPROCS(0), len(pairs)/max(parallelTables/4, 1))
	if workers < 2 || len(pairs) < parallelTables {
		for _, p := range pairs {
			d.compareTable(p)
		}
		return
	}
	d.filters() // built once here, shared read-only by the forks
	forks := make([]*differ, workers)
	var wg sync.WaitGroup
	for w := range forks {
		forks[w] = d.fork()
		lo, hi := w*len(pairs)/workers, (w+1)*len(pairs)/workers
		wg.Add(1)
		go func(f *differ, part []tableCtx) {
			defer wg.Done()
			for _, p := range part {
				f.compareTable(p)
			}
		}(forks[w], pairs[lo:hi])
	}
	wg.Wait()
	for _, f := range forks {
		d.join(f)
	}
}

// fork is a differ that shares d's options, sides and pairing (read-only during a
// comparison) and collects its own changes, notes and counts.
func (d *differ) fork() *differ {
	f := *d
	f.changes, f.notes = nil, nil
	f.notComparable = map[string]bool{}
	f.left = map[leftKey]int{}
	f.from.texts = newTextCache() // a map of its own: the forks run side by side
	f.to.texts = f.from.texts
	return &f
}

// join appends what a fork found to d, in the order the fork found it.
func (d *differ) join(f *differ) {
	d.changes = append(d.changes, f.changes...)
	d.notes = append(d.notes, f.notes...)
	for k := range f.notComparable {
		d.notComparable[k] = true
	}
	for k, n := range f.left {
		d.left[k] += n
	}
}
