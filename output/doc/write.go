package doc

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// ManifestName is the file, in the site folder, that lists the files doc wrote there, so a
// later run knows which stale pages it may remove and leaves every other file alone.
const ManifestName = ".dbinspect-doc"

const manifestHeader = "# files written by dbinspect doc; a later run removes those it no longer writes\n"

// sitePath matches the paths doc writes (and so the only manifest entries it will remove).
var sitePath = regexp.MustCompile(`^[a-z0-9_-]+(/[a-z0-9_-]+)*\.(html|md|svg|css|js)$|^README\.md$|^[a-z0-9_/-]+/README\.md$`)

// Result says what Write did.
type Result struct {
	Written, Unchanged, Removed int
}

// Write puts the site into dir: each file atomically (a temporary file renamed over it),
// files whose content is already right untouched, and the files listed in the manifest of
// an earlier run that the site no longer has removed. A dir that holds files but no
// manifest is refused, so doc never overwrites files it did not write.
func (s *Site) Write(dir string) (Result, error) {
	var res Result
	old, err := readManifest(dir)
	if err != nil {
		return res, err
	}
	if old == nil {
		if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
			return res, fmt.Errorf("%s is not empty and was not written by dbinspect doc (no %s): choose a new or empty folder", dir, ManifestName)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return res, err
	}
	var todo []string
	for _, p := range s.Paths() {
		target := filepath.Join(dir, filepath.FromSlash(p))
		if have, err := os.ReadFile(target); err == nil && bytes.Equal(have, s.Files[p]) {
			res.Unchanged++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return res, err
		}
		todo = append(todo, p)
	}
	if err := s.writeFiles(dir, todo); err != nil {
		return res, err
	}
	res.Written = len(todo)
	for _, p := range old {
		if _, keep := s.Files[p]; keep {
			continue
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, err
		}
		res.Removed++
		removeEmptyParents(dir, filepath.Dir(target))
	}
	manifest := manifestHeader + strings.Join(s.Paths(), "\n") + "\n"
	return res, writeAtomic(filepath.Join(dir, ManifestName), []byte(manifest))
}

// writeFiles writes each file atomically: to a temporary file in its folder, renamed over
// the old one, so a reader (or a crash) never sees half a page. Unlike output.WriteFile it
// does not fsync each file: a site is regenerated at will, and 734 fsyncs made the
// MusicBrainz site take 3–4 s instead of about 1 s (see the issue 21 note).
func (s *Site) writeFiles(dir string, paths []string) error {
	for _, p := range paths {
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(p)), s.Files[p]); err != nil {
			return err
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) (err error) {
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// createTemp creates a new hidden file beside path, readable by all (0644 less the umask,
// as a web server needs; os.CreateTemp's 0600 would need a chmod per file, which doubled
// the time of a big site).
func createTemp(path string) (*os.File, error) {
	for {
		var b [6]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// removeEmptyParents removes folders left empty by a removal, up to (not including) root.
func removeEmptyParents(root, dir string) {
	root = filepath.Clean(root)
	for d := filepath.Clean(dir); d != root && strings.HasPrefix(d, root+string(filepath.Separator)); d = filepath.Dir(d) {
		if os.Remove(d) != nil { // not empty (or not ours to remove): stop
			return
		}
	}
}

// readManifest lists the files an earlier run wrote into dir (nil when there is none).
// Entries that are not paths doc writes are ignored, so an edited manifest cannot make doc
// remove anything else.
func readManifest(dir string) ([]string, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	paths := []string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if sitePath.MatchString(line) && filepath.IsLocal(filepath.FromSlash(line)) {
			paths = append(paths, line)
		}
	}
	return paths, sc.Err()
}

// Difference is a file of the site that is not as Generate would write it now.
type Difference struct {
	Path string
	// Kind is "changed", "missing" (the site has it, dir does not) or "stale" (an earlier
	// run wrote it and the site no longer has it).
	Kind string
}

// Check compares the site with what is in dir and lists the files that differ, by path.
func (s *Site) Check(dir string) ([]Difference, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder written by dbinspect doc", dir)
	}
	var diffs []Difference
	for _, p := range s.Paths() {
		have, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diffs = append(diffs, Difference{p, "missing"})
		case err != nil:
			return nil, err
		case !bytes.Equal(have, s.Files[p]):
			diffs = append(diffs, Difference{p, "changed"})
		}
	}
	old, err := readManifest(dir)
	if err != nil {
		return nil, err
	}
	for _, p := range old {
		if _, ok := s.Files[p]; ok {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			diffs = append(diffs, Difference{p, "stale"})
		}
	}
	slices.SortFunc(diffs, func(a, b Difference) int { return strings.Compare(a.Path, b.Path) })
	return diffs, nil
}
