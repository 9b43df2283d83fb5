package diff

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Schemas paired under different names (--schema-map tenant_a=tenant_b, one tenant schema
// against a baseline's) hold the same objects, but the server writes each one's own schema
// name into the text of views, defaults, indexes, triggers and routines:
// "FROM tenant_b.orders", nextval('tenant_b.orders_id_seq'::regclass), "EXECUTE FUNCTION
// tenant_b.touch()". Before such text is compared, the TO side's qualifiers are read as the
// FROM schema they are paired with, as foreign key targets already are (side.canon). Only
// qualifiers are rewritten (a name followed by a dot, or the schema part of a reg* literal),
// never identifiers elsewhere or text inside strings and bodies.

// requalify rewrites the schema qualifiers of toks found in renames (this side's schema name
// → the name it is compared as), spelled as the server spells a qualifier.
func requalify(d schema.Dialect, toks []token, renames map[string]string) []token {
	if len(renames) == 0 {
		return toks
	}
	for i := range toks {
		if name, ok := qualifierAt(d, toks, i); ok {
			if to, ok := renames[name]; ok {
				toks[i] = qualifierToken(d, to, toks[i])
			}
			continue
		}
		if lit, ok := regLiteralAt(d, toks, i, renames); ok {
			toks[i].text = lit
		}
	}
	return toks
}

// RequalifySQL rewrites the schema qualifiers of SQL text found in renames (old → new schema
// name), keeping everything else byte for byte: strings (but for the schema part of a
// PostgreSQL 'schema.name'::regclass literal), routine bodies and other identifiers stay as
// they are. The migration planner uses it to run TO's text in FROM's schemas.
func RequalifySQL(d schema.Dialect, text string, renames map[string]string) string {
	return requalifyText(d, text, renames)
}

// requalifyText rewrites the qualifiers of raw text (a routine or trigger definition) in
// place, keeping everything else byte for byte.
func requalifyText(d schema.Dialect, text string, renames map[string]string) string {
	if len(renames) == 0 {
		return text
	}
	toks := tokenize(text)
	orig := make([]string, len(toks))
	for i, t := range toks {
		orig[i] = t.text
	}
	requalify(d, toks, renames)
	var b strings.Builder
	last := 0
	for i, t := range toks {
		if t.text == orig[i] {
			continue
		}
		b.WriteString(text[last:t.pos])
		b.WriteString(t.text)
		last = t.pos + len(orig[i])
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// qualifierAt reports the name of the identifier at i when a dot follows it.
func qualifierAt(d schema.Dialect, toks []token, i int) (string, bool) {
	if i+1 >= len(toks) || toks[i+1].kind != tokOp || toks[i+1].text != "." {
		return "", false
	}
	if i > 0 && toks[i-1].kind == tokOp && toks[i-1].text == "." {
		return "", false // b in a.b.c is a table, not a schema
	}
	return identName(d, toks[i])
}

// identName is the name an identifier token stands for.
func identName(d schema.Dialect, t token) (string, bool) {
	switch t.kind {
	case tokWord:
		if rulesOf(d).lowersUnquoted {
			return strings.ToLower(t.text), true // PostgreSQL folds unquoted names
		}
		return t.text, true
	case tokIdent:
		if len(t.text) < 2 {
			return "", false
		}
		q := t.text[:1]
		return strings.ReplaceAll(t.text[1:len(t.text)-1], q+q, q), true
	}
	return "", false
}

// regLiteralAt rewrites a PostgreSQL object-name literal, 'tenant_b.orders_id_seq'::regclass,
// whose schema part is renamed.
func regLiteralAt(d schema.Dialect, toks []token, i int, renames map[string]string) (string, bool) {
	t := toks[i]
	if !rulesOf(d).regLiterals || t.kind != tokString || !strings.HasPrefix(t.text, "'") || len(t.text) < 2 ||
		i+2 >= len(toks) || toks[i+1].text != "::" || !strings.HasPrefix(strings.ToLower(toks[i+2].text), "reg") {
		return "", false
	}
	inner := strings.ReplaceAll(t.text[1:len(t.text)-1], "''", "'")
	parts := tokenize(inner)
	name, ok := qualifierAt(d, parts, 0)
	if !ok {
		return "", false
	}
	to, ok := renames[name]
	if !ok {
		return "", false
	}
	qualifier := qualifierToken(d, to, token{kind: tokWord}).text
	return "'" + strings.ReplaceAll(qualifier+inner[parts[1].pos:], "'", "''") + "'", true
}

// qualifierToken spells a schema name in place of the qualifier old: quoted when old was,
// else bare when it needs no quotes (as PostgreSQL's quote_ident writes it).
func qualifierToken(d schema.Dialect, name string, old token) token {
	pos := old.pos
	if old.kind == tokWord && plainWord(name) && !reservedWord(name) {
		return token{kind: tokWord, text: name, pos: pos}
	}
	q := rulesOf(d).identQuote
	return token{kind: tokIdent, text: q + strings.ReplaceAll(name, q, q+q) + q, pos: pos}
}
