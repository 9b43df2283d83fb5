package export

import (
	"context"
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
)

// The round trip of issue 6 for the model formats, over the whole corpus: inspect a corpus
// schema, export it as SQLAlchemy (create_all) or GORM (AutoMigrate), create a fresh database
// from that, inspect it, and diff.Compare the two. The SQL format's round trip is
// TestExportSQLRoundTrip in the main package (it goes through the command line).

func inspectTarget(t *testing.T, target string) *schema.Database {
	t.Helper()
	tg, err := drivers.Resolve(target)
	if err != nil {
		t.Fatal(err)
	}
	db, err := inspector.Inspect(context.Background(), tg, inspector.Options{})
	if err != nil {
		t.Fatalf("inspect %s: %v", target, err)
	}
	return db
}

// loadCorpus creates a corpus schema in a fresh database and returns its target.
func loadCorpus(t *testing.T, name string, d schema.Dialect) string {
	t.Helper()
	db := dbtest.Fresh(t, d)
	db.LoadFile(t, dbtest.Corpus(t, name, string(d)))
	return db.URL
}

// differences lists what diff.Compare finds between the original and its re-creation.
func differences(want, got *schema.Database, o diff.Options) []string {
	var out []string
	for _, c := range diff.Compare(want, got, o).Changes {
		out = append(out, string(c.Action)+" "+string(c.Object)+" "+strings.TrimPrefix(c.Table+"."+c.Name, ".")+" "+fieldsText(c.Fields))
	}
	return out
}

func fieldsText(fs []diff.FieldChange) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, string(f.Field)+": "+f.From+" → "+f.To)
	}
	return strings.Join(parts, "; ")
}

// roundTrip14 also runs the Column-style models of every corpus schema on Debian's SQLAlchemy
// 1.4 (the fixtures always are: TestSQLAlchemyCreateAll); off by default to halve the time.
var roundTrip14 = flag.Bool("roundtrip14", false, "TestSQLAlchemyCorpusRoundTrip: also the --sqlalchemy 1.4 output on SQLAlchemy 1.4")

func TestSQLAlchemyCorpusRoundTrip(t *testing.T) {
	pythonPath := sqlalchemy2(t)
	for _, d := range []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL} {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				original := inspectTarget(t, loadCorpus(t, name, d))
				module := render(t, "sqlalchemy", Options{}, original)
				again := inspectTarget(t, createAll(t, d, module, pythonPath))
				for _, c := range differences(original, again, diff.Options{}) {
					t.Errorf("round trip differs (SQLAlchemy 2 style, on 2.0): %s", c)
				}
				if !*roundTrip14 {
					return
				}
				again = inspectTarget(t, createAll(t, d, render(t, "sqlalchemy", Options{SQLAlchemy: 1}, original)))
				for _, c := range differences(original, again, diff.Options{}) {
					t.Errorf("round trip differs (--sqlalchemy 1.4, on 1.4): %s", c)
				}
			})
		}
	}
}

// The GORM round trip: the export's Migrate (AutoMigrate of each model with foreign keys
// off, then each foreign key through the Migrator) on a fresh database, compared with the
// original. What GORM cannot create, and how the test deals with it:
//
//   - Before Migrate the test runs the SQL export's prelude (prelude in export_test.go):
//     schemas, extensions, collations, text search configurations, enums, domains, composite
//     types, sequences other than a serial column's own, and the functions the SQL export
//     writes before its tables. AutoMigrate creates none of them and the export's NOTEs say
//     the models need them. They are compared like everything else.
//   - gormIgnore: views, triggers, functions (routines), policies and rules have no GORM form
//     (the export lists them in NOTEs) and are left out of the comparison; functions that the
//     SQL export writes after the tables are therefore missing on the GORM side. Nor has a
//     UNIQUE constraint apart from a unique index (gorm writes uniqueIndex): unique-kind; nor
//     constraint names of a person's choosing for keys gorm names itself (names), nor storage
//     settings (storage).
//   - gormExclude: tables GORM cannot create, left out by name: SQLite virtual tables and the
//     shadow tables their module keeps (synapse's FTS4 event_search; AutoMigrate writes
//     CREATE TABLE only, and the pure-Go driver has no FTS4 anyway), and PostgreSQL
//     partitions (pagila's payment_p2022_*: CREATE TABLE … PARTITION OF has no column list
//     for gorm to write; the partitioned parent itself is created, via gorm:table_options).
//   - gormCannot: two single differences gorm forces, each checked against the original:
//     a table without a primary key but with a column id (or ID) gets that column as its
//     primary key (gorm's schema parser makes it one, whatever the tags say: rt/sqlite Groups
//     and Users, nine musicbrainz tables), and a DEFERRABLE unique constraint becomes a plain
//     unique index (gorm has no deferrable constraints: three in musicbrainz).
var gormIgnore = []diff.Category{diff.CatViews, diff.CatTriggers, diff.CatFunctions, diff.CatPolicies, diff.CatRules, diff.CatUniqueKind,
	diff.CatNames, diff.CatStorage}

// gormExclude lists the tables GORM cannot create: SQLite virtual tables (and the shadow
// tables their module keeps) and PostgreSQL partitions.
func gormExclude(db *schema.Database) []string {
	var out []string
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			if (t.SQLite != nil && t.SQLite.Module != "") || isShadow(virtualTables(&sc), t.Name) || (t.Postgres != nil && t.Postgres.PartitionOf != nil) {
				out = append(out, sc.Name+"."+t.Name)
			}
		}
	}
	return out
}

// gormCannot says why a difference is one gorm forces (see above), or "".
func gormCannot(c diff.Change, original *schema.Database) string {
	sc := original.Schema(c.Schema)
	if sc == nil {
		return ""
	}
	t := sc.Table(c.Table)
	if t == nil {
		return ""
	}
	fields := map[diff.Field]bool{}
	for _, f := range c.Fields {
		fields[f.Field] = true
	}
	hasID := false
	for _, col := range t.Columns {
		hasID = hasID || col.Name == "id" || col.Name == "ID"
	}
	switch {
	case t.PrimaryKey == nil && hasID && c.Object == diff.ObjPrimaryKey && c.Action == diff.Add,
		t.PrimaryKey == nil && hasID && c.Object == diff.ObjColumn && c.Action == diff.Modify &&
			(c.Name == "id" || c.Name == "ID") && len(fields) == 1 && fields["nullable"]:
		return "gorm makes the column id of a table without a primary key its primary key"
	case c.Object == diff.ObjUnique && c.Action == diff.Modify && !slices.ContainsFunc(c.Fields, func(f diff.FieldChange) bool {
		return f.Field != "deferrable" && f.Field != "initially deferred"
	}):
		return "gorm has no deferrable unique constraints"
	}
	return ""
}

func TestGORMCorpusRoundTrip(t *testing.T) {
	for _, d := range []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL} {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				original := inspectTarget(t, loadCorpus(t, name, d))
				code := render(t, "gorm", Options{}, original)
				again := inspectTarget(t, autoMigrate(t, original, code))
				o := diff.Options{Ignore: gormIgnore, Exclude: gormExclude(original)}
				for _, c := range diff.Compare(original, again, o).Changes {
					text := string(c.Action) + " " + string(c.Object) + " " + strings.TrimPrefix(c.Table+"."+c.Name, ".") + " " + fieldsText(c.Fields)
					if why := gormCannot(c, original); why != "" {
						t.Logf("expected difference (%s): %s", why, text)
						continue
					}
					t.Errorf("round trip differs: %s", text)
				}
			})
		}
	}
}
