package diff

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// postgresGeneratedByRegexp is postgresGenerated as it was written with a regular expression
// and the key parts joined: the reference the hand-written scanner must agree with.
func postgresGeneratedByRegexp(c nameContext, name string) bool {
	m := regexp.MustCompile(`^(.+)_(pkey|key|fkey|check|idx|excl)\d*$`).FindStringSubmatch(name)
	if m == nil {
		return false
	}
	stem, suffix := m[1], m[2]
	switch suffix {
	case "pkey":
		return (c.object == ObjPrimaryKey || c.object == ObjIndex) && truncatedMatch(stem, c.table)
	case "fkey":
		if c.object != ObjForeignKey {
			return false
		}
	case "check":
		if c.object != ObjCheck {
			return false
		}
		return strings.HasPrefix(stem, c.table) || truncatedMatch(stem[:min(len(stem), len(c.table))], c.table)
	}
	if len(c.columns) == 0 {
		return strings.HasPrefix(stem, c.table+"_") || len(name) >= 56 && len(c.table) > 8 && strings.HasPrefix(name, c.table[:8])
	}
	parts := make([]string, len(c.columns))
	for i, col := range c.columns {
		parts[i] = col
		if !plainWord(strings.ToLower(col)) || strings.ContainsAny(col, "() ") {
			parts[i] = "expr"
		}
	}
	return truncatedMatch(stem, c.table+"_"+strings.Join(parts, "_"))
}

// hostileNames are constraint and index names at the edges of PostgreSQL's generated shape.
var hostileNames = []string{
	"", "_", "key", "_key", "__key", "a_key", "a__key", "a_key_", "a_pkey", "a_fkey", "a_ppkey", "a_p_key",
	"t_pkey", "t_pkey1", "t_pkey01", "t_pkey_key", "t_key_pkey", "t_check", "t_checkk", "t_chec", "t_idx", "t_excl9",
	"t_c1_key", "t_c1_c2_idx", "t_c1_c2_idx12", "t_c1__c2_idx", "t_c1_c2", "t_c1_c2_", "t_expr_idx", "t_expr_expr_idx",
	"t_KEY", "T_pkey", "t_Pkey", "t_key ", " t_key", "t\n_key", "\n_key", "a\nb_key", "t_key\n", "t_key\n1", "t\r_key",
	"t_key١", "t_idx²", "é_idx", "t_é_idx", "\xff_idx", "t_\xff_key", "\xff", "t.c_key", `"t"_key`, "t_c1_key1_key",
	strings.Repeat("t", 70) + "_pkey", strings.Repeat("t", 58) + "_c1_key", strings.Repeat("abcdefgh", 8) + "_idx",
	"orders_user_id_total_idx", "orders_user_id_idx", "orders_open_idx", "orders_total_check", "users_email_key1",
}

// TestPostgresGeneratedIsTheRegexp: the hand-written scanner of PostgreSQL's generated names
// decides as the regular expression and joined key parts did, for hostile names against
// every object kind and hostile tables and key columns.
func TestPostgresGeneratedIsTheRegexp(t *testing.T) {
	tables := []string{"t", "", "T", "t_c1", strings.Repeat("t", 70), "orders", "abcdefghij", "é"}
	columnSets := [][]string{nil, {"c1"}, {"c1", "c2"}, {"C1"}, {"lower(c1)"}, {"c 1"}, {"user_id"}, {"user_id", "total"},
		{"expr"}, {""}, {"c1", ""}, {"é"}, {strings.Repeat("c", 60)}}
	objects := []Object{ObjPrimaryKey, ObjUnique, ObjForeignKey, ObjCheck, ObjIndex, ObjExclusion}
	n := 0
	for _, name := range hostileNames {
		for _, table := range tables {
			for _, cols := range columnSets {
				for _, obj := range objects {
					c := nameContext{dialect: schema.Postgres, object: obj, table: table, columns: cols}
					if got, want := postgresGenerated(c, name), postgresGeneratedByRegexp(c, name); got != want {
						t.Errorf("postgresGenerated(%s on %q %q, %q) = %v, the regexp says %v", obj, table, cols, name, got, want)
					}
					n++
				}
			}
		}
	}
	t.Logf("%d cases", n)
}

