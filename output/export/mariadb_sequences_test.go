package export

import (
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// mariaDBSequences has MariaDB sequences of every kind of setting (a hostile name, NOCACHE,
// CYCLE, a negative increment, another engine, a comment) and a table whose defaults call them.
const mariaDBSequences = "CREATE SEQUENCE `sq``'; x` START WITH 100 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 20 CYCLE COMMENT='it''s ids';\n" +
	"CREATE SEQUENCE down START WITH 7 INCREMENT BY -1 MINVALUE -100 MAXVALUE 7 NOCACHE ENGINE=Aria;\n" +
	"CREATE TABLE orders (id bigint PRIMARY KEY DEFAULT NEXTVAL(`sq``'; x`), n bigint DEFAULT (NEXT VALUE FOR down), note varchar(20));"

// TestMariaDBSequencesExport: the SQL export and the SQLAlchemy models (create_all on SQLAlchemy
// 2.0 and on Debian's 1.4) re-create MariaDB sequences as they were: no difference.
func TestMariaDBSequencesExport(t *testing.T) {
	src := dbtest.Fresh(t, schema.MySQL)
	src.Exec(t, mariaDBSequences)
	original := inspectTarget(t, src.URL)
	if n := len(original.Schemas[0].Sequences); n != 2 {
		t.Fatalf("read %d sequences, want 2", n)
	}
	t.Run("sql", func(t *testing.T) {
		dst := dbtest.Fresh(t, schema.MySQL)
		dst.LoadScript(t, string(render(t, "sql", Options{}, original)))
		for _, c := range differences(original, inspectTarget(t, dst.URL), diff.Options{}) {
			t.Errorf("SQL export round trip differs: %s", c)
		}
	})
	t.Run("sqlalchemy2", func(t *testing.T) {
		again := inspectTarget(t, createAll(t, schema.MySQL, render(t, "sqlalchemy", Options{}, original), sqlalchemy2(t)))
		for _, c := range differences(original, again, diff.Options{}) {
			t.Errorf("SQLAlchemy 2 round trip differs: %s", c)
		}
	})
	t.Run("sqlalchemy1.4", func(t *testing.T) {
		again := inspectTarget(t, createAll(t, schema.MySQL, render(t, "sqlalchemy", Options{SQLAlchemy: 1}, original)))
		for _, c := range differences(original, again, diff.Options{}) {
			t.Errorf("SQLAlchemy 1.4 round trip differs: %s", c)
		}
	})
}
