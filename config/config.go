// Package config reads dbinspect.yaml: named environments with their URLs, the default
// environment, table filters, diff settings, comments for `dbinspect doc`, lint settings, and
// the fleets of tenant databases for `dbinspect fleet`.
//
// It is a package of its own because the file is a user-facing format with its own rules
// (${VAR} expansion so secrets stay out of the file, lookup in the current directory, every
// key checked with the closest valid one named) that main, the differ and the exporters all
// read. It imports only the standard library, internal/suggest and sigs.k8s.io/yaml, which
// decodes YAML through the json tags, so the file's keys follow the same conventions as the
// snapshot format.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/dbinspect/dbinspect/internal/secret"
)

// FileName is the config file looked for in the current directory.
const FileName = "dbinspect.yaml"

// ErrConfig marks every error about the config file's content.
var ErrConfig = errors.New("config")

// Config is the content of dbinspect.yaml.
type Config struct {
	// Default names the environment used when no --db is given.
	Default string `json:"default,omitempty"`
	// Environments maps a name (prod, staging, …) to where its database is.
	Environments map[string]Environment `json:"environments,omitempty"`
	// Tables chooses which tables every command sees.
	Tables Filter `json:"tables,omitempty"`
	// Diff holds defaults for `dbinspect diff`.
	Diff DiffSettings `json:"diff,omitempty"`
	// Doc holds settings for `dbinspect doc`.
	Doc DocSettings `json:"doc,omitempty"`
	// Lint configures `dbinspect lint` (docs/lint.md).
	Lint LintSettings `json:"lint,omitempty"`
	// Dev is the development server on which dbinspect may create, load and drop scratch
	// databases to read .sql files and migration folders written for PostgreSQL or MySQL
	// (what --dev-url gives on the command line). It is never inferred from an environment:
	// only the server named here is ever written to. Same forms as an environment.
	Dev *Environment `json:"dev,omitempty"`
	// Fleets are named groups of tenant databases or schemas for `dbinspect fleet`.
	Fleets map[string]Fleet `json:"fleets,omitempty"`

	// Path is the file the config was read from ("" when there was none).
	Path string `json:"-"`
}

// Environment is one named database.
type Environment struct {
	// URL may contain ${VAR} references, expanded from the process environment when used. A
	// value expanded into the URL's user name, password, path or query is escaped for that
	// place, so a secret holding / # ? @ : % cannot break the URL.
	URL string `json:"url"`
	// Password gives the password beside the URL instead of in it; it may be a ${VAR}
	// reference (password: ${PROD_PASSWORD}).
	Password string `json:"password,omitempty"`
	// PasswordEnv names the environment variable that holds the password
	// (password_env: PROD_PASSWORD).
	PasswordEnv string `json:"password_env,omitempty"`
	// Schemas to inspect (PostgreSQL schemas, extra MySQL databases); empty means the default.
	Schemas []string `json:"schemas,omitempty"`
}

// UnmarshalJSON accepts both `prod: postgres://…` and `prod: {url: postgres://…}`.
func (e *Environment) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		e.URL = s
		return nil
	}
	type plain Environment
	return json.Unmarshal(b, (*plain)(e))
}