// FuzzPostgresGeneratedParts: the scanner splits a name as the regular expression does.
func FuzzPostgresGeneratedParts(f *testing.F) {
	for _, name := range hostileNames {
		f.Add(name)
	}
	re := regexp.MustCompile(`^(.+)_(pkey|key|fkey|check|idx|excl)\d*$`)
	f.Fuzz(func(t *testing.T, name string) {
		stem, suffix, ok := postgresGeneratedParts(name)
		m := re.FindStringSubmatch(name)
		if ok != (m != nil) || ok && (stem != m[1] || suffix != m[2]) {
			t.Fatalf("postgresGeneratedParts(%q) = %q, %q, %v; the regexp %q", name, stem, suffix, ok, m)
		}
	})
}

// hostileTexts are defaults and expressions the normalisation rules rewrite, or must not.
var hostileTexts = []string{
	"", " ", "0", "'0'", "'x'::character varying", "'X'::text", "NULL", "null", "NULL::text", "now()", "CURRENT_TIMESTAMP",
	"true", "TRUE", "'42'", "-1", "- 1", "nextval('s.t_id_seq'::regclass)", "nextval('t_id_seq'::regclass)",
	"CHECK ((c0 >= 0))", "(c0 >= 0)", "c0 >= 0", "c0>=0", "((c0 >= 0))", "(c0 != 1)", "c0 <> 1", "\"C0\" >= 0", "\"c0\" >= 0",
	"(s.f(c0) > 0)", "(\"s\".f(c0) > 0)", "(t.f(c0) > 0)", "nextval('t.t_id_seq'::regclass)", "\"t\".f(c0)", "c1 = ANY (ARRAY['a'::text, 'b'::text])", "c1 IN ('a', 'b')", "lower((email)::text)",
	"'it''s'", "'a\\'b'", "$$x$$", "$t$ y $t$", "-- c\n1", "/* c */ 1", "x::integer AS int4", "(c0 > 0) AND (c1 < 2)", "é > 'ü'",
	"\xff", "c0 > 0;", "c0 > 0 ;;", "CASE WHEN c0 > 0 THEN 1 ELSE 0 END",
}

// shortcutModels are pairs of models whose defaults, checks, index predicates and expressions
// are every hostile text, on both sides in the same place (so the equal-text shortcut is
// taken) and each against the next (so it is not), with schemas paired under another name
// (renames: no shortcut may apply; the texts naming schema t read as s on the side whose
// schema t is paired with s) and across dialects.
func shortcutModels(d schema.Dialect, schemaName string) *schema.Database {
	sc := schema.Schema{Name: schemaName}
	types := []string{"integer", "INTEGER", "int4", "int", "bigint", "character varying(20)", "varchar(20)", "VARCHAR (20)",
		"timestamp", "timestamptz", "timestamp(3) with time zone", "int(11)", "tinyint(1)", "decimal", "numeric(10)", `"Mood"`, ""}
	for i, text := range hostileTexts {
		t := schema.Table{Name: fmt.Sprintf("t%02d", i)}
		for j, def := range []string{text, hostileTexts[(i+1)%len(hostileTexts)]} {
			c := schema.Column{Name: fmt.Sprintf("c%d", j), Type: types[(i+j)%len(types)], Nullable: true, Default: schema.Ptr(def)}
			if j == 0 || i%3 == 0 { // c0's start differs from the next table's
				c.Identity = &schema.Identity{Generation: "ALWAYS", SequenceOptions: schema.SequenceOptions{Start: int64(i % 2), Increment: 1}}
			}
			if d == schema.MySQL {
				c.MySQL = &schema.MySQLColumn{OnUpdate: def}
			}
			t.Columns = append(t.Columns, c)
		}
		t.Checks = []schema.Check{{Name: fmt.Sprintf("ck%02d", i), Expression: text}}
		t.Indexes = []schema.Index{
			{Name: fmt.Sprintf("ix%02d", i), Parts: []schema.IndexPart{{Column: "c0"}}, Where: text},
			{Name: fmt.Sprintf("ex%02d", i), Parts: []schema.IndexPart{{Expression: text}}},
		}
		sc.Tables = append(sc.Tables, t)
	}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

// TestTextShortcutsCompareAlike: the canonical-text cache and the equal-text shortcuts (of
// defaults, types, identities) give
// the Result of normalising every text anew: same dialect and across dialects, schemas paired
// by name and under another name, texts equal and different, on one core and on every core.
func TestTextShortcutsCompareAlike(t *testing.T) {
	type pair struct {
		name     string
		from, to *schema.Database
		opts     Options
	}
	var pairs []pair
	for _, d := range schema.Dialects {
		pairs = append(pairs, pair{string(d) + " same", shortcutModels(d, "s"), shortcutModels(d, "s"), Options{}})
		shifted := shortcutModels(d, "s")
		for i := range shifted.Schemas[0].Tables { // each table's texts are the next table's
			next := shortcutModels(d, "s").Schemas[0].Tables[(i+1)%len(hostileTexts)]
			tb := &shifted.Schemas[0].Tables[i]
			tb.Columns, tb.Checks = next.Columns, next.Checks
			tb.Indexes[0].Where, tb.Indexes[1].Parts = next.Indexes[0].Where, next.Indexes[1].Parts
		}
		pairs = append(pairs, pair{string(d) + " shifted", shortcutModels(d, "s"), shifted, Options{}})
		pairs = append(pairs, pair{string(d) + " renamed", shortcutModels(d, "s"), shortcutModels(d, "t"),
			Options{SchemaMap: map[string]string{"s": "t"}}})
		pairs = append(pairs, pair{string(d) + " scale", scalemodel.Build(d, 600), alteredCopy(d, 600), Options{}})
		for _, other := range schema.Dialects {
			if other != d {
				pairs = append(pairs, pair{string(d) + " to " + string(other), shortcutModels(d, "s"), shortcutModels(other, "s"), Options{}})
			}
		}
	}
	saved := parallelTables
	defer func() { textShortcuts, parallelTables = true, saved }()
	for _, p := range pairs {
		for _, par := range []int{1 << 30, 8} {
			parallelTables = par
			textShortcuts = false
			want := Compare(p.from, p.to, p.opts)
			textShortcuts = true
			got := Compare(p.from, p.to, p.opts)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (parallel from %d tables): with the shortcuts %d changes %v, without %d %v", p.name, par,
					len(got.Changes), summary(got), len(want.Changes), summary(want))
			}
		}
	}
}

