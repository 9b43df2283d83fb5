package inspector

// Owners and privileges: PostgreSQL keeps an object's privileges as an ACL, an array of
// aclitems "grantee=privileges/grantor" (grantee empty for PUBLIC, each privilege a letter,
// followed by * when held WITH GRANT OPTION), and NULL for the default ACL of its kind. The
// queries send ACLs as JSON arrays of aclitem texts, decoded here; the defaults per kind come
// once from the settings statement (acldefault), so every reader can read a NULL ACL as what
// it means without a per-row function call.

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// aclKind is acldefault's letter for a kind of object: 'r' relations, 's' sequences,
// 'f' routines, 'T' types, 'n' schemas.
type aclKind byte

// aclKinds are the kinds the settings statement asks acldefault about.
var aclKinds = []aclKind{'r', 's', 'f', 'T', 'n'}

// aclDefault is the default ACL of one kind: what the owner and PUBLIC hold.
type aclDefault struct {
	owner, public []schema.Privilege
}

// privilegeLetters spells out the letters of aclitem (ACL_*_CHR in the server's acl.h).
var privilegeLetters = map[byte]schema.Privilege{
	'r': schema.PrivSelect, 'w': schema.PrivUpdate, 'a': schema.PrivInsert, 'd': schema.PrivDelete,
	'D': schema.PrivTruncate, 'x': schema.PrivReferences, 't': schema.PrivTrigger, 'm': schema.PrivMaintain,
	'X': schema.PrivExecute, 'U': schema.PrivUsage, 'C': schema.PrivCreate, 'c': schema.PrivConnect,
	'T': schema.PrivTemporary, 's': schema.PrivSet, 'A': schema.PrivAlterSystem,
}

// aclItem is one decoded aclitem.
type aclItem struct {
	grantee string // "" for PUBLIC
	privs   []schema.Privilege
	options []bool // grant option, per privilege
}

// parseACLItem decodes one aclitem's text: grantee=privileges/grantor, where names that are
// not plain letters, digits and underscores are double-quoted with "" inside (the server's
// putid).
func parseACLItem(s string) (aclItem, error) {
	var it aclItem
	grantee, rest, err := aclName(s)
	if err != nil {
		return it, fmt.Errorf("aclitem %q: %w", s, err)
	}
	if !strings.HasPrefix(rest, "=") {
		return it, fmt.Errorf("aclitem %q: no '=' after the grantee", s)
	}
	it.grantee = grantee
	rest = rest[1:]
	for rest != "" && rest[0] != '/' {
		p, ok := privilegeLetters[rest[0]]
		if !ok {
			return it, fmt.Errorf("aclitem %q: unknown privilege %q", s, rest[0])
		}
		rest = rest[1:]
		option := strings.HasPrefix(rest, "*")
		if option {
			rest = rest[1:]
		}
		it.privs = append(it.privs, p)
		it.options = append(it.options, option)
	}
	return it, nil
}

// aclName reads a role name at the start of an aclitem and returns it with the rest.
func aclName(s string) (name, rest string, err error) {
	if !strings.HasPrefix(s, `"`) {
		i := strings.IndexAny(s, "=/")
		if i < 0 {
			return s, "", nil
		}
		return s[:i], s[i:], nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		return b.String(), s[i+1:], nil
	}
	return "", "", fmt.Errorf("unterminated quoted name")
}

