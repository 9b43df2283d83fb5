package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// blockText keeps the text written to it, across block boundaries, through WriteString,
// Write and fmt.Fprintf, and writes it out once in blocks no bigger than textBlockSize.
func TestBlockTextKeepsTheText(t *testing.T) {
	var b blockText
	var want strings.Builder
	for i := range 5000 {
		s := strings.Repeat(string(rune('a'+i%26)), i%97) + "\n"
		switch i % 3 {
		case 0:
			b.WriteString(s)
		case 1:
			b.Write([]byte(s))
		default:
			fmt.Fprintf(&b, "%s", s)
		}
		want.WriteString(s)
	}
	big := strings.Repeat("x", 3*textBlockSize+5) // one write spanning several blocks
	b.WriteString(big)
	want.WriteString(big)
	var out bytes.Buffer
	w := &maxWriteRecorder{w: &out}
	n, err := b.WriteTo(w)
	if err != nil || n != int64(want.Len()) || out.String() != want.String() {
		t.Fatalf("wrote %d bytes (err %v), want the %d written", n, err, want.Len())
	}
	if w.max > textBlockSize {
		t.Errorf("a write of %d bytes, want blocks of at most %d", w.max, textBlockSize)
	}
	if b.blocks != nil {
		t.Errorf("%d blocks kept after WriteTo", len(b.blocks))
	}
}

type maxWriteRecorder struct {
	w   *bytes.Buffer
	max int
}

func (m *maxWriteRecorder) Write(p []byte) (int, error) {
	m.max = max(m.max, len(p))
	return m.w.Write(p)
}