// Filter selects tables by glob patterns on "schema.table" (or just "table").
type Filter struct {
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// DiffSettings are defaults for `dbinspect diff`.
type DiffSettings struct {
	Ignore  []string `json:"ignore,omitempty"`
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
	// SchemaMap maps FROM schema names to TO schema names ("tenant_a": "tenant_b").
	SchemaMap map[string]string `json:"schema_map,omitempty"`
	// Privileges also compares owners, grants and default privileges (PostgreSQL).
	Privileges bool `json:"privileges,omitempty"`
	// RoleMap pairs FROM role names with TO role names ("app_prod": "app_staging").
	RoleMap map[string]string `json:"role_map,omitempty"`
}

// DocSettings are settings for `dbinspect doc`.
type DocSettings struct {
	// Comments supplies comments the database does not hold (SQLite has none): keys are
	// "table", "table.column", "schema.table" or "schema.table.column"; they are merged into
	// the generated pages and never written to the database. A comment the database has is
	// replaced by the configured one.
	Comments map[string]string `json:"comments,omitempty"`
}

// LintSettings configure `dbinspect lint`. Rule ids and rule parameters are checked by package
// lint, which knows the rules; this package checks the shape, severities and globs.
type LintSettings struct {
	// Rules configures rules by id: on or off, severity, parameters, excludes.
	Rules map[string]LintRule `json:"rules,omitempty"`
	// ExcludeTables leaves tables out of every rule (globs on "table" or "schema.table").
	ExcludeTables []string `json:"exclude_tables,omitempty"`
	// Accept lists single findings the team has accepted, each with its reason.
	Accept []LintAcceptance `json:"accept,omitempty"`
}

// LintRule is the configuration of one rule. In the file it is either a mapping or a
// shorthand: `false`/`off` (disabled), `true`/`on` (enabled), or a severity (enabled with it).
type LintRule struct {
	// Enabled turns the rule on or off; nil keeps the rule's default.
	Enabled *bool `json:"enabled,omitempty"`
	// Severity overrides the rule's default: "error", "warning" or "notice".
	Severity string `json:"severity,omitempty"`
	// ExcludeTables are globs on "table" or "schema.table" the rule does not look at.
	ExcludeTables []string `json:"exclude_tables,omitempty"`
	// ExcludeColumns are globs on "table.column" or "schema.table.column".
	ExcludeColumns []string `json:"exclude_columns,omitempty"`
	// Params holds every other key: the rule's own parameters (e.g. max: 40), as JSON.
	Params map[string]json.RawMessage `json:"-"`
}

// LintAcceptance accepts one finding: the rule's id, the object it is about as the finding
// names it ("schema.table", "table.column", "schema.table.index"), and why it is fine.
type LintAcceptance struct {
	Rule   string `json:"rule"`
	Object string `json:"object"`
	Reason string `json:"reason"`
}

// Severities a lint rule may be given.
var Severities = []string{"error", "warning", "notice"}

// UnmarshalJSON reads the shorthands and puts unknown keys into Params.
func (r *LintRule) UnmarshalJSON(b []byte) error {
	var on bool
	if err := json.Unmarshal(b, &on); err == nil {
		*r = LintRule{Enabled: &on}
		return nil
	}
	var word string
	if err := json.Unmarshal(b, &word); err == nil {
		switch word {
		case "on", "off":
			on = word == "on"
			*r = LintRule{Enabled: &on}
		default:
			on = true
			*r = LintRule{Enabled: &on, Severity: word}
		}
		return nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return fmt.Errorf("a lint rule is a mapping, true/false, or a severity: %w", err)
	}
	type plain LintRule
	var p plain
	known := map[string]any{"enabled": &p.Enabled, "severity": &p.Severity,
		"exclude_tables": &p.ExcludeTables, "exclude_columns": &p.ExcludeColumns}
	for k, v := range all {
		dst, ok := known[k]
		if !ok {
			if p.Params == nil {
				p.Params = map[string]json.RawMessage{}
			}
			p.Params[k] = v
			continue
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	*r = LintRule(p)
	return nil
}

func (l LintSettings) check() error {
	globs := append([]string{}, l.ExcludeTables...)
	for id, r := range l.Rules {
		if r.Severity != "" && !slices.Contains(Severities, r.Severity) {
			return fmt.Errorf("lint rule %q: severity %q is not one of %s", id, r.Severity, strings.Join(Severities, ", "))
		}
		globs = append(append(globs, r.ExcludeTables...), r.ExcludeColumns...)
	}
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("bad lint exclude pattern %q: %v", g, err)
		}
	}
	for i, a := range l.Accept {
		if a.Rule == "" || a.Object == "" || strings.TrimSpace(a.Reason) == "" {
			return fmt.Errorf("lint accept entry %d needs rule, object and reason (why the finding is fine)", i+1)
		}
	}
	return nil
}

// Load reads the config file. With path "" it looks for dbinspect.yaml in the current
// directory and returns an empty config when there is none; a path given explicitly must exist.
func Load(path string) (*Config, error) {
	explicit := path != ""
	if !explicit {
		path = FileName
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return &Config{}, nil
		}
		return nil, fmt.Errorf("%w: cannot read %s: %v", ErrConfig, path, errors.Unwrap(err))
	}
	c, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrConfig, path, err)
	}
	c.Path = path
	return c, nil
}

// Parse decodes a config document and checks it.
func Parse(data []byte) (*Config, error) {
	var c Config
	if err := checkKeys(data); err != nil {
		return nil, err
	}
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("invalid YAML: %v", err)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) check() error {
	for _, name := range c.Names() {
		if err := c.Environments[name].check(name); err != nil {
			return err
		}
	}
	if c.Dev != nil && strings.TrimSpace(c.Dev.URL) == "" {
		return fmt.Errorf("dev has no url (write dev: postgres://user@localhost:5432/postgres, a server where dbinspect may create scratch databases)")
	}
	if c.Default != "" {
		if _, ok := c.Environments[c.Default]; !ok {
			return fmt.Errorf("default environment %q is not among the environments", c.Default)
		}
	}
	for _, g := range append(append([]string{}, c.Tables.Include...), c.Tables.Exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("bad table pattern %q: %v", g, err)
		}
	}
	for key := range c.Doc.Comments {
		if err := checkCommentKey(key); err != nil {
			return err
		}
	}
	if err := c.checkFleets(); err != nil {
		return err
	}
	return c.Lint.check()
}

