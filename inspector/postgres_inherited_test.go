package inspector

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestPostgresInheritedObjects: what a partition or an inheritance child got from its parent
// is marked Inherited (the planner makes and drops only the parent's); what it declares
// itself is not.
func TestPostgresInheritedObjects(t *testing.T) {
	db := dbtest.Postgres(t)
	db.Exec(t, `CREATE TABLE ref (id int PRIMARY KEY)`,
		`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`,
		`CREATE TABLE ev (id int NOT NULL, at date NOT NULL, r int REFERENCES ref, PRIMARY KEY (id, at), CHECK (id > 0)) PARTITION BY RANGE (at)`,
		`CREATE INDEX ev_r ON ev (r)`,
		`CREATE TRIGGER ev_touch BEFORE INSERT ON ev FOR EACH ROW EXECUTE FUNCTION touch()`,
		`CREATE TABLE ev_2020 PARTITION OF ev FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')`,
		`CREATE TABLE ev_def PARTITION OF ev DEFAULT`,
		`CREATE INDEX ev_def_local ON ev_def (at)`,
		`CREATE TRIGGER ev_def_touch BEFORE UPDATE ON ev_def FOR EACH ROW EXECUTE FUNCTION touch()`,
		`CREATE TABLE animal (id int, CHECK (id > 0))`,
		`CREATE TABLE dog (good bool) INHERITS (animal)`)
	m := inspectURL(t, db.URL, Options{})
	parent, part, def := findTable(t, m, "public", "ev"), findTable(t, m, "public", "ev_2020"), findTable(t, m, "public", "ev_def")
	if parent.PrimaryKey.Inherited || parent.Indexes[0].Inherited || parent.ForeignKeys[0].Inherited || parent.Triggers[0].Inherited || parent.Columns[0].Inherited {
		t.Errorf("the parent's own objects are marked inherited: %+v", parent)
	}
	if !part.PrimaryKey.Inherited || !part.ForeignKeys[0].Inherited || !part.Checks[0].Inherited || !part.Triggers[0].Inherited || !part.Columns[0].Inherited {
		t.Errorf("a partition's copies are not marked inherited: %+v", part)
	}
	for _, x := range part.Indexes {
		if !x.Inherited {
			t.Errorf("partition index %s is not marked inherited", x.Name)
		}
	}
	for _, x := range def.Indexes {
		if x.Inherited != (x.Name != "ev_def_local") {
			t.Errorf("default partition index %s: inherited = %v", x.Name, x.Inherited)
		}
	}
	for _, tr := range def.Triggers {
		if tr.Inherited != (tr.Name == "ev_touch") {
			t.Errorf("default partition trigger %s: inherited = %v", tr.Name, tr.Inherited)
		}
	}
	dog := findTable(t, m, "public", "dog")
	if !dog.Columns[0].Inherited || dog.Columns[1].Inherited || !dog.Checks[0].Inherited {
		t.Errorf("INHERITS child: columns %+v, checks %+v", dog.Columns, dog.Checks)
	}
}
