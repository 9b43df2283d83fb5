package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
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
