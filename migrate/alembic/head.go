package alembic

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var (
	revisionRe     = regexp.MustCompile(`(?m)^revision\s*(?::[^=\n]*)?=\s*['"]([^'"]+)['"]`)
	downRevisionRe = regexp.MustCompile(`(?m)^down_revision\s*(?::[^=\n]*)?=\s*([^\n]*)$`)
	quotedRe       = regexp.MustCompile(`['"]([^'"]+)['"]`)
)

// Head reads the revision files of an Alembic versions folder and returns the current head:
// the revision no other revision names as its down_revision. It is "" for a folder without
// revisions (the new one is the first), and an error for several heads (a branch not merged
// yet: say which one with --down-revision) or a file it cannot read.
func Head(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("alembic versions folder: %w", err)
	}
	var revisions []string
	parents := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f) == "__init__.py" {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		m := revisionRe.FindSubmatch(text)
		if m == nil {
			continue // not a revision (a helper module)
		}
		revisions = append(revisions, string(m[1]))
		if d := downRevisionRe.FindSubmatch(text); d != nil {
			for _, q := range quotedRe.FindAllSubmatch(d[1], -1) {
				parents[string(q[1])] = true
			}
		}
	}
	var heads []string
	for _, r := range revisions {
		if !parents[r] {
			heads = append(heads, r)
		}
	}
	slices.Sort(heads)
	switch len(heads) {
	case 0:
		if len(revisions) > 0 {
			return "", fmt.Errorf("alembic versions folder %s: no head (the revisions form a cycle)", dir)
		}
		return "", nil
	case 1:
		return heads[0], nil
	}
	return "", fmt.Errorf("alembic versions folder %s has %d heads (%s): give --down-revision", dir, len(heads), strings.Join(heads, ", "))
}

// FileName is the name `alembic revision` gives a revision file: the id, then the message
// made a slug (lower case letters, digits and underscores, at most 40 characters).
func FileName(id, message string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(message) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	slug := strings.Trim(b.String(), "_")
	if slug == "" {
		return id + ".py"
	}
	return id + "_" + slug + ".py"
}
