package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/dbinspect/dbinspect/internal/suggest"
)

// checkKeys reports the first key (in document order of the sorted keys) that the config
// does not know, with its path and the closest valid key, so `enviroments:` is one clear line
// instead of a JSON decoder's complaint. The valid keys are read from Config's json tags, so
// a field added to Config is accepted without touching this. A document that is not valid
// YAML is left to the strict decoder, which says where.
func checkKeys(data []byte) error {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil
	}
	return checkValue(doc, reflect.TypeOf(Config{}), "")
}

func checkValue(v any, t reflect.Type, at string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil // scalars and lists: the decoder checks their types
	}
	switch t.Kind() {
	case reflect.Map:
		for _, k := range sortedKeys(m) {
			if err := checkValue(m[k], t.Elem(), join(at, k)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		if takesAnyKey(t) {
			return nil
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(m) {
			ft, ok := fields[k]
			if !ok {
				return unknownKey(k, at, fields)
			}
			if err := checkValue(m[k], ft, join(at, k)); err != nil {
				return err
			}
		}
	}
	return nil
}

// takesAnyKey reports whether a struct keeps the keys it does not name in a map of its own
// (a `json:"-"` map field, like LintRule.Params): there every key is valid.
func takesAnyKey(t reflect.Type) bool {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Tag.Get("json") == "-" && f.Type.Kind() == reflect.Map {
			return true
		}
	}
	return false
}

// jsonFields maps the json names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func unknownKey(k, at string, fields map[string]reflect.Type) error {
	valid := make([]string, 0, len(fields))
	for name := range fields {
		valid = append(valid, name)
	}
	sort.Strings(valid)
	where := "at the top level"
	if at != "" {
		where = "under " + at
	}
	if hint := suggest.Hint(k, valid); hint != "" {
		return fmt.Errorf("unknown key %q %s%s", join(at, k), where, hint)
	}
	return fmt.Errorf("unknown key %q %s (valid keys: %s)", join(at, k), where, strings.Join(valid, ", "))
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func join(at, k string) string {
	if at == "" {
		return k
	}
	return at + "." + k
}
