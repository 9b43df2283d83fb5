package alembic

import (
	"slices"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// dialect is what the revision writes differently per dialect, beyond what package ddl's
// rules say (keys that are indexes, column checks, inline foreign keys). Each dialect fills
// one in below; TestDialectsConform fails for a dialect of schema.Dialects without one, and
// Write refuses a plan of a dialect that has none.
type dialect struct {
	ddl *ddl.Rules
	// batch: a table rebuild is written as batch_alter_table (SQLite).
	batch bool
	// commentsApart: comments are COMMENT ON steps of their own (PostgreSQL), not Column's.
	commentsApart bool
	// schemas: the revision's schemas are the server's (PostgreSQL): a statement in a schema
	// the target names otherwise (a schema map) stays SQL.
	schemas bool
	// implicitSchema reports a schema name the operations leave out (MySQL's database,
	// SQLite's main, PostgreSQL's public on the search path).
	implicitSchema func(name string) bool
	// serialKeys: SQLAlchemy's autoincrement means SERIAL, which the model says as identity
	// or a default (PostgreSQL); elsewhere it is the column's AUTO_INCREMENT/AUTOINCREMENT.
	serialKeys bool
	// restrictDefault: RESTRICT is the foreign key action a key without one reads back as
	// (MariaDB), so it is left out.
	restrictDefault bool
	// matches: a foreign key's MATCH is an argument of its own (PostgreSQL).
	matches bool
	// tableKwargs are op.create_table's dialect arguments, or false for a table Alembic
	// cannot create exactly as the SQL does.
	tableKwargs func(t *schema.Table) ([]string, bool)
}

var dialects = schema.RegistryOf("alembic", map[schema.Dialect]*dialect{
	schema.Postgres: {
		ddl: ddl.RulesOf(schema.Postgres), commentsApart: true, schemas: true, serialKeys: true, matches: true,
		implicitSchema: func(name string) bool { return name == "public" },
		tableKwargs:    pgTableKwargs,
	},
	schema.MySQL: {
		ddl: ddl.RulesOf(schema.MySQL), restrictDefault: true,
		implicitSchema: func(string) bool { return true },
		tableKwargs:    mysqlTableKwargs,
	},
	schema.SQLite: {
		ddl: ddl.RulesOf(schema.SQLite), batch: true,
		implicitSchema: func(name string) bool { return name == "main" },
		tableKwargs:    sqliteTableKwargs,
	},
})

func dialectOf(d schema.Dialect) (*dialect, error) {
	return dialects.Lookup(d)
}

// pgTableKwargs: partitions, inheritance, exclusion constraints, UNLOGGED and storage
// options are SQL only.
func pgTableKwargs(t *schema.Table) ([]string, bool) {
	if pg := t.Postgres; pg != nil && (pg.Unlogged || pg.PartitionKey != "" || pg.PartitionOf != nil || len(pg.Inherits) > 0 ||
		len(pg.Exclusions) > 0 || len(pg.With) > 0) {
		return nil, false
	}
	return nil, true
}

// mysqlTableKwargs: engine, charset, collation and comment; other options are SQL only.
func mysqlTableKwargs(t *schema.Table) ([]string, bool) {
	var kw []string
	if my := t.MySQL; my != nil {
		if my.RowFormat != "" || my.Partitioning != "" || my.CreateOptions != "" {
			return nil, false
		}
		for _, a := range []struct{ key, val string }{{"mysql_engine", my.Engine}, {"mysql_charset", my.Charset}, {"mysql_collate", my.Collation}} {
			if a.val != "" {
				kw = append(kw, a.key+"="+py(a.val))
			}
		}
	}
	if t.Comment != nil {
		kw = append(kw, "comment="+py(*t.Comment))
	}
	return kw, true
}

// sqliteTableKwargs: sqlite_autoincrement; STRICT, WITHOUT ROWID and virtual tables are SQL
// only.
func sqliteTableKwargs(t *schema.Table) ([]string, bool) {
	if lt := t.SQLite; lt != nil && (lt.Strict || lt.WithoutRowID || lt.Module != "") {
		return nil, false
	}
	if slices.ContainsFunc(t.Columns, func(c schema.Column) bool { return c.AutoIncrement }) {
		return []string{"sqlite_autoincrement=True"}, true
	}
	return nil, true
}