// checkCommentKey accepts a doc.comments key of one to three non-empty dot-separated names.
func checkCommentKey(key string) error {
	parts := strings.Split(key, ".")
	if len(parts) > 3 {
		return fmt.Errorf("doc.comments key %q has more than three parts (want table, table.column or schema.table.column)", key)
	}
	for _, p := range parts {
		if strings.TrimSpace(p) == "" {
			return fmt.Errorf("doc.comments key %q has an empty part (want table, table.column or schema.table.column)", key)
		}
	}
	return nil
}

// Names returns the environment names in order.
func (c *Config) Names() []string {
	names := make([]string, 0, len(c.Environments))
	for n := range c.Environments {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// varRe matches ${VAR}; a bare $ is left alone, since passwords may contain one.
var varRe = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// envNameRe is what password_env may name.
var envNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (env Environment) check(name string) error {
	if strings.TrimSpace(env.URL) == "" {
		return fmt.Errorf("environment %q has no url", name)
	}
	if env.Password != "" && env.PasswordEnv != "" {
		return fmt.Errorf("environment %q has both password and password_env: keep one", name)
	}
	if env.PasswordEnv != "" && !envNameRe.MatchString(env.PasswordEnv) {
		return fmt.Errorf("environment %q: password_env %q is not a variable name (write password_env: PROD_PASSWORD, without $ or braces)", name, env.PasswordEnv)
	}
	if (env.Password != "" || env.PasswordEnv != "") && urlHasPassword(env.URL) {
		return fmt.Errorf("environment %q gives a password in its url and in password/password_env: keep one", name)
	}
	return nil
}

// URL returns an environment's URL with ${VAR} references expanded, each value escaped for
// the part of the URL it lands in. ok is false when there is no such environment; an unset
// variable is an error that names it.
func (c *Config) URL(name string) (u string, ok bool, err error) {
	env, ok := c.Environments[name]
	if !ok {
		return "", false, nil
	}
	u, missing := expandURL(env.URL)
	if len(missing) > 0 {
		return "", true, fmt.Errorf("%w: environment %q uses %s, which is not set", ErrConfig, name, strings.Join(missing, ", "))
	}
	return u, true, nil
}

// DevURL returns the URL of the dev: server, expanded as an environment's URL is; ok is false
// when the config names no dev server.
func (c *Config) DevURL() (u string, ok bool, err error) {
	if c.Dev == nil {
		return "", false, nil
	}
	only := Config{Environments: map[string]Environment{"dev": *c.Dev}}
	u, _, err = only.URL("dev")
	return u, true, err
}

// Password returns the password an environment gives beside its URL (password: or
// password_env:); given is false when it gives none, so the URL's own password, the drivers'
// conventions (PGPASSWORD, ~/.pgpass, PGSERVICE) or no password apply.
func (c *Config) Password(name string) (password string, given bool, err error) {
	env, ok := c.Environments[name]
	if !ok {
		return "", false, nil
	}
	switch {
	case env.PasswordEnv != "":
		v, set := os.LookupEnv(env.PasswordEnv)
		if !set {
			return "", true, fmt.Errorf("%w: environment %q takes its password from $%s, which is not set", ErrConfig, name, env.PasswordEnv)
		}
		return v, true, nil
	case env.Password != "":
		var missing []string
		v := varRe.ReplaceAllStringFunc(env.Password, func(m string) string {
			v, set := os.LookupEnv(m[2 : len(m)-1])
			if !set {
				missing = append(missing, m)
			}
			return v
		})
		if len(missing) > 0 {
			return "", true, fmt.Errorf("%w: environment %q takes its password from %s, which is not set", ErrConfig, name, strings.Join(missing, ", "))
		}
		return v, true, nil
	}
	return "", false, nil
}

// DevPassword returns the password the dev: server gives beside its URL, as Password does
// for an environment.
func (c *Config) DevPassword() (password string, given bool, err error) {
	if c.Dev == nil {
		return "", false, nil
	}
	only := Config{Environments: map[string]Environment{"dev": *c.Dev}}
	return only.Password("dev")
}

// Redacted returns an environment's URL as it may be shown, whether or not it parses: ${VAR}
// references stay as written (they are no secret), a literal password is masked, and a
// password given beside the URL is said to be there without its value.
func (c *Config) Redacted(name string) string {
	env := c.Environments[name]
	shown := secret.Target(env.URL)
	if p, ok := userinfoPassword(env.URL); ok && onlyReferences(p) {
		// postgres://app:${PROD_PASSWORD}@… shows how the password is given, not what it is.
		shown = strings.Replace(shown, ":"+secret.Mask+"@", ":"+p+"@", 1)
	}
	switch {
	case env.PasswordEnv != "":
		shown += " (password from $" + env.PasswordEnv + ")"
	case env.Password != "" && onlyReferences(env.Password):
		shown += " (password from " + env.Password + ")"
	case env.Password != "":
		shown += " (password given in the config)"
	}
	return shown
}

// onlyReferences reports whether s is made of ${VAR} references alone.
func onlyReferences(s string) bool {
	return s != "" && varRe.ReplaceAllString(s, "") == ""
}

// urlParts are where the parts of a URL template lie, as byte offsets: the authority starts
// at scheme; the user name ends at userEnd, the userinfo at infoEnd (-1 without userinfo);
// the host ends at hostEnd and the path at pathEnd, where the query starts.
type urlParts struct {
	scheme, userEnd, infoEnd, hostEnd, pathEnd int
}

// splitURL finds the parts of a URL template without parsing it (it may not parse until its
// variables are expanded): the userinfo runs to the last '@', the host to the next '/' or
// '?', the path to the next '?'.
func splitURL(s string) (p urlParts, ok bool) {
	i := strings.Index(s, "://")
	if i <= 0 {
		return p, false
	}
	p.scheme = i + 3
	p.userEnd, p.infoEnd = -1, -1
	if at := strings.LastIndexByte(s[p.scheme:], '@'); at >= 0 {
		p.infoEnd = p.scheme + at
		p.userEnd = p.infoEnd
		if colon := strings.IndexByte(s[p.scheme:p.infoEnd], ':'); colon >= 0 {
			p.userEnd = p.scheme + colon
		}
	}
	hostStart := p.scheme
	if p.infoEnd >= 0 {
		hostStart = p.infoEnd + 1
	}
	p.hostEnd = len(s)
	if j := strings.IndexAny(s[hostStart:], "/?"); j >= 0 {
		p.hostEnd = hostStart + j
	}
	p.pathEnd = len(s)
	if j := strings.IndexByte(s[p.hostEnd:], '?'); j >= 0 {
		p.pathEnd = p.hostEnd + j
	}
	return p, true
}

// userinfoPassword returns the password part of a URL template's userinfo, as written.
func userinfoPassword(s string) (string, bool) {
	p, ok := splitURL(s)
	if !ok || p.infoEnd < 0 || p.userEnd == p.infoEnd {
		return "", false
	}
	return s[p.userEnd+1 : p.infoEnd], true
}

// urlHasPassword reports whether a URL template carries a password of its own, in its
// userinfo or as a password= parameter.
func urlHasPassword(s string) bool {
	if pw, ok := userinfoPassword(s); ok && pw != "" {
		return true
	}
	return secret.Target(s) != s
}

// expandURL replaces the ${VAR} references of a URL template, escaping each value for the
// part of the URL it lands in: the user name and password (userinfo escaping, so / # ? @ :
// and % stay inside the password), the path (% ? #), the query (query escaping). A value in
// the host, or in a template that is not a URL (a bare ${DATABASE_URL}), is used as it is.
func expandURL(tmpl string) (string, []string) {
	parts, isURL := splitURL(tmpl)
	var missing []string
	var b strings.Builder
	last := 0
	for _, m := range varRe.FindAllStringSubmatchIndex(tmpl, -1) {
		b.WriteString(tmpl[last:m[0]])
		last = m[1]
		v, set := os.LookupEnv(tmpl[m[2]:m[3]])
		if !set {
			missing = append(missing, tmpl[m[0]:m[1]])
			continue
		}
		if isURL {
			v = parts.escape(m[0], v)
		}
		b.WriteString(v)
	}
	b.WriteString(tmpl[last:])
	return b.String(), missing
}

// escape escapes a value expanded at offset at of the template.
func (p urlParts) escape(at int, v string) string {
	switch {
	case at < p.scheme:
		return v
	case p.infoEnd >= 0 && at < p.userEnd:
		// The user name: a value "user:password" still splits at its first ':'.
		user, pass, hasPass := strings.Cut(v, ":")
		if hasPass {
			return escapeUserinfo(user) + ":" + escapeUserinfo(pass)
		}
		return escapeUserinfo(v)
	case p.infoEnd >= 0 && at < p.infoEnd:
		return escapeUserinfo(v)
	case at < p.hostEnd:
		return v
	case at < p.pathEnd:
		return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(v)
	}
	return url.QueryEscape(v)
}

// escapeUserinfo escapes s for the user name or password of a URL with url.UserPassword's
// own escaping, which leaves no '@', '/', '?', ':', '#' or '%' bare.
func escapeUserinfo(s string) string {
	return strings.TrimPrefix(url.UserPassword("", s).String(), ":")
}
