package inspector

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

func TestParseACLItem(t *testing.T) {
	cases := []struct {
		in   string
		want aclItem
	}{
		{"=X/root", aclItem{privs: []schema.Privilege{schema.PrivExecute}, options: []bool{false}}},
		{"app=r*a/owner", aclItem{grantee: "app", privs: []schema.Privilege{schema.PrivSelect, schema.PrivInsert}, options: []bool{true, false}}},
		{`"R ""q"", x=y/z"=wD*/"o w"`, aclItem{grantee: `R "q", x=y/z`, privs: []schema.Privilege{schema.PrivUpdate, schema.PrivTruncate},
			options: []bool{false, true}}},
	}
	for _, c := range cases {
		got, err := parseACLItem(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseACLItem(%s) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{`"unterminated=r/x`, "app", "app=Q/x"} {
		if _, err := parseACLItem(bad); err == nil {
			t.Errorf("parseACLItem(%s) succeeded", bad)
		}
	}
}

// aclItemText writes an aclitem as the server does (putid's quoting).
func aclItemText(grantee, privs string) string {
	safe := grantee != ""
	for _, r := range grantee {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			safe = false
		}
	}
	name := grantee
	if !safe && grantee != "" {
		name = `"` + strings.ReplaceAll(grantee, `"`, `""`) + `"`
	}
	return name + "=" + privs + "/grantor"
}

// FuzzParseACLItem: any role name written as the server writes it reads back unchanged.
func FuzzParseACLItem(f *testing.F) {
	for _, s := range []string{"app", `R "q", x=y/z`, "=", "/", `""`, "Ünï"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, grantee string) {
		if grantee == "" || strings.ContainsRune(grantee, 0) {
			return
		}
		it, err := parseACLItem(aclItemText(grantee, "r*w"))
		if err != nil || it.grantee != grantee || len(it.privs) != 2 || !it.options[0] || it.options[1] {
			t.Fatalf("grantee %q read back as %+v, %v", grantee, it, err)
		}
	})
}
