package schema

import (
	"strconv"
	"strings"
)

// MySQLSchema holds a MySQL/MariaDB database's defaults.
type MySQLSchema struct {
	Charset   string `json:"charset,omitempty"`
	Collation string `json:"collation,omitempty"`
	// LowerCaseTableNames is the server's lower_case_table_names (0: table names are
	// case-sensitive; 1 and 2: they compare without case).
	LowerCaseTableNames int `json:"lower_case_table_names,omitempty"`
}

// MySQLTable holds what only MySQL/MariaDB tables have.
type MySQLTable struct {
	Engine    string `json:"engine,omitempty"`
	Charset   string `json:"charset,omitempty"`
	Collation string `json:"collation,omitempty"`
	RowFormat string `json:"row_format,omitempty"`
	// Partitioning describes PARTITION BY, as information; PartitionBy is the same in parts,
	// to create and change it.
	Partitioning string             `json:"partitioning,omitempty"`
	PartitionBy  *MySQLPartitioning `json:"partition_by,omitempty"`
	// SystemVersioned: a MariaDB table WITH SYSTEM VERSIONING (its history kept in hidden
	// row_start/row_end columns).
	SystemVersioned bool `json:"system_versioned,omitempty"`
	// CreateOptions are other table options as the server reports them.
	CreateOptions string `json:"create_options,omitempty"`
}

// MySQLColumn holds what only MySQL/MariaDB columns have.
type MySQLColumn struct {
	// Charset is set only where it differs from the table's.
	Charset string `json:"charset,omitempty"`
	// OnUpdate is the ON UPDATE expression, e.g. "current_timestamp()".
	OnUpdate string `json:"on_update,omitempty"`
	// RowPeriod is START or END for the explicit period columns of a MariaDB system-versioned
	// table (GENERATED ALWAYS AS ROW START / ROW END, PERIOD FOR SYSTEM_TIME over the two).
	RowPeriod string `json:"row_period,omitempty"`
	// WithoutVersioning: a column of a system-versioned table declared WITHOUT SYSTEM
	// VERSIONING (a change of it alone adds no history row).
	WithoutVersioning bool `json:"without_system_versioning,omitempty"`
}

// MySQLRowPeriod returns the names of a table's explicit ROW START and ROW END columns, or
// two empty strings when it has none (a table versioned with the hidden implicit columns).
func MySQLRowPeriod(t *Table) (start, end string) {
	for i := range t.Columns {
		if m := t.Columns[i].MySQL; m != nil {
			switch m.RowPeriod {
			case "START":
				start = t.Columns[i].Name
			case "END":
				end = t.Columns[i].Name
			}
		}
	}
	return start, end
}

// MySQLIndex holds what only MySQL/MariaDB indexes have.
type MySQLIndex struct {
	// Parser is a FULLTEXT index's parser plugin.
	Parser string `json:"parser,omitempty"`
}

// MySQLView holds what only MySQL/MariaDB views have.
type MySQLView struct {
	Algorithm    string `json:"algorithm,omitempty"`
	SecurityType string `json:"security_type,omitempty"`
}

// MySQLSequence holds what only a MariaDB sequence has: it is a table of its own, with an
// engine (its type, start, bounds, cache and cycle are the common Sequence's).
type MySQLSequence struct {
	Engine string `json:"engine,omitempty"`
}

// MySQLPartitioning is a table's PARTITION BY as information_schema.PARTITIONS reports it.
type MySQLPartitioning struct {
	// Method is RANGE, LIST, HASH, KEY, LINEAR HASH, LINEAR KEY, RANGE COLUMNS or LIST COLUMNS.
	Method string `json:"method"`
	// Expression is the partitioning expression or column list, e.g. "`y`" or "year(`d`)".
	Expression    string `json:"expression"`
	SubMethod     string `json:"sub_method,omitempty"`
	SubExpression string `json:"sub_expression,omitempty"`
	// Subpartitions is the number of subpartitions of each partition.
	Subpartitions int `json:"subpartitions,omitempty"`
	// Partitions in order; a HASH or KEY partition has no bound.
	Partitions []MySQLPartition `json:"partitions"`
}

// MySQLPartition is one partition.
type MySQLPartition struct {
	Name string `json:"name"`
	// Bound is PARTITION_DESCRIPTION: "2000" or "MAXVALUE" (RANGE), "1,2,3" (LIST).
	Bound string `json:"bound,omitempty"`
	// Comment is the partition's COMMENT (PARTITION_COMMENT), or all its subpartitions'.
	Comment string `json:"comment,omitempty"`
	// Subpartitions are listed only when one has a name of its own (not p0sp0, p0sp1, …) or
	// a comment of its own; otherwise MySQLPartitioning.Subpartitions says how many.
	Subpartitions []MySQLSubpartition `json:"subpartitions,omitempty"`
}

// MySQLSubpartition is one subpartition of a partition.
type MySQLSubpartition struct {
	Name    string `json:"name"`
	Comment string `json:"comment,omitempty"`
}

// Listed reports HASH or KEY partitions that must be written one by one: some has a name
// other than the default p0, p1, …, a comment or listed subpartitions (RANGE and LIST
// partitions are always listed).
func (p *MySQLPartitioning) Listed() bool {
	for i, part := range p.Partitions {
		if part.Name != "p"+strconv.Itoa(i) || part.Comment != "" || len(part.Subpartitions) > 0 {
			return true
		}
	}
	return false
}

// Event is a MySQL/MariaDB scheduled event (CREATE EVENT), as information_schema.EVENTS
// reports it. Its schedule is either At (one time) or Every with optional Starts and Ends;
// times are the server's DATETIME text in the event's time zone ("2030-01-01 00:00:00").
type Event struct {
	Name string `json:"name"`
	// At is a one-time event's EXECUTE_AT.
	At string `json:"at,omitempty"`
	// Every is a recurring event's interval, e.g. "1 DAY" or "'1:30' HOUR_MINUTE" as
	// INTERVAL_VALUE and INTERVAL_FIELD: the value, a space, the unit.
	Every string `json:"every,omitempty"`
	// Starts is empty when the server chose it: an event created (or its schedule altered)
	// without STARTS starts at that moment, which differs between databases made at
	// different times and is not part of the schema.
	Starts string `json:"starts,omitempty"`
	Ends   string `json:"ends,omitempty"`
	// Status is ENABLED, DISABLED or SLAVESIDE_DISABLED.
	Status string `json:"status"`
	// Preserve: ON COMPLETION PRESERVE (the event is kept once its schedule has ended).
	Preserve bool `json:"on_completion_preserve,omitempty"`
	// Body is the statement after DO (EVENT_DEFINITION).
	Body    string  `json:"body"`
	Comment *string `json:"comment,omitempty"`
	// Definer is the account the body runs as: shown, never compared or planned (it names an
	// account of one server, not the schema).
	Definer string `json:"definer,omitempty"`
}

// Schedule is the event's schedule as ON SCHEDULE takes it: "AT '…'" or
// "EVERY 1 DAY STARTS '…' ENDS '…'" (the times quoted as MySQL string literals).
func (e *Event) Schedule() string {
	lit := func(v string) string {
		return "'" + strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "'", "''") + "'"
	}
	if e.Every == "" {
		return "AT " + lit(e.At)
	}
	out := "EVERY " + e.Every
	if e.Starts != "" {
		out += " STARTS " + lit(e.Starts)
	}
	if e.Ends != "" {
		out += " ENDS " + lit(e.Ends)
	}
	return out
}
