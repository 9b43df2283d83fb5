package sqlscript

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// show renders statements as "line|text" (commands as "line!text") for compact comparison.
func show(stmts []Statement) string {
	var b strings.Builder
	for _, s := range stmts {
		mark := "|"
		if s.Command {
			mark = "!"
		}
		fmt.Fprintf(&b, "%d%s%s\n", s.Line, mark, s.Text)
	}
	return b.String()
}

func TestSplit(t *testing.T) {
	cases := []struct {
		name    string
		dialect schema.Dialect
		in      string
		want    string
	}{
		{"plain", schema.Postgres, "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);", "1|CREATE TABLE a (id int)\n3|CREATE TABLE b (id int)\n"},
		{"comments before are left out, inside kept", schema.Postgres, "-- a table\n/* two\nlines */ CREATE TABLE a (\n  id int -- the key;\n);",
			"3|CREATE TABLE a (\n  id int -- the key;\n)\n"},
		{"nested comments", schema.Postgres, "/* a /* b; */ c; */ SELECT 1;", "1|SELECT 1\n"},
		{"strings and names hold semicolons", schema.Postgres, "INSERT INTO \"a;b\" VALUES ('x;''y', E'\\';z');\nSELECT 2;",
			"1|INSERT INTO \"a;b\" VALUES ('x;''y', E'\\';z')\n2|SELECT 2\n"},
		{"dollar quotes", schema.Postgres, "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql;\nDO $$ BEGIN PERFORM 1; END $$;",
			"1|CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql\n2|DO $$ BEGIN PERFORM 1; END $$\n"},
		{"identifiers with $ and parameters", schema.Postgres, "CREATE TABLE a$b (x int); PREPARE p AS SELECT $1;", "1|CREATE TABLE a$b (x int)\n1|PREPARE p AS SELECT $1\n"},
		{"semicolons in parentheses (CREATE RULE)", schema.Postgres, "CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 1;",
			"1|CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))\n2|SELECT 1\n"},
		{"BEGIN ATOMIC", schema.Postgres, "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 END; SELECT 2; END;\nBEGIN;\nCOMMIT;",
			"1|CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN a > 0 THEN 1 END; SELECT 2; END\n2|BEGIN\n3|COMMIT\n"},
		{"psql commands", schema.Postgres, "\\set ON_ERROR_STOP 1\nCREATE TABLE a (id int);\n\\connect app\n", "1!\\set ON_ERROR_STOP 1\n2|CREATE TABLE a (id int)\n3!\\connect app\n"},
		{"no final semicolon", schema.Postgres, "SELECT 1;\nSELECT 2\n\n", "1|SELECT 1\n2|SELECT 2\n"},
		{"unterminated string runs to the end", schema.Postgres, "SELECT 'abc;\nSELECT 2;", "1|SELECT 'abc;\nSELECT 2;\n"},
		{"mysql comments", schema.MySQL, "# hash comment;\n-- dash comment;\nSELECT 1--1;\nSELECT 2;", "3|SELECT 1--1\n4|SELECT 2\n"},
		{"mysql strings with backslashes", schema.MySQL, "INSERT INTO t VALUES ('a\\';b', \"c;\"\"d\", `e;f`);\nSELECT 1;", "1|INSERT INTO t VALUES ('a\\';b', \"c;\"\"d\", `e;f`)\n2|SELECT 1\n"},
		{"mysql DELIMITER", schema.MySQL, "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;",
			"2|CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END\n4|SELECT 3\n"},
		{"mysql DELIMITER ;;", schema.MySQL, "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END ;;\ndelimiter ;\n",
			"2|CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END\n"},
		{"mysql executable comments are SQL", schema.MySQL, "/*!40101 SET NAMES utf8mb4 */;\n/* plain; */ CREATE /*!32312 IF NOT EXISTS*/ TABLE t (a int);",
			"1|/*!40101 SET NAMES utf8mb4 */\n2|CREATE /*!32312 IF NOT EXISTS*/ TABLE t (a int)\n"},
		{"mysql routine without DELIMITER", schema.MySQL, "CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN e int)\nBEGIN\n  DROP TEMPORARY TABLE IF EXISTS t;\n  IF e IS NULL THEN SELECT IF(1, 2, 3); ELSEIF e > 1 THEN SELECT REPEAT('a', 2); END IF;\n  lbl: LOOP LEAVE lbl; END LOOP lbl;\n  WHILE e > 0 DO SET e = e - 1; END WHILE;\n  REPEAT SET e = e + 1; UNTIL e > 3 END REPEAT;\n  CASE e WHEN 1 THEN SELECT CASE WHEN e THEN 1 END; END CASE;\n  IF NOT EXISTS (SELECT 1) THEN SELECT 1; END IF;\nEND;\nCREATE TABLE event (id int);\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1;\nSELECT 2;",
			"1|CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN e int)\nBEGIN\n  DROP TEMPORARY TABLE IF EXISTS t;\n  IF e IS NULL THEN SELECT IF(1, 2, 3); ELSEIF e > 1 THEN SELECT REPEAT('a', 2); END IF;\n  lbl: LOOP LEAVE lbl; END LOOP lbl;\n  WHILE e > 0 DO SET e = e - 1; END WHILE;\n  REPEAT SET e = e + 1; UNTIL e > 3 END REPEAT;\n  CASE e WHEN 1 THEN SELECT CASE WHEN e THEN 1 END; END CASE;\n  IF NOT EXISTS (SELECT 1) THEN SELECT 1; END IF;\nEND\n11|CREATE TABLE event (id int)\n12|CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1\n13|SELECT 2\n"},
		{"mysql has no psql commands", schema.MySQL, "SELECT '\\\\';", "1|SELECT '\\\\'\n"},
		{"sqlite trigger body", schema.SQLite, "CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  UPDATE b SET x = CASE WHEN new.x THEN 1 END;\n  DELETE FROM c;\nEND;\nCREATE TABLE d (x);",
			"1|CREATE TRIGGER tr AFTER INSERT ON a BEGIN\n  UPDATE b SET x = CASE WHEN new.x THEN 1 END;\n  DELETE FROM c;\nEND\n5|CREATE TABLE d (x)\n"},
		{"sqlite temp trigger and quoting", schema.SQLite, "CREATE TEMP TRIGGER [t;] BEFORE DELETE ON `a;` BEGIN SELECT ';'; END; SELECT \"x;\";",
			"1|CREATE TEMP TRIGGER [t;] BEFORE DELETE ON `a;` BEGIN SELECT ';'; END\n1|SELECT \"x;\"\n"},
		{"sqlite dot commands", schema.SQLite, ".mode list\nCREATE TABLE a (x);\n.read other.sql\n", "1!.mode list\n2|CREATE TABLE a (x)\n3!.read other.sql\n"},
		{"sqlite begin transaction", schema.SQLite, "BEGIN TRANSACTION;\nCREATE TABLE a (x);\nCOMMIT;", "1|BEGIN TRANSACTION\n2|CREATE TABLE a (x)\n3|COMMIT\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Split(c.dialect, Script{File: "f.sql", Text: c.in})
			if err != nil {
				t.Fatal(err)
			}
			if s := show(got); s != c.want {
				t.Errorf("Split(%s) =\n%s\nwant\n%s", c.dialect, s, c.want)
			}
		})
	}
}

