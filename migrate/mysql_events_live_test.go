package migrate_test

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Scheduled events with a hostile name: read back field by field, then migrated both ways (created,
// changed in every clause, dropped) with the mariadb client, each time diffing again to empty and
// planning again to nothing. The scheduler is off on the test server, so nothing runs.
const (
	eventsFrom = "CREATE TABLE log (id int PRIMARY KEY, msg varchar(50));\n" +
		"CREATE EVENT `ev``'; x` ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' ENDS '2031-01-01 00:00:00' " +
		"ON COMPLETION PRESERVE DISABLE COMMENT 'it''s nightly' DO BEGIN DELETE FROM log WHERE id < 0; INSERT INTO log VALUES (-1, 'x;y'); END;\n" +
		"CREATE EVENT once ON SCHEDULE AT '2030-06-01 12:00:00' DO DELETE FROM log;\n" +
		"CREATE EVENT gone ON SCHEDULE EVERY '1:30' HOUR_MINUTE STARTS '2030-01-01 00:00:00' DO DELETE FROM log;"
	eventsTo = "CREATE TABLE log (id int PRIMARY KEY, msg varchar(50));\n" +
		"CREATE EVENT `ev``'; x` ON SCHEDULE EVERY 2 HOUR STARTS '2030-02-01 00:00:00' " +
		"ON COMPLETION NOT PRESERVE ENABLE DO BEGIN DELETE FROM log WHERE id < 1; INSERT INTO log VALUES (-2, 'a;b'); END;\n" +
		"CREATE EVENT once ON SCHEDULE AT '2030-07-01 12:00:00' ON COMPLETION PRESERVE DISABLE ON SLAVE COMMENT 'later' DO DELETE FROM log;\n" +
		"CREATE EVENT `new ev` ON SCHEDULE EVERY 1 WEEK STARTS '2030-01-01 00:00:00' DO BEGIN UPDATE log SET msg = ';'; END;"
)

func TestMySQLEventsRead(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, eventsFrom)
	m := migratetest.Inspect(t, db)
	events := map[string]schema.Event{}
	for _, e := range m.Schemas[0].Events {
		events[e.Name] = e
	}
	if len(events) != 3 {
		t.Fatalf("events: %+v, want 3", m.Schemas[0].Events)
	}
	ev := events["ev`'; x"]
	if ev.Every != "1 DAY" || ev.Starts != "2030-01-01 00:00:00" || ev.Ends != "2031-01-01 00:00:00" || ev.At != "" ||
		!ev.Preserve || ev.Status != "DISABLED" || ev.Comment == nil || *ev.Comment != "it's nightly" || ev.Definer == "" ||
		ev.Body != "BEGIN DELETE FROM log WHERE id < 0; INSERT INTO log VALUES (-1, 'x;y'); END" {
		t.Errorf("hostile event read as %+v", ev)
	}
	once := events["once"]
	if once.At != "2030-06-01 12:00:00" || once.Every != "" || once.Starts != "" || once.Preserve || once.Status != "ENABLED" ||
		once.Comment != nil || once.Body != "DELETE FROM log" {
		t.Errorf("one-time event read as %+v", once)
	}
	if gone := events["gone"]; gone.Every != "'1:30' HOUR_MINUTE" {
		t.Errorf("interval event read as %+v", gone)
	}
}

func TestMigrateMySQLEvents(t *testing.T) {
	for _, c := range []migratetest.Case{
		{Name: "events created, changed in every clause, dropped", From: eventsFrom, To: eventsTo,
			Rows: "INSERT INTO log VALUES (1, 'kept');", Query: "SELECT id, msg FROM log", Want: "1|kept"},
		{Name: "and back", From: eventsTo, To: eventsFrom,
			Rows: "INSERT INTO log VALUES (1, 'kept');", Query: "SELECT id, msg FROM log", Want: "1|kept"},
		{Name: "from empty", From: "", To: eventsFrom},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
}

// TestMigrateMySQLEventStartsAndRename: an event created without STARTS starts when it was
// created, so the same event made a year apart on two servers reads alike (no STARTS in
// either model); an event renamed with its schedule and body unchanged is ALTER EVENT …
// RENAME TO, both ways.
func TestMigrateMySQLEventStartsAndRename(t *testing.T) {
	const (
		table = "CREATE TABLE log (id int PRIMARY KEY);\n"
		old   = "SET TIMESTAMP = UNIX_TIMESTAMP('2020-01-01 00:00:00');\n"
		now   = "SET TIMESTAMP = DEFAULT;\n"
		same  = "CREATE EVENT daily ON SCHEDULE EVERY 1 DAY DO DELETE FROM log WHERE id < 0;\n"
		from  = "CREATE EVENT `old name` ON SCHEDULE EVERY 1 HOUR COMMENT 'sweep' DO BEGIN DELETE FROM log WHERE id > 100; END;\n"
		to    = "CREATE EVENT `new ``name` ON SCHEDULE EVERY 1 HOUR COMMENT 'sweep' DO BEGIN DELETE FROM log WHERE id > 100; END;\n"
	)
	a, b := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, a.Admin, table+old+same+now)
	migratetest.Exec(t, b.Admin, table+same)
	if m := migratetest.Inspect(t, a); len(m.Schemas[0].Events) != 1 || m.Schemas[0].Events[0].Starts != "" {
		t.Errorf("an event created without STARTS reads as %+v, want no STARTS", m.Schemas[0].Events)
	}
	if got := migratetest.Changes(t, a, b, diff.Options{}); len(got) > 0 {
		t.Errorf("the same event created at different times differs: %q", got)
	}
	for _, c := range []migratetest.Case{
		{Name: "renamed", From: table + old + same + from + now, To: table + same + to,
			Rows: "INSERT INTO log VALUES (1);", Query: "SELECT id FROM log", Want: "1"},
		{Name: "renamed back", From: table + same + to, To: table + old + same + from + now},
	} {
		t.Run(c.Name, func(t *testing.T) {
			from, to := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
			migratetest.Exec(t, from.Admin, c.From)
			migratetest.Exec(t, to.Admin, c.To)
			script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
			if !strings.Contains(script, "RENAME TO") || strings.Contains(script, "DROP EVENT") {
				t.Errorf("want ALTER EVENT … RENAME TO and no DROP EVENT:\n%s", script)
			}
			migratetest.Run(t, schema.MySQL, c)
		})
	}
}
