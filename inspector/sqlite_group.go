package inspector

// A grouper's blocks double from grouperFirstBlock elements to grouperBlock: a small schema
// does not pay for a large block (4,096 columns are half a megabyte, zeroed, which a
// one-table inspection paid for three times), a large one soon cuts 4,096 at a time.
const (
	grouperFirstBlock = 64
	grouperBlock      = 4096
)

// grouper collects rows that arrive owner by owner (the columns of one table, then of the
// next) into one slice per owner, cut from large shared blocks. A 5,000-table schema has
// tens of thousands of such slices; growing each by append would cost several allocations
// per slice and twice the memory, which showed as the inspector's largest cost.
type grouper[T any] struct {
	block []T
	start int // where the current owner's run begins in block
	owner int // the current owner, -1 before the first row
	// set receives each owner's run; its capacity is capped, so appending to it later copies
	// instead of overwriting the next owner's elements.
	set func(owner int, run []T)
}

func newGrouper[T any](set func(owner int, run []T)) *grouper[T] {
	return &grouper[T]{owner: -1, set: set}
}

// add appends v to owner's run, handing the previous owner's run to set when owner changes.
func (g *grouper[T]) add(owner int, v T) {
	if owner != g.owner {
		g.flush()
		g.owner = owner
	}
	if len(g.block) == cap(g.block) {
		// Start a new block, moving the current run so it stays contiguous.
		run := g.block[g.start:]
		size := min(grouperBlock, max(grouperFirstBlock, 2*cap(g.block)))
		next := make([]T, 0, max(size, 2*len(run)))
		g.block = append(next, run...)
		g.start = 0
	}
	g.block = append(g.block, v)
}

// flush hands the current run to set. Call it once more after the last row.
func (g *grouper[T]) flush() {
	if end := len(g.block); end > g.start {
		g.set(g.owner, g.block[g.start:end:end])
		g.start = end
	}
}

// appendRun adds run to dst without copying when dst is empty, which is the usual case:
// rows of one owner arrive together, so each owner gets one run.
func appendRun[T any](dst, run []T) []T {
	if len(dst) == 0 {
		return run
	}
	return append(dst, run...)
}

// blocks collects rows whose number is known only after the last one, in blocks that double
// from grouperFirstBlock elements to grouperBlock: unlike a slice grown by append, no row is
// copied as it grows, and no block is larger than the collector's others.
type blocks[T any] struct {
	list [][]T
}

func (b *blocks[T]) add(v T) {
	n := len(b.list)
	if n == 0 || len(b.list[n-1]) == cap(b.list[n-1]) {
		size := grouperFirstBlock
		if n > 0 {
			size = min(grouperBlock, 2*cap(b.list[n-1]))
		}
		b.list = append(b.list, make([]T, 0, size))
		n++
	}
	b.list[n-1] = append(b.list[n-1], v)
}

// each calls f with every row, in the order they were added.
func (b *blocks[T]) each(f func(*T)) {
	for _, block := range b.list {
		for i := range block {
			f(&block[i])
		}
	}
}
