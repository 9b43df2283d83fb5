package inspector

import (
	"testing"
	"unsafe"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestInternedTextScansAsDatabaseSQL reads real MariaDB values of each kind, through the text
// protocol (no arguments) and the binary one (a prepared statement, as the catalog queries
// are), into database/sql's *string and **string and into the interning scanners: the same
// values, the same NULLs, and an error exactly where database/sql gives one.
func TestInternedTextScansAsDatabaseSQL(t *testing.T) {
	db := dbtest.MySQL(t)
	const cols = `'plain', '', 'Ünïcode ✓', NULL, 42, -7, 18446744073709551615, 1.5, CAST(2.25 AS DOUBLE),
		CAST('2020-01-02 03:04:05' AS DATETIME), CAST('2020-01-02' AS DATE), X'00FF', TRUE, REPEAT('long', 40)`
	for _, query := range []string{"SELECT " + cols, "SELECT " + cols + " FROM DUAL WHERE ? = 1"} {
		var args []any
		if len(query) > len("SELECT "+cols) {
			args = []any{1}
		}
		rows, err := db.Admin.Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := rows.Columns()
		if !rows.Next() {
			t.Fatalf("%s: no row: %v", query, rows.Err())
		}
		m := &mysqlQueries{}
		for i := range n {
			plain, interned := make([]any, len(n)), make([]any, len(n))
			for j := range n {
				plain[j], interned[j] = new(any), new(any)
			}
			var want, got string
			var wantNull, gotNull *string
			plain[i], interned[i] = &want, m.text(&got)
			wantErr, gotErr := rows.Scan(plain...), rows.Scan(interned...)
			if (wantErr == nil) != (gotErr == nil) || want != got {
				t.Errorf("column %d as string: database/sql %q (%v), interned %q (%v)", i, want, wantErr, got, gotErr)
			}
			plain[i], interned[i] = &wantNull, m.nullText(&gotNull)
			wantErr, gotErr = rows.Scan(plain...), rows.Scan(interned...)
			if (wantErr == nil) != (gotErr == nil) || (wantNull == nil) != (gotNull == nil) || wantNull != nil && *wantNull != *gotNull {
				t.Errorf("column %d as *string: database/sql %v (%v), interned %v (%v)", i, wantNull, wantErr, gotNull, gotErr)
			}
		}
		rows.Close()
	}
}

// TestInternedTextShares: equal short texts of different rows share one copy, which is the
// point, and a value the driver reuses its buffer for is copied, not aliased.
func TestInternedTextShares(t *testing.T) {
	m := &mysqlQueries{}
	var a, b, c string
	buf := []byte("t00001")
	if err := m.text(&a).Scan(buf); err != nil {
		t.Fatal(err)
	}
	copy(buf, "xxxxxx") // the driver's next row
	if a != "t00001" {
		t.Fatalf("the scanned text follows the driver's buffer: %q", a)
	}
	if err := m.text(&b).Scan([]byte("t00001")); err != nil {
		t.Fatal(err)
	}
	if err := m.text(&c).Scan([]byte("t00002")); err != nil {
		t.Fatal(err)
	}
	if unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("two equal texts are two copies")
	}
	if c != "t00002" {
		t.Errorf("c = %q", c)
	}
}
