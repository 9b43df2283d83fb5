package inspector

// Small decoders for what the PostgreSQL catalog stores as bits or only inside SQL text.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// Bits of pg_trigger.tgtype (TRIGGER_TYPE_* in the server's trigger.h).
const (
	tgRow      = 1 << 0
	tgBefore   = 1 << 1
	tgInsert   = 1 << 2
	tgDelete   = 1 << 3
	tgUpdate   = 1 << 4
	tgTruncate = 1 << 5
	tgInstead  = 1 << 6
)

// triggerType decodes pg_trigger.tgtype into timing, events (in the model's fixed order) and level.
func triggerType(tgtype int) (timing schema.TriggerTiming, events []schema.TriggerEvent, level string) {
	switch {
	case tgtype&tgInstead != 0:
		timing = schema.TriggerInsteadOf
	case tgtype&tgBefore != 0:
		timing = schema.TriggerBefore
	default:
		timing = schema.TriggerAfter
	}
	for _, e := range []struct {
		bit  int
		name schema.TriggerEvent
	}{{tgInsert, schema.TriggerInsert}, {tgUpdate, schema.TriggerUpdate}, {tgDelete, schema.TriggerDelete}, {tgTruncate, schema.TriggerTruncate}} {
		if tgtype&e.bit != 0 {
			events = append(events, e.name)
		}
	}
	level = "STATEMENT"
	if tgtype&tgRow != 0 {
		level = "ROW"
	}
	return timing, events, level
}

// triggerWhen extracts the condition of a trigger's WHEN clause from pg_get_triggerdef text.
// The catalog keeps the condition only as a node tree that pg_get_expr cannot print (it refers
// to OLD and NEW), so the server's own rendering is the one source. The scan skips quoted
// identifiers and string literals, so names such as "x WHEN (" cannot mislead it.
func triggerWhen(def string) string {
	depth := 0
	start := -1
	for i := 0; i < len(def); i++ {
		switch c := def[i]; {
		case c == '"':
			i = sqltext.QuotedEnd(def, i, false) - 1
		case c == '\'':
			escapes := i > 0 && (def[i-1] == 'E' || def[i-1] == 'e')
			i = sqltext.QuotedEnd(def, i, escapes) - 1
		case c == '(':
			if depth == 0 && start < 0 && strings.HasSuffix(def[:i], " WHEN ") {
				start = i + 1
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 && start >= 0 {
				return def[start:i]
			}
		}
	}
	return ""
}

// joinIdents joins column names as SQL would list them, quoting those that need it.
func joinIdents(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		if sqltext.IsPlainIdent(n) {
			quoted[i] = n
		} else {
			quoted[i] = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
	}
	return strings.Join(quoted, ", ")
}

// parseOIDs reads the text form of a catalog vector or array of integers: "1 2" (int2vector,
// oidvector) or "{1,2}" (arrays). NULL and empty read as none.
func parseOIDs(s string) ([]uint32, error) {
	// Fields are sliced out of s, not split into a []string: indexes and constraints send
	// four vectors each, 300,000 numbers at 5,000 tables.
	body := strings.Trim(s, "{}")
	out := make([]uint32, 0, countFields(body))
	for len(body) > 0 {
		end := strings.IndexAny(body, ", ")
		if end < 0 {
			end = len(body)
		}
		if f := body[:end]; f != "" {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("catalog vector %q: %w", s, err)
			}
			out = append(out, uint32(n))
		}
		body = body[min(end+1, len(body)):]
	}
	return out, nil
}

// countFields is the number of non-empty runs between commas and spaces in s.
func countFields(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sep := s[i] == ',' || s[i] == ' '
		if !sep && !in {
			n++
		}
		in = !sep
	}
	return n
}
