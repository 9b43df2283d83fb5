package sqlscript

import (
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Format is a migration tool's layout of a folder.
type Format string

// The folder layouts ReadFolder knows.
const (
	GolangMigrate Format = "golang-migrate" // NNN_name.up.sql (down files ignored)
	Goose         Format = "goose"          // NNN_name.sql with -- +goose Up / Down sections
	Flyway        Format = "flyway"         // V1__name.sql, V1.1__…, then repeatable R__name.sql
	Dbmate        Format = "dbmate"         // NNN_name.sql with -- migrate:up / down sections
	Plain         Format = "plain"          // every *.sql, by name
)

// Formats lists the layouts, for help texts and validation.
var Formats = []Format{GolangMigrate, Goose, Flyway, Dbmate, Plain}

// ErrFolder marks every error about a migrations folder's content.
var ErrFolder = errors.New("migrations folder")

// Folder is a folder of migrations, read.
type Folder struct {
	// Format is the layout, given or detected.
	Format Format
	// Migrations are in the order the tool applies them.
	Migrations []Migration
	// Ignored lists the .sql files the tool would not apply (down and undo files, names that
	// are not migrations), for --verbose.
	Ignored []string
}

// Migration is one migration file and the SQL its tool runs when migrating up.
type Migration struct {
	// File is the file's path, as shown in messages.
	File string
	// Version is the version the name gives ("" for repeatable and plain files).
	Version string
	// Scripts are the up direction's SQL, in order.
	Scripts []Script
}

var (
	golangMigrateName = regexp.MustCompile(`^([0-9]+)_(.*)\.(up|down)\.sql$`)
	flywayVersioned   = regexp.MustCompile(`^V([0-9]+(?:[._][0-9]+)*)__(.+)\.sql$`)
	flywayRepeatable  = regexp.MustCompile(`^R__(.+)\.sql$`)
	numberedName      = regexp.MustCompile(`^([0-9]+)_(.+)\.sql$`)
	gooseUpMarker     = regexp.MustCompile(`(?im)^[ \t]*--[ \t]*\+goose[ \t]+up\b`)
	dbmateUpMarker    = regexp.MustCompile(`(?im)^[ \t]*--[ \t]*migrate:up\b`)
)

// ReadFolder reads the migrations in dir in the order their tool applies them. With format
// "" the layout is detected from the file names (and, for goose and dbmate, which name files
// alike, from their section markers).
func ReadFolder(dir string, format Format) (*Folder, error) {
	if err := notAlembic(dir); err != nil {
		return nil, err
	}
	names, err := sqlFiles(dir)
	if err != nil {
		return nil, err
	}
	if format == "" {
		if format, err = detect(dir, names); err != nil {
			return nil, err
		}
	}
	f := &Folder{Format: format}
	switch format {
	case GolangMigrate:
		err = f.readGolangMigrate(dir, names)
	case Goose, Dbmate:
		err = f.readSectioned(dir, names, format)
	case Flyway:
		err = f.readFlyway(dir)
	case Plain:
		err = f.readPlain(dir, names)
	default:
		return nil, fmt.Errorf("%w: unknown format %q (want %s)", ErrFolder, format, formatList())
	}
	if err != nil {
		return nil, err
	}
	if len(f.Migrations) == 0 {
		return nil, fmt.Errorf("%w: %s holds no %s migrations to apply", ErrFolder, dir, format)
	}
	return f, nil
}

func formatList() string {
	s := make([]string, len(Formats))
	for i, f := range Formats {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// notAlembic turns an Alembic project folder, whose migrations are Python, into advice.
func notAlembic(dir string) error {
	for _, marker := range []string{"alembic.ini", "env.py", "script.py.mako"} {
		if _, err := os.Stat(filepath.Join(dir, marker)); err == nil {
			return fmt.Errorf("%w: %s is an Alembic folder, whose migrations are Python: write their SQL with `alembic upgrade head --sql > expected.sql` and pass expected.sql", ErrFolder, dir)
		}
	}
	return nil
}

// sqlFiles lists the .sql files directly in dir, by name.
func sqlFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFolder, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && isSQLName(e.Name()) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 && !hasFlywayBelow(dir) {
		return nil, fmt.Errorf("%w: %s holds no .sql files", ErrFolder, dir)
	}
	return names, nil
}

func isSQLName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".sql") && !strings.HasPrefix(name, ".")
}

