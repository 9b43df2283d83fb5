package export

import (
	"github.com/dbinspect/dbinspect/schema"
)

// SQLite's types as SQLAlchemy reads them back are in sqlitetypes.go.

func init() {
	register(&dialectRules{
		dialect:          schema.SQLite,
		product:          func(string) string { return "SQLite" },
		namedSchema:      func(string) bool { return false },
		columnCheck:      never,
		namedPrimaryKeys: true,
		autoIndexes:      true,
		partCollations:   true,
		charset:          noAttribute,
		onUpdate:         noAttribute,
		invisible:        noAttribute,

		// A type as SQLAlchemy reads it back (sqliteReflect): the models' columns use no other.
		saType: func(m *pyModule, typ, _ string) pyT { return m.sqliteColumnType(typ, "", false) },
		saColumnType: func(m *pyModule, _ string, c schema.Column, inPK bool) pyT {
			return m.sqliteColumnType(c.Type, c.Collation, inPK)
		},
		saDefault:      func(def string, _ schema.Column) string { return def },
		saIndexable:    func(*schema.Index) bool { return true },
		saIndexExpr:    sameText,
		saIndexOptions: sqliteIndexOptions,
		saSequenceArgs: pySequenceArgs,
		saTableOptions: sqliteTableOptions,
		saImplicitPK:   func(pk *schema.PrimaryKey, _ string) bool { return pk.Name == nil },
		saNullable:     sqliteNullable,

		gormQuote: '`',
		// gorm names every check it creates: an unnamed one goes into its column's type.
		gormInlineCheck:      func(ck schema.Check) bool { return ck.Name == "" },
		gormTableOptions:     func(*schema.Table) string { return "" }, // see goFile.tableOptions
		gormIndexMethod:      func(string) string { return "" },
		gormGeneratedNotNull: true,
	})
}

func sqliteIndexOptions(x schema.Index, _ []string) string {
	if x.Where != "" {
		return ", sqlite_where=" + pyText(x.Where)
	}
	return ""
}

// sqliteTableOptions: WITHOUT ROWID, and AUTOINCREMENT of a one-column key.
func sqliteTableOptions(t *schema.Table) [][2]string {
	var kv [][2]string
	if t.SQLite != nil && t.SQLite.WithoutRowID {
		kv = append(kv, [2]string{"sqlite_with_rowid", "False"})
	}
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 {
		if c := t.Column(t.PrimaryKey.Columns[0]); c != nil && c.AutoIncrement {
			kv = append(kv, [2]string{"sqlite_autoincrement", "True"})
		}
	}
	return kv
}

// sqliteNullable: SQLite reports a rowid alias (INTEGER PRIMARY KEY) declared without NOT
// NULL as nullable; dbinspect's model says NOT NULL (it cannot hold NULL), so the table's
// CREATE statement decides.
func sqliteNullable(t *schema.Table, c schema.Column) bool {
	if c.Nullable || t.SQLite == nil || t.SQLite.WithoutRowID || !inPK(t, c.Name) {
		return c.Nullable
	}
	if notNull, ok := sqliteDeclaresNotNull(t.SQLite.Definition, c.Name); ok {
		return !notNull
	}
	return c.Nullable
}
