package schema

import (
	"bytes"
	"encoding/json"
	"testing"
)

// indentCases are JSON documents with what could throw the indenter off: punctuation, quotes
// and backslashes inside strings, empty and nested objects and arrays, every kind of scalar.
var indentCases = []string{
	`{}`, `[]`, `""`, `0`, `null`, `true`, `[[]]`, `{"a":{}}`, `[{},[],{"b":[]}]`,
	`{"a":"x,y:{z}[w]","b":"\"quoted\", \\\"","c":"\\","d":"\\\\\"","e":-1.5e+10,"f":[1,2,[3,{"g":null}]]}`,
	`{"name":"Hostile \"Schema\"","type":"\u2028 <&> é ü \ufffd \t\n","empty":[],"o":{"":""}}`,
	`[false,"{","}","[","]",",",":","\\\\","\"\""]`,
}

// TestIndentMatchesEncodingJSON: indent lays compact JSON out byte for byte as json.Indent,
// which the Encoder's SetIndent uses, at a prefix and without.
func TestIndentMatchesEncodingJSON(t *testing.T) {
	for _, c := range indentCases {
		for _, prefix := range []string{"", "      "} {
			checkIndent(t, []byte(c), prefix)
		}
	}
	// A whole model as the snapshot writer encodes it.
	db := &Database{FormatVersion: FormatVersion, Dialect: Postgres, Schemas: []Schema{{Name: `s"x`,
		Tables: []Table{{Name: "t", Columns: []Column{{Name: "a,b", Type: `text "q"`, Default: Ptr(`'{}'::jsonb`)}},
			Indexes: []Index{{Name: "i", Columns: []string{}, Parts: []IndexPart{{Column: "a,b", Desc: true}}}}}}}}}
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(db); err != nil {
		t.Fatal(err)
	}
	checkIndent(t, compact.Bytes(), "  ")
}

func checkIndent(t *testing.T, compact []byte, prefix string) {
	t.Helper()
	var want bytes.Buffer
	if err := json.Indent(&want, compact, prefix, indentUnit); err != nil {
		t.Fatalf("%s: %v", compact, err)
	}
	if got := indent(nil, compact, prefix, indentUnit); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("indent(%s, %q):\n got %s\nwant %s", compact, prefix, got, want.Bytes())
	}
}

// FuzzIndent: on any valid JSON, compacted as encoding/json writes it, indent and json.Indent
// agree.
func FuzzIndent(f *testing.F) {
	for _, c := range indentCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			return
		}
		compact.WriteByte('\n') // the Encoder ends each value so
		checkIndent(t, compact.Bytes(), "  ")
	})
}
