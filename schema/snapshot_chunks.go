package schema

import (
	"bytes"
	"fmt"
	"runtime"
)

// chunkElements is how many elements of a parallel splice one chunk holds: about half a
// megabyte of JSON for tables, so two goroutines take turns often and hold little.
const chunkElements = 128

// elements writes p's elements at prefix, each on a line of its own and a comma after all
// but the last. A parallel splice of more than one chunk, where there are two CPUs, is
// written in chunks: this goroutine encodes the even ones straight to the output, a second
// encodes the odd ones into buffers that this one writes out in their turn. Writing the
// tables was most of the time inspect spends after the last catalog query, with the
// second CPU idle.
func (sw *snapshotWriter) elements(p splice, prefix string) {
	line := "\n" + prefix // built once, not once per element
	chunks := (p.n + chunkElements - 1) / chunkElements
	if !p.parallel || chunks < 2 || runtime.GOMAXPROCS(0) < 2 {
		sw.elementRange(p, line, prefix, 0, p.n)
		return
	}
	odd := make(chan chunkResult)
	free := make(chan *bytes.Buffer, 2) // two buffers take turns: one fills while one is written
	free <- new(bytes.Buffer)
	free <- new(bytes.Buffer)
	quit := make(chan struct{})
	done := make(chan struct{})
	go encodeOddChunks(p, line, prefix, chunks, odd, free, quit, done)
	defer func() { <-done }() // the model is the caller's again only once the other goroutine is gone
	defer close(quit)
	for c := 0; c < chunks && sw.err == nil; c++ {
		if c%2 == 0 {
			sw.elementRange(p, line, prefix, c*chunkElements, min(p.n, (c+1)*chunkElements))
			continue
		}
		r := <-odd
		if r.err != nil {
			sw.err = r.err
			return
		}
		sw.write(r.b.Bytes())
		free <- r.b
	}
}

// chunkResult is an odd chunk's bytes, or the error that stopped its encoding.
type chunkResult struct {
	b   *bytes.Buffer
	err error
}

// encodeOddChunks encodes p's odd chunks in order into the buffers free hands it and sends
// them to odd, with a writer of its own (each keeps its encoders and line buffers), until
// they are all sent or quit is closed.
func encodeOddChunks(p splice, line, prefix string, chunks int, odd chan<- chunkResult, free <-chan *bytes.Buffer, quit <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	hw := &snapshotWriter{}
	for c := 1; c < chunks; c += 2 {
		var b *bytes.Buffer
		select {
		case b = <-free:
		case <-quit:
			return
		}
		b.Reset()
		hw.w = b
		hw.encodeChunk(p, line, prefix, c*chunkElements, min(p.n, (c+1)*chunkElements))
		select {
		case odd <- chunkResult{b: b, err: hw.err}:
		case <-quit:
			return
		}
		if hw.err != nil {
			return
		}
	}
}

// encodeChunk is elementRange on a goroutine of its own: a panic, which would end the
// program there, becomes the writer's error.
func (sw *snapshotWriter) encodeChunk(p splice, line, prefix string, from, to int) {
	defer func() {
		if v := recover(); v != nil {
			sw.err = fmt.Errorf("snapshot writer: %v", v)
		}
	}()
	sw.elementRange(p, line, prefix, from, to)
}

// elementRange writes p's elements from to to, each after line, a comma after all but p's last.
func (sw *snapshotWriter) elementRange(p splice, line, prefix string, from, to int) {
	for i := from; i < to && sw.err == nil; i++ {
		sw.writeString(line)
		p.elem(sw, i, prefix)
		if i < p.n-1 {
			sw.writeString(",")
		}
	}
}
