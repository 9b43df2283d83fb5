package inspector

import (
	"context"
	"database/sql"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestScanPGAsDatabaseSQL holds scanPG's scanners to database/sql's own conversions: each
// value, as lib/pq hands it over from a real server, scanned both ways into each kind of
// destination pgDests replaces, gives the same value, and fails where database/sql fails.
func TestScanPGAsDatabaseSQL(t *testing.T) {
	db := dbtest.Postgres(t)
	ctx := context.Background()
	newDests := []func() any{
		func() any { return new(uint32) },
		func() any { return new(int16) },
		func() any { return new(int) },
		func() any { return new(int64) },
		func() any { return new(*string) },
		func() any { return new(*uint32) },
		func() any { return new(*int) },
	}
	values := []string{
		"'pg_class'::regclass::oid", "0::oid", "4294967295::oid", "NULL::oid",
		"1::int2", "(-32768)::int2", "32767::int4", "32768::int4", "(-1)::int4", "NULL::int2",
		"9223372036854775807::int8", "(-9223372036854775808)::int8", "4294967296::int8",
		"'12'::text", "'-7'::name", "'x1'::text", "''::text", `'Hostile "Name"'::name`, "'é'::text", "NULL::text",
		"true", "1.5::float8", "'1 2'::int2vector",
	}
	for _, v := range values {
		for _, newDest := range newDests {
			want, got := newDest(), newDest()
			wantErr := scanOne(ctx, t, db.Admin, v, func(rows *sql.Rows) error { return rows.Scan(want) })
			gotErr := scanOne(ctx, t, db.Admin, v, func(rows *sql.Rows) error { return scanPG(rows, got) })
			if (wantErr == nil) != (gotErr == nil) {
				t.Errorf("%s into %T: database/sql's error %v, scanPG's %v", v, want, wantErr, gotErr)
				continue
			}
			if wantErr == nil && !reflect.DeepEqual(want, got) {
				t.Errorf("%s into %T: database/sql gives %v, scanPG %v", v, want, deepValue(want), deepValue(got))
			}
		}
	}
}

func scanOne(ctx context.Context, t *testing.T, db *sql.DB, value string, scan func(*sql.Rows) error) error {
	t.Helper()
	rows, err := db.QueryContext(ctx, "SELECT "+value)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("SELECT %s: no row: %v", value, rows.Err())
	}
	return scan(rows)
}

// deepValue is what a destination holds, its pointers followed.
func deepValue(p any) any {
	v := reflect.ValueOf(p)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// TestParseOIDsAsFields holds parseOIDs to the strings.FieldsFunc split it replaced.
func TestParseOIDsAsFields(t *testing.T) {
	fieldsFunc := func(s string) ([]uint32, error) {
		fields := strings.FieldsFunc(strings.Trim(s, "{}"), func(c rune) bool { return c == ',' || c == ' ' })
		out := make([]uint32, len(fields))
		for i, f := range fields {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, err
			}
			out[i] = uint32(n)
		}
		return out, nil
	}
	for _, s := range []string{"", "{}", "1", "1 2", "{1,2}", " 1  2 ", "{,1,,2,}", "0 -1 4294967295", "{{1}}",
		"1 x", "é", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33"} {
		want, wantErr := fieldsFunc(s)
		got, gotErr := parseOIDs(s)
		if (wantErr == nil) != (gotErr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("parseOIDs(%q) = %v, %v; want %v, %v", s, got, gotErr, want, wantErr)
		}
	}
}
