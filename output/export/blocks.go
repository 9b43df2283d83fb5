package export

import "io"

// blockText is text built in blocks of a fixed size and written out as they are: a
// 20,000-table module (tens of MB) is held once, where a strings.Builder grew it by copying
// into ever bigger arrays (up to twice its size held while it grew) and String() plus
// io.WriteString to a plain io.Writer made two more copies of the whole. The header of a
// module names what its body turned out to need (imports, helper classes), so the body is
// built before anything is written.
type blockText struct {
	blocks [][]byte
}

const textBlockSize = 64 << 10

// WriteString appends s.
func (b *blockText) WriteString(s string) (int, error) { return appendText(b, s), nil }

// Write appends p (for fmt.Fprintf).
func (b *blockText) Write(p []byte) (int, error) { return appendText(b, p), nil }

func appendText[T string | []byte](b *blockText, s T) int {
	n := len(s)
	for len(s) > 0 {
		last := b.room()
		k := min(len(s), cap(last)-len(last))
		b.blocks[len(b.blocks)-1] = append(last, s[:k]...)
		s = s[k:]
	}
	return n
}

// room is the last block, a new one when it is full.
func (b *blockText) room() []byte {
	if n := len(b.blocks); n > 0 && len(b.blocks[n-1]) < cap(b.blocks[n-1]) {
		return b.blocks[n-1]
	}
	b.blocks = append(b.blocks, make([]byte, 0, textBlockSize))
	return b.blocks[len(b.blocks)-1]
}

// WriteTo writes the text to w block by block, letting each go once written.
func (b *blockText) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for i, block := range b.blocks {
		n, err := w.Write(block)
		total += int64(n)
		if err != nil {
			return total, err
		}
		b.blocks[i] = nil
	}
	b.blocks = nil
	return total, nil
}
