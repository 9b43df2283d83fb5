package lint

import (
	"embed"
	"strings"
	"sync"
)

// The reserved words of each engine are data, one word a line in reserved/<engine>.txt, each
// file headed by a comment that says where its words came from. TestReservedWordsMatchEngines
// checks the PostgreSQL, MariaDB and SQLite lists against the engines on the test machine
// and rewrites them with -update.

//go:embed reserved/*.txt
var reservedFiles embed.FS

// reservedEngines are the engines with a list, as named in messages, and their files.
var reservedEngines = []struct{ key, name string }{
	{"postgres", "PostgreSQL"},
	{"mysql", "MySQL"},
	{"mariadb", "MariaDB"},
	{"sqlite", "SQLite"},
}

var (
	reservedOnce sync.Once
	reservedBy   map[string][]string // lower-case word → engine names
)

// reservedIn returns the engines (of those whose keys are given, all when none are) in which
// word is reserved, by name, in the order of reservedEngines.
func reservedIn(word string, keys []string) []string {
	reservedOnce.Do(loadReserved)
	var out []string
	for _, name := range reservedBy[strings.ToLower(word)] {
		if len(keys) == 0 || containsFold(keys, engineKey(name)) {
			out = append(out, name)
		}
	}
	return out
}

func loadReserved() {
	reservedBy = map[string][]string{}
	for _, e := range reservedEngines {
		for _, w := range readReserved(e.key) {
			reservedBy[w] = append(reservedBy[w], e.name)
		}
	}
}

// readReserved reads one engine's list: its words, without the comment lines.
func readReserved(key string) []string {
	data, err := reservedFiles.ReadFile("reserved/" + key + ".txt")
	if err != nil {
		panic(err) // embedded at build time: a missing file is a build mistake
	}
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			words = append(words, strings.ToLower(line))
		}
	}
	return words
}

func engineKey(name string) string {
	for _, e := range reservedEngines {
		if e.name == name {
			return e.key
		}
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