func TestSplitLinesStartWhereTheScriptDoes(t *testing.T) {
	got, err := Split(schema.Postgres, Script{File: "m.sql", Line: 10, Text: "\nSELECT 1;\n\nSELECT 2;"})
	if err != nil {
		t.Fatal(err)
	}
	if s := show(got); s != "11|SELECT 1\n13|SELECT 2\n" {
		t.Errorf("got\n%s", s)
	}
	whole, _ := Split(schema.MySQL, Script{File: "m.sql", Line: 4, Text: "\n  CREATE PROCEDURE p() BEGIN SELECT 1; END;\n", Whole: true})
	if s := show(whole); s != "5|CREATE PROCEDURE p() BEGIN SELECT 1; END\n" {
		t.Errorf("whole block: got\n%s", s)
	}
}

func TestSplitMySQLDelimiterNeedsAnArgument(t *testing.T) {
	_, err := Split(schema.MySQL, Script{File: "f.sql", Text: "SELECT 1;\nDELIMITER\n"})
	if err == nil || !strings.Contains(err.Error(), "f.sql:2: DELIMITER needs") {
		t.Errorf("err = %v", err)
	}
}

// The corpus files split into as many statements as their clients run (counted by hand
// where it is checkable: every table is one statement).
func TestSplitCorpus(t *testing.T) {
	dir := os.Getenv("DBINSPECT_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.sql"))
	if len(files) == 0 {
		t.Skip("no corpus at " + dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d := schema.Dialect(strings.TrimSuffix(filepath.Base(f), ".sql"))
		stmts, err := Split(d, Script{File: f, Text: string(data)})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		creates := 0
		for _, s := range stmts {
			if s.Command {
				continue
			}
			w := strings.Fields(strings.ToUpper(s.Text))
			if len(w) >= 2 && w[0] == "CREATE" && w[1] == "TABLE" {
				creates++
			}
			if strings.Count(s.Text, "CREATE TABLE") > 1 {
				t.Errorf("%s: two CREATE TABLE in one statement at line %d", f, s.Line)
			}
		}
		if want := countCreateTable(string(data)); creates != want {
			t.Errorf("%s: %d CREATE TABLE statements, want %d", f, creates, want)
		}
	}
}

var createTableLine = regexp.MustCompile(`(?im)^[ \t]*create[ \t]+table[ \t]`)

// countCreateTable counts lines that begin a CREATE TABLE (how the corpus files are laid out).
func countCreateTable(s string) int {
	return len(createTableLine.FindAllStringIndex(s, -1))
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "$a$ ; $a$;", "/* /* */ ; */;", "DELIMITER //\nx//\n", "E'\\';'", "CREATE TRIGGER x BEGIN; END;", "\\c x\n;", ".read x\n", "/*!1 ; */;", "'", "$", "/*M!100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
			stmts, err := Split(d, Script{File: "f", Text: text})
			if err != nil {
				continue
			}
			last := 1
			for _, s := range stmts {
				if s.Text == "" || !strings.Contains(text, s.Text) {
					t.Fatalf("%s: statement %q is empty or not in the text", d, s.Text)
				}
				if s.Line < 1 || s.Line > strings.Count(text, "\n")+1 || !s.Command && s.Line < last {
					t.Fatalf("%s: line %d out of order or range", d, s.Line)
				}
				if !s.Command { // a psql command runs before the query buffer it interrupts
					last = s.Line
				}
			}
		}
	})
}
