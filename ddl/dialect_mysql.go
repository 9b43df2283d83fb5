package ddl

import (
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
	})
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
	return strings.Join(opts, " ")
}