// TestKeepColumnIsMatchGlobs: keepColumn, which makes a column's names only for globs of
// their number of dots, decides as matchGlobs over both names, for names with dots and globs
// of every depth.
func TestKeepColumnIsMatchGlobs(t *testing.T) {
	names := []string{"t", "a.b", "c", "x.y.z", "", "*", "t.c"}
	globs := [][]string{nil, {"schema_migrations", "goose_db_version"}, {"t.c"}, {"*.c"}, {"s.t.c"}, {"*.*.*"}, {"a.b.c"},
		{"s.a.b.c"}, {"*.*"}, {"s.*.*", "x"}, {"*.x.y.z"}, {"[ab].b.c", "t.?"}, {"*"}, {"s.*"}}
	for _, g := range globs {
		d := newDiffer(&schema.Database{}, &schema.Database{}, Options{Exclude: g})
		for _, sc := range names {
			for _, tb := range names {
				for _, col := range names {
					want := !matchGlobs(g, tb+"."+col, sc+"."+tb+"."+col)
					if got := d.keepColumn(sc, tb, col); got != want {
						t.Errorf("Exclude %q: keepColumn(%q, %q, %q) = %v, matchGlobs says %v", g, sc, tb, col, got, want)
					}
				}
			}
		}
	}
}

// TestPlainPartsTextIsEachPartText: index key parts that are plain columns are written as the
// part-by-part writer writes them, canonical and shown, for each dialect (SQLite folds case)
// and across dialects.
func TestPlainPartsTextIsEachPartText(t *testing.T) {
	lists := [][]schema.IndexPart{nil, {}, {{Column: "a"}}, {{Column: "A"}}, {{Column: "a"}, {Column: "B"}},
		{{Column: "a b"}, {Column: `"q"`}, {Column: "é"}}, {{Column: "x, y"}}, {{Column: ""}}}
	for _, from := range schema.Dialects {
		for _, to := range schema.Dialects {
			d := newDiffer(&schema.Database{Dialect: from}, &schema.Database{Dialect: to}, Options{})
			for _, parts := range lists {
				if !plainParts(parts) {
					continue
				}
				for _, canon := range []bool{true, false} {
					if got, want := d.partsText(d.from, parts, canon), d.eachPartText(d.from, parts, canon); got != want {
						t.Errorf("%s to %s, %v (canon %v): %q, part by part %q", from, to, parts, canon, got, want)
					}
				}
			}
		}
	}
}
