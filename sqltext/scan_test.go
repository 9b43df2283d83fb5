package sqltext

import (
	"slices"
	"testing"
)

func TestQuotedEnd(t *testing.T) {
	cases := []struct {
		s           string
		backslashes bool
		want        int
	}{
		{`'abc' x`, false, 5},
		{`'it''s' x`, false, 7},
		{`'it\'s' x`, true, 7},
		{`'a\' x`, false, 4},
		{`"a""b" x`, false, 6},
		{"`a``b` x", false, 6},
		{`'open`, false, 5},
		{`'ends in \`, true, 10},
	}
	for _, c := range cases {
		if got := QuotedEnd(c.s, 0, c.backslashes); got != c.want {
			t.Errorf("QuotedEnd(%q, %v) = %d, want %d", c.s, c.backslashes, got, c.want)
		}
	}
}

func TestBracketAndComments(t *testing.T) {
	if got := BracketEnd("[a]]b", 0); got != 3 {
		t.Errorf("BracketEnd = %d", got)
	}
	if got := BracketEnd("[open", 0); got != 5 {
		t.Errorf("BracketEnd(open) = %d", got)
	}
	if got := LineCommentEnd("-- x\ny", 0); got != 4 {
		t.Errorf("LineCommentEnd = %d", got)
	}
	if got := LineCommentEnd("-- x", 0); got != 4 {
		t.Errorf("LineCommentEnd(eof) = %d", got)
	}
	s := "/* a /* b */ c */ d"
	if got := BlockCommentEnd(s, 0, true); got != 17 {
		t.Errorf("nested BlockCommentEnd = %d", got)
	}
	if got := BlockCommentEnd(s, 0, false); got != 12 {
		t.Errorf("flat BlockCommentEnd = %d", got)
	}
	if got := BlockCommentEnd("/* open", 0, true); got != 7 {
		t.Errorf("open BlockCommentEnd = %d", got)
	}
}

func TestDollar(t *testing.T) {
	for s, want := range map[string]string{"$$ x $$": "$$", "$fn$ x": "$fn$", "$f1$": "$f1$", "$1": "", "$1$": "", "$a b$": "", "$": ""} {
		if got := DollarTag(s); got != want {
			t.Errorf("DollarTag(%q) = %q, want %q", s, got, want)
		}
	}
	s := "$b$ it's $$ $b$;"
	if got := DollarEnd(s, 0, "$b$"); got != len(s)-1 {
		t.Errorf("DollarEnd = %d", got)
	}
}

func TestIsPlainIdent(t *testing.T) {
	for s, want := range map[string]bool{"order_id": true, "_x$1": true, "Order": false, "1a": false, "$a": false, "": false, "a b": false, "é": false} {
		if got := IsPlainIdent(s); got != want {
			t.Errorf("IsPlainIdent(%q) = %v", s, got)
		}
	}
}

func TestSplitTopLevel(t *testing.T) {
	cases := []struct {
		s    string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"a", []string{"a"}},
		{"a, f(b, c), 'd,e'", []string{"a", " f(b, c)", " 'd,e'"}},
		{`"x,y" int, b text DEFAULT 'it''s, here'`, []string{`"x,y" int`, ` b text DEFAULT 'it''s, here'`}},
		{"a integer[] DEFAULT ARRAY[1,2], b", []string{"a integer[] DEFAULT ARRAY[1,2]", " b"}},
		{"a text DEFAULT $$x,y$$, `b,c` int", []string{"a text DEFAULT $$x,y$$", " `b,c` int"}},
	}
	for _, c := range cases {
		if got := SplitTopLevel(c.s, ','); !slices.Equal(got, c.want) {
			t.Errorf("SplitTopLevel(%q) = %q, want %q", c.s, got, c.want)
		}
	}
}

func TestSplitQualified(t *testing.T) {
	cases := map[string][]string{
		"":                 {},
		"a":                {"a"},
		"s.t":              {"s", "t"},
		`"Co S"."natural"`: {"Co S", "natural"},
		`"a.b"."c""d"`:     {"a.b", `c"d`},
	}
	for s, want := range cases {
		if got := SplitQualified(s); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("SplitQualified(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestMatchingParenAndWrapped(t *testing.T) {
	cases := []struct {
		s       string
		open    int
		want    int
		wrapped bool
	}{
		{"(a + b)", 0, 6, true},
		{"(a) + (b)", 0, 2, false},
		{"(')' || \")\")", 0, 11, true},
		{"(`a)` > 0)", 0, 9, true},
		{"('it\\'s)')", 0, 9, true},
		{"(open", 0, -1, false},
		{"f(x, (y))", 1, 8, false},
	}
	for _, c := range cases {
		if got := MatchingParen(c.s, c.open, true); got != c.want {
			t.Errorf("MatchingParen(%q, %d) = %d, want %d", c.s, c.open, got, c.want)
		}
		if got := Wrapped(c.s, true); got != c.wrapped {
			t.Errorf("Wrapped(%q) = %v", c.s, got)
		}
	}
}