// detect tells the layout from the names: golang-migrate's .up.sql, Flyway's V…__ and R__,
// goose's and dbmate's section markers in numbered files, else plain.
func detect(dir string, names []string) (Format, error) {
	var golang, flyway, numbered int
	for _, n := range names {
		switch {
		case golangMigrateName.MatchString(n):
			golang++
		case flywayVersioned.MatchString(n) || flywayRepeatable.MatchString(n):
			flyway++
		case numberedName.MatchString(n):
			numbered++
		}
	}
	if len(names) == 0 && hasFlywayBelow(dir) {
		return Flyway, nil
	}
	switch {
	case golang > 0 && flyway > 0:
		return "", fmt.Errorf("%w: %s has both golang-migrate (.up.sql) and Flyway (V…__) names: say which with --migrations-format", ErrFolder, dir)
	case golang > 0:
		return GolangMigrate, nil
	case flyway > 0:
		return Flyway, nil
	case numbered == 0:
		return Plain, nil
	}
	var goose, dbmate bool
	for _, n := range names {
		if !numberedName.MatchString(n) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return "", fmt.Errorf("%w: %v", ErrFolder, err)
		}
		goose = goose || gooseUpMarker.Match(data)
		dbmate = dbmate || dbmateUpMarker.Match(data)
	}
	switch {
	case goose && dbmate:
		return "", fmt.Errorf("%w: %s has both goose (-- +goose Up) and dbmate (-- migrate:up) files: say which with --migrations-format", ErrFolder, dir)
	case goose:
		return Goose, nil
	case dbmate:
		return Dbmate, nil
	}
	return Plain, nil
}

// hasFlywayBelow reports whether a subfolder holds Flyway names (Flyway reads its locations
// recursively, the other tools do not).
func hasFlywayBelow(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if !d.IsDir() && (flywayVersioned.MatchString(d.Name()) || flywayRepeatable.MatchString(d.Name())) {
			found = true
		}
		return nil
	})
	return found
}

// numbered is a migration file named by a whole-number version.
type numbered struct {
	version *big.Int
	name    string
}

// byVersion picks the names re matches and keep accepts (the version is re's first group),
// in version order; the others are ignored, and two files of one version are an error.
func (f *Folder) byVersion(dir string, names []string, re *regexp.Regexp, keep func(m []string) bool) ([]numbered, error) {
	var out []numbered
	seen := map[string]string{}
	for _, n := range names {
		m := re.FindStringSubmatch(n)
		if m == nil || !keep(m) {
			f.Ignored = append(f.Ignored, filepath.Join(dir, n))
			continue
		}
		v, _ := new(big.Int).SetString(m[1], 10)
		if other, dup := seen[v.String()]; dup {
			return nil, fmt.Errorf("%w: %s and %s have the same version %s", ErrFolder, filepath.Join(dir, other), filepath.Join(dir, n), v)
		}
		seen[v.String()] = n
		out = append(out, numbered{v, n})
	}
	slices.SortFunc(out, func(a, b numbered) int { return a.version.Cmp(b.version) })
	return out, nil
}

func (f *Folder) readGolangMigrate(dir string, names []string) error {
	ups, err := f.byVersion(dir, names, golangMigrateName, func(m []string) bool { return m[3] == "up" })
	if err != nil {
		return err
	}
	for _, u := range ups {
		if err := f.addWholeFile(dir, u.name, u.version.String()); err != nil {
			return err
		}
	}
	return nil
}

func (f *Folder) addWholeFile(dir, name, version string) error {
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFolder, err)
	}
	f.Migrations = append(f.Migrations, Migration{File: path, Version: version,
		Scripts: []Script{{File: path, Line: 1, Text: string(data)}}})
	return nil
}

func (f *Folder) readPlain(dir string, names []string) error {
	for _, n := range names {
		if err := f.addWholeFile(dir, n, ""); err != nil {
			return err
		}
	}
	return nil
}

// readSectioned reads goose and dbmate folders: numbered files, each with an up section.
func (f *Folder) readSectioned(dir string, names []string, format Format) error {
	files, err := f.byVersion(dir, names, numberedName, func([]string) bool { return true })
	if err != nil {
		return err
	}
	for _, fl := range files {
		path := filepath.Join(dir, fl.name)
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFolder, err)
		}
		var scripts []Script
		if format == Goose {
			scripts, err = gooseUp(path, string(data))
		} else {
			scripts, err = dbmateUp(path, string(data))
		}
		if err != nil {
			return err
		}
		f.Migrations = append(f.Migrations, Migration{File: path, Version: fl.version.String(), Scripts: scripts})
	}
	return nil
}

// line is one line of a file: its text without the newline, its offset and number.
type line struct {
	text   string
	off    int
	number int
}

func lines(s string) []line {
	var out []line
	for off, n := 0, 1; off < len(s); n++ {
		end := lineEnd(s, off)
		out = append(out, line{text: strings.TrimRight(s[off:end], "\r"), off: off, number: n})
		off = end + 1
	}
	return out
}

// annotation returns the text after "--" on a comment line, trimmed, or "" for other lines.
func annotation(l string) string {
	t := strings.TrimSpace(l)
	if !strings.HasPrefix(t, "--") {
		return ""
	}
	return strings.TrimSpace(t[2:])
}

