package ddl

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	register(&Rules{
		Dialect:          schema.MySQL,
		IdentQuote:       "`",
		BackslashEscapes: true,
		OmitSchema:       func(string) bool { return true },
		Settings:         []string{"SET NAMES utf8mb4"},
		TableOptions:     mysqlTableOptions,
		KeysAreIndexes:   true,
		CreateIndex:      mysqlCreateIndex,
		ColumnCharsets:   true,
		ExplicitNull:     true,
		ColumnAttributes: mysqlColumnAttributes,
		ColumnChecks:     true,
		SystemVersioning: true,
		DefaultClause:    asWritten,
		ViewClauses:      mysqlViewClauses,
		DelimitedBodies:  true,
		CreateSequence:   func(_ string, s schema.Sequence) string { return createMySQLSequence(s) },
		tableExtras:      noTableExtras,
		extras:           noStatements,
		comments:         mysqlComments,
	})
}

// mysqlColumnAttributes: ON UPDATE, AUTO_INCREMENT, INVISIBLE, COMMENT, and the column's check
// (MariaDB names a column-level check after its column).
func mysqlColumnAttributes(t *schema.Table, c schema.Column) string {
	var attrs []string
	if c.MySQL != nil && c.MySQL.OnUpdate != "" {
		attrs = append(attrs, "ON UPDATE "+c.MySQL.OnUpdate)
	}
	if c.AutoIncrement {
		attrs = append(attrs, "AUTO_INCREMENT")
	}
	if c.Invisible {
		attrs = append(attrs, "INVISIBLE")
	}
	if c.Comment != nil {
		attrs = append(attrs, "COMMENT "+QuoteString(schema.MySQL, *c.Comment))
	}
	if c.MySQL != nil && c.MySQL.WithoutVersioning {
		attrs = append(attrs, "WITHOUT SYSTEM VERSIONING")
	}
	for _, ck := range t.Checks {
		if ck.Column == c.Name && ck.Name == c.Name {
			attrs = append(attrs, CheckClause(ck.Expression))
		}
	}
	return strings.Join(attrs, " ")
}

// mysqlViewClauses: ALGORITHM and SQL SECURITY after CREATE.
func mysqlViewClauses(v *schema.View) (afterCreate, afterName, atEnd string) {
	if m := v.MySQL; m != nil {
		if m.Algorithm != "" {
			afterCreate += "ALGORITHM=" + m.Algorithm + " "
		}
		if m.SecurityType != "" {
			afterCreate += "SQL SECURITY " + m.SecurityType + " "
		}
	}
	return afterCreate, "", ""
}

// mysqlTableOptions: engine, character set, collation, row format, create options, comment.
func mysqlTableOptions(t *schema.Table) string {
	var opts []string
	if m := t.MySQL; m != nil {
		if m.Engine != "" {
			opts = append(opts, "ENGINE="+m.Engine)
		}
		if m.Charset != "" {
			opts = append(opts, "DEFAULT CHARSET="+m.Charset)
		}
		if m.Collation != "" {
			opts = append(opts, "COLLATE="+m.Collation)
		}
		if m.RowFormat != "" {
			opts = append(opts, "ROW_FORMAT="+m.RowFormat)
		}
		opts = append(opts, MySQLCreateOptions(m.CreateOptions)...)
	}
	if t.Comment != nil {
		opts = append(opts, "COMMENT="+QuoteString(schema.MySQL, *t.Comment))
	}
	if t.MySQL != nil && t.MySQL.SystemVersioned {
		opts = append(opts, "WITH SYSTEM VERSIONING")
	}
	if t.MySQL != nil && t.MySQL.PartitionBy != nil {
		opts = append(opts, MySQLPartitionBy(t.MySQL.PartitionBy)) // after every other option
	}
	return strings.Join(opts, " ")
}

// MySQLPartitionBy writes "PARTITION BY …" with its partitions, as CREATE TABLE and ALTER TABLE
// take it.
func MySQLPartitionBy(p *schema.MySQLPartitioning) string {
	if p.Method == "SYSTEM_TIME" { // MariaDB's history partitions of a system-versioned table
		return "PARTITION BY SYSTEM_TIME (" + MySQLPartitionList(p.Method, p.Partitions) + ")"
	}
	s := "PARTITION BY " + p.Method + " (" + p.Expression + ")"
	if p.SubMethod != "" {
		s += " SUBPARTITION BY " + p.SubMethod + " (" + p.SubExpression + ")"
		if p.Subpartitions > 0 {
			s += fmt.Sprintf(" SUBPARTITIONS %d", p.Subpartitions)
		}
	}
	if !MySQLPartitionsHaveBounds(p.Method) && !p.Listed() {
		return s + fmt.Sprintf(" PARTITIONS %d", len(p.Partitions))
	}
	return s + " (" + MySQLPartitionList(p.Method, p.Partitions) + ")"
}

// MySQLPartitionsHaveBounds reports RANGE and LIST partitioning, whose partitions are listed
// with bounds (HASH and KEY partitions are counted).
func MySQLPartitionsHaveBounds(method string) bool {
	return strings.HasPrefix(method, "RANGE") || strings.HasPrefix(method, "LIST")
}

// MySQLPartitionList writes partition definitions: "PARTITION `p0` VALUES LESS THAN (2000)
// COMMENT = 'old' (SUBPARTITION `s0`, …), …".
func MySQLPartitionList(method string, parts []schema.MySQLPartition) string {
	defs := make([]string, len(parts))
	for i, part := range parts {
		defs[i] = "PARTITION " + QuoteIdent(schema.MySQL, part.Name)
		switch {
		case strings.HasPrefix(method, "RANGE") && part.Bound == "MAXVALUE":
			defs[i] += " VALUES LESS THAN MAXVALUE"
		case strings.HasPrefix(method, "RANGE"):
			defs[i] += " VALUES LESS THAN (" + part.Bound + ")"
		case strings.HasPrefix(method, "LIST"):
			defs[i] += " VALUES IN (" + part.Bound + ")"
		case method == "SYSTEM_TIME":
			defs[i] += " " + part.Bound // HISTORY or CURRENT
		}
		defs[i] += partitionComment(part.Comment)
		if len(part.Subpartitions) > 0 {
			subs := make([]string, len(part.Subpartitions))
			for j, sub := range part.Subpartitions {
				subs[j] = "SUBPARTITION " + QuoteIdent(schema.MySQL, sub.Name) + partitionComment(sub.Comment)
			}
			defs[i] += " (" + strings.Join(subs, ", ") + ")"
		}
	}
	return strings.Join(defs, ", ")
}

func partitionComment(c string) string {
	if c == "" {
		return ""
	}
	return " COMMENT = " + QuoteString(schema.MySQL, c)
}
