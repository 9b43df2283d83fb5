package export

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// The SQLAlchemy type and default rendering, for other writers of Python (the Alembic
// migration format of diff). They spell a column exactly as the models of
// export --format sqlalchemy do, so a migration and the models agree.

// SQLAlchemyType is a column type as SQLAlchemy code writes it.
type SQLAlchemyType struct {
	// Expr is the type expression: sa.String(80), sa_pg.ARRAY(sa.Text()), RawType("…").
	Expr string
	// Python is the type of the column's values, for Mapped[...] ("str", "decimal.Decimal").
	Python string
	// Imports are the import lines Expr needs, in order ("import sqlalchemy as sa", …).
	Imports []string
	// Raw says Expr uses RawType, which the module must define: SQLAlchemyRawTypeSource.
	Raw bool
	// Defines is the Python source of the classes Expr uses that the module must define
	// (RawType, SQLiteType), "" when none.
	Defines string
}

// SQLAlchemyRawTypeSource is the Python definition of RawType, the type an Expr uses for a
// column type SQLAlchemy has no class for: it writes the database's own spelling.
const SQLAlchemyRawTypeSource = `class RawType(sa.types.UserDefinedType):
    """A column type written exactly as the database reported it."""

    cache_ok = True

    def __init__(self, ddl):
        self.ddl = ddl

    def get_col_spec(self, **kw):
        return self.ddl
`

// SQLAlchemyColumnType is the SQLAlchemy type of col, a column of a table in schemaName of db
// (db gives the dialect and the enums a PostgreSQL type may name). Collations, MySQL
// charsets, ON UPDATE without a default and INVISIBLE are part of it, as in the models.
func SQLAlchemyColumnType(db *schema.Database, schemaName string, col schema.Column) SQLAlchemyType {
	m := &pyModule{d: db.Dialect, db: db}
	t := m.columnPyT(schemaName, col, false)
	out := SQLAlchemyType{Expr: t.expr, Python: t.py, Imports: m.imports(), Raw: strings.Contains(t.expr, "RawType(")}
	if out.Raw {
		out.Defines = SQLAlchemyRawTypeSource
	}
	if m.usesSQLiteType {
		out.Defines += sqliteTypeSource
	}
	return out
}

// SQLAlchemyServerDefault is col's server_default argument (sa.text("…"), a ":" escaped so
// text() binds nothing), or "" when it has none. A MySQL ON UPDATE is part of it, the way
// MySQL reports it.
func SQLAlchemyServerDefault(db *schema.Database, col schema.Column) string {
	m := &pyModule{d: db.Dialect, db: db}
	return m.serverDefault(col)
}

// imports are the import lines the expressions written so far need.
func (m *pyModule) imports() []string {
	out := []string{"import sqlalchemy as sa"}
	if m.usesPG {
		out = append(out, "from sqlalchemy.dialects import postgresql as sa_pg")
	}
	if m.usesMy {
		out = append(out, "from sqlalchemy.dialects import mysql as sa_mysql")
	}
	return out
}