// gooseUp returns the SQL of a goose file's -- +goose Up section: plain stretches, split
// later like any script, and StatementBegin … StatementEnd blocks, sent whole.
func gooseUp(path, text string) ([]Script, error) {
	var scripts []Script
	inUp, inBlock, sawUp := false, false, false
	start, startLine := -1, 0
	closeChunk := func(end int, whole bool) {
		if start >= 0 && strings.TrimSpace(text[start:end]) != "" {
			scripts = append(scripts, Script{File: path, Line: startLine, Text: text[start:end], Whole: whole})
		}
		start = -1
	}
	for _, l := range lines(text) {
		a := strings.ToLower(annotation(l.text))
		if !strings.HasPrefix(a, "+goose") {
			if inUp && start < 0 {
				start, startLine = l.off, l.number
			}
			continue
		}
		switch strings.Join(strings.Fields(a), " ") {
		case "+goose up":
			closeChunk(l.off, false)
			inUp, sawUp = true, true
		case "+goose down":
			if inBlock {
				return nil, fmt.Errorf("%w: %s:%d: -- +goose Down inside a StatementBegin block (missing StatementEnd)", ErrFolder, path, l.number)
			}
			closeChunk(l.off, false)
			inUp = false
		case "+goose statementbegin":
			if inUp {
				closeChunk(l.off, false)
				inBlock = true
			}
		case "+goose statementend":
			if inUp {
				if !inBlock {
					return nil, fmt.Errorf("%w: %s:%d: -- +goose StatementEnd without StatementBegin", ErrFolder, path, l.number)
				}
				closeChunk(l.off, true)
				inBlock = false
			}
		case "+goose no transaction", "+goose envsub off":
		case "+goose envsub on":
			return nil, fmt.Errorf("%w: %s:%d: -- +goose ENVSUB ON: dbinspect does not substitute environment variables into migrations", ErrFolder, path, l.number)
		default:
			return nil, fmt.Errorf("%w: %s:%d: unknown goose annotation %q", ErrFolder, path, l.number, strings.TrimSpace(l.text))
		}
	}
	if inBlock {
		return nil, fmt.Errorf("%w: %s: a -- +goose StatementBegin block has no StatementEnd", ErrFolder, path)
	}
	if !sawUp {
		return nil, fmt.Errorf("%w: %s has no -- +goose Up section", ErrFolder, path)
	}
	if inUp {
		closeChunk(len(text), false)
	}
	return scripts, nil
}

// dbmateUp returns the SQL of a dbmate file's -- migrate:up section.
func dbmateUp(path, text string) ([]Script, error) {
	up, down := -1, len(text)
	upLine := 0
	for _, l := range lines(text) {
		a := annotation(l.text)
		switch {
		case up < 0 && hasWordPrefix(a+" ", "migrate:up"):
			up, upLine = lineEnd(text, l.off)+1, l.number+1
		case up >= 0 && hasWordPrefix(a+" ", "migrate:down"):
			down = l.off
		}
		if down < len(text) {
			break
		}
	}
	if up < 0 {
		return nil, fmt.Errorf("%w: %s has no -- migrate:up section", ErrFolder, path)
	}
	if up > down || up > len(text) {
		return nil, nil
	}
	return []Script{{File: path, Line: upLine, Text: text[up:down]}}, nil
}

// readFlyway reads versioned migrations by version, then repeatable ones by description;
// undo and baseline files are not part of a migration from empty. Flyway reads subfolders too.
func (f *Folder) readFlyway(dir string) error {
	type versioned struct {
		parts []*big.Int
		path  string
		ver   string
	}
	var vs []versioned
	var rs []string
	seen := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isSQLName(d.Name()) {
			return nil
		}
		name := d.Name()
		switch m := flywayVersioned.FindStringSubmatch(name); {
		case m != nil:
			parts, key := flywayVersion(m[1])
			if other, dup := seen[key]; dup {
				return fmt.Errorf("%w: %s and %s have the same version %s", ErrFolder, other, path, key)
			}
			seen[key] = path
			vs = append(vs, versioned{parts, path, m[1]})
		case flywayRepeatable.MatchString(name):
			rs = append(rs, path)
		default:
			f.Ignored = append(f.Ignored, path)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFolder, err)
	}
	slices.SortFunc(vs, func(a, b versioned) int { return compareParts(a.parts, b.parts) })
	slices.SortFunc(rs, func(a, b string) int { return strings.Compare(filepath.Base(a), filepath.Base(b)) })
	for _, v := range vs {
		if err := f.addWholeFile(filepath.Dir(v.path), filepath.Base(v.path), v.ver); err != nil {
			return err
		}
	}
	for _, r := range rs {
		if err := f.addWholeFile(filepath.Dir(r), filepath.Base(r), ""); err != nil {
			return err
		}
	}
	return nil
}

// flywayVersion parses 1.2_3 into its numeric parts, trailing zeros dropped (Flyway holds
// 1.0 and 1 for the same version), and a canonical key.
func flywayVersion(s string) ([]*big.Int, string) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' })
	parts := make([]*big.Int, len(fields))
	for i, p := range fields {
		parts[i], _ = new(big.Int).SetString(p, 10)
	}
	for len(parts) > 1 && parts[len(parts)-1].Sign() == 0 {
		parts = parts[:len(parts)-1]
	}
	key := make([]string, len(parts))
	for i, p := range parts {
		key[i] = p.String()
	}
	return parts, strings.Join(key, ".")
}

func compareParts(a, b []*big.Int) int {
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := big.NewInt(0), big.NewInt(0)
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if c := x.Cmp(y); c != 0 {
			return c
		}
	}
	return 0
}
