package inspector

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

var recordMySQLRows = flag.Bool("record-mysql-rows", false, "re-record testdata/mysql/mariadb-10.11.json from the test server")

// flavourDDL is DDL that MariaDB 10.11 and MySQL 8.0 both accept and read the same way.
// testdata/mysql/mariadb-10.11.json holds the catalog rows MariaDB returns for it (recorded
// with -record-mysql-rows); testdata/mysql/mysql-8.0.json the rows MySQL 8.0 returns, written
// in MySQL 8's catalog shape: unquoted literal defaults, DEFAULT_GENERATED expressions with
// escaped quotes and charset introducers, CURRENT_TIMESTAMP in capitals, no display widths,
// a real json type, parenthesised checks and WHERE clauses, NO ACTION for an unspecified FK
// action, IS_VISIBLE and no check LEVEL. Database name in both: shop.
const flavourDDL = "CREATE TABLE parent (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, code varchar(10) NOT NULL DEFAULT 'it''s',\n" +
	"  UNIQUE KEY uq_code (code)) COMMENT='parents';\n" +
	"CREATE TABLE child (\n" +
	"  id bigint NOT NULL AUTO_INCREMENT,\n" +
	"  parent_id int unsigned DEFAULT NULL,\n" +
	"  flag tinyint(1) NOT NULL DEFAULT 0,\n" +
	"  small tinyint,\n" +
	"  amount decimal(12,2) DEFAULT 1.50,\n" +
	"  kind enum('a','b') DEFAULT 'a',\n" +
	"  doc json,\n" +
	"  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n" +
	"  label varchar(20) CHARACTER SET latin1,\n" +
	"  total bigint GENERATED ALWAYS AS (id * 2) VIRTUAL,\n" +
	"  tag varchar(30) AS (concat(kind, 'x')) STORED,\n" +
	"  note varchar(20) DEFAULT (concat('a','b')),\n" +
	"  PRIMARY KEY (id),\n" +
	"  KEY ix_amount (amount DESC, label(5)),\n" +
	"  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,\n" +
	"  CONSTRAINT ck_amount CHECK (amount >= 0)\n" +
	") COMMENT='children';\n" +
	"CREATE VIEW v_child AS SELECT child.id, child.amount, 'x' AS lit FROM child JOIN parent ON (parent.id = child.parent_id) WHERE child.amount > 1;\n" +
	"CREATE TRIGGER trg_child BEFORE INSERT ON child FOR EACH ROW SET NEW.note = 'trig';\n" +
	"CREATE FUNCTION f_add(a int) RETURNS int DETERMINISTIC RETURN a + 1;\n"

const flavourRowsDir = "testdata/mysql"

func loadMySQLRows(t *testing.T, file string) *mysqlCatalog {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(flavourRowsDir, file))
	if err != nil {
		t.Fatal(err)
	}
	var c mysqlCatalog
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &c
}

// TestMySQLRecordRows checks the recorded MariaDB rows still match the server, or re-records them.
func TestMySQLRecordRows(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, flavourDDL)
	tx, err := db.Admin.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	c, err := readMySQLCatalog(context.Background(), tx, Options{Schemas: []string{db.Name}})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.MarshalIndent(c, "", "  ")
	data = []byte(strings.ReplaceAll(string(data), db.Name, "shop"))
	file := filepath.Join(flavourRowsDir, "mariadb-10.11.json")
	if *recordMySQLRows {
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var recorded, live mysqlCatalog
	_ = json.Unmarshal(data, &live)
	recorded = *loadMySQLRows(t, "mariadb-10.11.json")
	for _, c := range []*mysqlCatalog{&live, &recorded} {
		for i := range c.Tables {
			c.Tables[i].Rows, c.Tables[i].DataLength, c.Tables[i].IndexLength = nil, nil, nil
		}
	}
	a, b := buildMySQL(&live), buildMySQL(&recorded)
	a.ServerVersion, b.ServerVersion = "", "" // a server upgrade alone needs no re-recording
	if !reflect.DeepEqual(a, b) {
		t.Errorf("the server's rows no longer build the recorded model: re-record with -record-mysql-rows")
	}
}

// TestMySQLSameModelBothFlavours: the same DDL gives the same model on MariaDB and MySQL 8,
// except for what is not the schema (server version, statistics).
func TestMySQLSameModelBothFlavours(t *testing.T) {
	maria := buildMySQL(loadMySQLRows(t, "mariadb-10.11.json"))
	mysql8 := buildMySQL(loadMySQLRows(t, "mysql-8.0.json"))
	if !strings.Contains(maria.ServerVersion, "MariaDB") || strings.Contains(mysql8.ServerVersion, "MariaDB") {
		t.Fatalf("versions %q and %q", maria.ServerVersion, mysql8.ServerVersion)
	}
	for _, m := range []*schema.Database{maria, mysql8} {
		m.ServerVersion = ""
		for i := range m.Schemas[0].Tables {
			m.Schemas[0].Tables[i].Stats = nil
		}
	}
	if !reflect.DeepEqual(maria, mysql8) {
		t.Errorf("models differ:\n%s", firstDifference(jsonOf(maria), jsonOf(mysql8)))
	}
}

// firstDifference shows the lines around the first line where a and b differ.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	i := 0
	for i < len(la) && i < len(lb) && la[i] == lb[i] {
		i++
	}
	from, to := max(0, i-8), i+3
	return "--- first\n" + strings.Join(la[from:min(to, len(la))], "\n") +
		"\n--- second\n" + strings.Join(lb[from:min(to, len(lb))], "\n")
}
