package schema

// Schema returns the schema with the given name, or nil.
func (db *Database) Schema(name string) *Schema {
	for i := range db.Schemas {
		if db.Schemas[i].Name == name {
			return &db.Schemas[i]
		}
	}
	return nil
}

// Table returns the table with the given name, or nil.
func (s *Schema) Table(name string) *Table {
	for i := range s.Tables {
		if s.Tables[i].Name == name {
			return &s.Tables[i]
		}
	}
	return nil
}

// View returns the view with the given name, or nil.
func (s *Schema) View(name string) *View {
	for i := range s.Views {
		if s.Views[i].Name == name {
			return &s.Views[i]
		}
	}
	return nil
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Index returns the index with the given name, or nil.
func (t *Table) Index(name string) *Index {
	for i := range t.Indexes {
		if t.Indexes[i].Name == name {
			return &t.Indexes[i]
		}
	}
	return nil
}

// Kind names what kind of relation a table is, for people: "table", "partitioned table",
// "partition", "virtual table".
func (t *Table) Kind() string {
	switch {
	case t.Postgres != nil && t.Postgres.PartitionKey != "":
		return "partitioned table"
	case t.Postgres != nil && t.Postgres.PartitionOf != nil:
		return "partition"
	case t.SQLite != nil && t.SQLite.Module != "":
		return "virtual table"
	}
	return "table"
}

// Kind names what kind of view v is: "view" or "materialized view".
func (v *View) Kind() string {
	if v.Materialized {
		return "materialized view"
	}
	return "view"
}
