package export

import (
	"slices"
	"testing"
)

func TestSQLAlchemyColumnType(t *testing.T) {
	pg := postgresFixture()
	my := mysqlFixture()
	for _, c := range []struct {
		name, schema, table, column string
		want                        SQLAlchemyType
	}{
		{"pg varchar", "public", "person", "name", SQLAlchemyType{Expr: "sa.String(80)", Python: "str", Imports: []string{"import sqlalchemy as sa"}}},
		{"pg array", "public", "person", "tags", SQLAlchemyType{Expr: "sa_pg.ARRAY(sa.Text())", Python: "typing.List[str]",
			Imports: []string{"import sqlalchemy as sa", "from sqlalchemy.dialects import postgresql as sa_pg"}}},
		{"pg collation", "public", "person", "type", SQLAlchemyType{Expr: `sa.Text(collation="C")`, Python: "str", Imports: []string{"import sqlalchemy as sa"}}},
		{"pg domain", "public", "person", "age", SQLAlchemyType{Expr: `RawType("posint")`, Python: "typing.Any", Imports: []string{"import sqlalchemy as sa"}, Raw: true}},
		{"mysql unsigned", "shop", "product", "id", SQLAlchemyType{Expr: "sa_mysql.INTEGER(unsigned=True)", Python: "int",
			Imports: []string{"import sqlalchemy as sa", "from sqlalchemy.dialects import mysql as sa_mysql"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := pg
			if c.schema == "shop" {
				db = my
			}
			col := db.Schema(c.schema).Table(c.table).Column(c.column)
			got := SQLAlchemyColumnType(db, c.schema, *col)
			if got.Expr != c.want.Expr || got.Python != c.want.Python || got.Raw != c.want.Raw || !slices.Equal(got.Imports, c.want.Imports) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	if got := SQLAlchemyServerDefault(my, *my.Schema("shop").Table("product").Column("updated")); got != `sa.text("current_timestamp() ON UPDATE current_timestamp()")` {
		t.Errorf("server default: %s", got)
	}
	if got := SQLAlchemyServerDefault(pg, *pg.Schema("public").Table("person").Column("tags")); got != "" {
		t.Errorf("no default: %q", got)
	}
}