// parseACL decodes a JSON array of aclitem texts; nil (a NULL ACL) is no items.
func parseACL(raw *string) ([]aclItem, error) {
	var texts []string
	if err := unmarshalJSON(raw, &texts); err != nil {
		return nil, err
	}
	items := make([]aclItem, 0, len(texts))
	for _, t := range texts {
		it, err := parseACLItem(t)
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// parseACLDefaults decodes the settings statement's {"r": [aclitem, …], …}: acldefault of
// each kind for one role, whose item is the owner's and the nameless one PUBLIC's.
func parseACLDefaults(raw string) (map[aclKind]aclDefault, error) {
	var byKind map[string][]string
	if err := json.Unmarshal([]byte(raw), &byKind); err != nil {
		return nil, err
	}
	out := map[aclKind]aclDefault{}
	for k, texts := range byKind {
		if len(k) != 1 {
			return nil, fmt.Errorf("acldefault kind %q", k)
		}
		var d aclDefault
		for _, t := range texts {
			it, err := parseACLItem(t)
			if err != nil {
				return nil, err
			}
			if it.grantee == "" {
				d.public = it.privs
			} else {
				d.owner = it.privs
			}
		}
		out[aclKind(k[0])] = d
	}
	return out, nil
}

// access builds an object's Access from its owner and its ACL (JSON of aclitems, nil for the
// default of kind). The owner's own default privileges are left out.
func (r *pgReader) access(kind aclKind, owner string, acl *string) (schema.Access, error) {
	a := schema.Access{Owner: owner}
	var items []aclItem
	if acl == nil {
		d := r.srv.aclDefaults[kind]
		if len(d.public) > 0 {
			items = append(items, aclItem{privs: d.public, options: make([]bool, len(d.public))})
		}
	} else {
		var err error
		if items, err = parseACL(acl); err != nil {
			return a, err
		}
	}
	for _, it := range items {
		if it.grantee == owner && owner != "" && r.ownerDefault(kind, it) {
			continue
		}
		a.Grants = append(a.Grants, itemGrants(it, nil)...)
	}
	return a, nil
}

// ownerDefault reports an owner's item that holds exactly the owner's default privileges,
// without grant options (which an owner has implicitly).
func (r *pgReader) ownerDefault(kind aclKind, it aclItem) bool {
	dflt := r.srv.aclDefaults[kind].owner
	if slices.Contains(it.options, true) || len(it.privs) != len(dflt) {
		return false
	}
	for _, p := range it.privs {
		if !slices.Contains(dflt, p) {
			return false
		}
	}
	return true
}

// itemGrants turns an aclitem into grants: one for the privileges held without grant
// option, one for those held with it.
func itemGrants(it aclItem, columns []string) []schema.Grant {
	grantee := it.grantee
	if grantee == "" {
		grantee = schema.PublicRole
	}
	var plain, withOption []schema.Privilege
	for i, p := range it.privs {
		if it.options[i] {
			withOption = append(withOption, p)
		} else {
			plain = append(plain, p)
		}
	}
	var out []schema.Grant
	if len(plain) > 0 {
		out = append(out, schema.Grant{Grantee: grantee, Privileges: plain, Columns: columns})
	}
	if len(withOption) > 0 {
		out = append(out, schema.Grant{Grantee: grantee, Privileges: withOption, GrantOption: true, Columns: columns})
	}
	return out
}

// columnGrants collects the column privileges of one relation, column by column in position
// order, and groups them: privileges a grantee holds on the same columns are one grant.
type columnGrants struct {
	columns map[grantKey][]string // grantee, privilege, grant option → columns
	order   []grantKey
}

type grantKey struct {
	grantee string
	priv    schema.Privilege
	option  bool
}

func (c *columnGrants) add(column string, items []aclItem) {
	if c.columns == nil {
		c.columns = map[grantKey][]string{}
	}
	for _, it := range items {
		grantee := it.grantee
		if grantee == "" {
			grantee = schema.PublicRole
		}
		for i, p := range it.privs {
			k := grantKey{grantee, p, it.options[i]}
			if _, ok := c.columns[k]; !ok {
				c.order = append(c.order, k)
			}
			c.columns[k] = append(c.columns[k], column)
		}
	}
}

// grants returns the collected column privileges as grants (Normalize merges the privileges
// of one grantee on the same columns).
func (c *columnGrants) grants() []schema.Grant {
	var out []schema.Grant
	for _, k := range c.order {
		out = append(out, schema.Grant{Grantee: k.grantee, Privileges: []schema.Privilege{k.priv}, GrantOption: k.option,
			Columns: c.columns[k]})
	}
	return out
}
