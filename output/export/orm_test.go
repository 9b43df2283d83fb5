package export

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// The exported models work as ORM models, on SQLAlchemy 2.0 (the default, Mapped style):
// on three corpus schemas per engine testdata/alembic/orm.py inserts a parent row, flushes
// (its generated key comes back: a rowid alias, SERIAL, AUTO_INCREMENT), inserts a child
// through the many-to-one relationship, reads each through the other's relationship and
// deletes both, in the database the models were exported from.

// ormPairs names, per engine, corpus schemas with a parent table and a child table that has
// a foreign key to it.
var ormPairs = map[schema.Dialect][]struct{ name, parent, child string }{
	schema.SQLite:   {{"chinook", "Artist", "Album"}, {"sakila", "country", "city"}, {"roundcube", "users", "identities"}},
	schema.Postgres: {{"chinook", "artist", "album"}, {"pagila", "country", "city"}, {"roundcube", "users", "identities"}},
	schema.MySQL:    {{"chinook", "Artist", "Album"}, {"sakila", "country", "city"}, {"roundcube", "users", "identities"}},
}

func TestSQLAlchemyORM(t *testing.T) {
	pythonPath := sqlalchemy2(t)
	for _, d := range []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			type job struct {
				Name   string `json:"name"`
				Module string `json:"module"`
				URL    string `json:"url"`
				Parent string `json:"parent"`
				Child  string `json:"child"`
			}
			var jobs []job
			for _, p := range ormPairs[d] {
				target := loadCorpus(t, p.name, d)
				path := writeTemp(t, p.name+".py", render(t, "sqlalchemy", Options{}, inspectTarget(t, target)))
				jobs = append(jobs, job{p.name, path, sqlalchemyURL(d, target), p.parent, p.child})
			}
			in, _ := json.Marshal(jobs)
			cmd := exec.Command(python(t), filepath.Join("testdata", "alembic", "orm.py"))
			cmd.Env = append(os.Environ(), "PYTHONPATH="+pythonPath, "PYTHONWARNINGS=ignore")
			cmd.Stdin = bytes.NewReader(in)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("orm.py: %v\n%s", err, stderr.String())
			}
			seen := 0
			for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
				var r struct {
					Name  string   `json:"name"`
					Error string   `json:"error"`
					Log   []string `json:"log"`
				}
				if err := json.Unmarshal(line, &r); err != nil {
					t.Fatalf("orm.py printed %q: %v", line, err)
				}
				seen++
				if r.Error != "" {
					t.Errorf("%s: %s", r.Name, r.Error)
					continue
				}
				t.Logf("%s: %v", r.Name, r.Log)
			}
			if seen != len(jobs) {
				t.Errorf("orm.py reported %d of %d schemas", seen, len(jobs))
			}
		})
	}
}
