package schema

// RenameSchema gives schema from the name to, and makes every reference to it follow:
// foreign keys, partition parents, inherited tables, sequence owners and extensions. (A
// database loaded under a temporary name is shown under the name its file declares.)
func (db *Database) RenameSchema(from, to string) {
	if from == to || to == "" {
		return
	}
	rename := func(s *string) {
		if *s == from {
			*s = to
		}
	}
	for i := range db.Schemas {
		s := &db.Schemas[i]
		rename(&s.Name)
		for j := range s.Tables {
			t := &s.Tables[j]
			for k := range t.ForeignKeys {
				rename(&t.ForeignKeys[k].RefSchema)
			}
			if t.Postgres != nil {
				if t.Postgres.PartitionOf != nil {
					rename(&t.Postgres.PartitionOf.Schema)
				}
				for k := range t.Postgres.Inherits {
					rename(&t.Postgres.Inherits[k].Schema)
				}
			}
		}
		for j := range s.Sequences {
			if o := s.Sequences[j].OwnedBy; o != nil {
				rename(&o.Schema)
			}
		}
	}
	for i := range db.Extensions {
		rename(&db.Extensions[i].Schema)
	}
	db.Normalize()
}
