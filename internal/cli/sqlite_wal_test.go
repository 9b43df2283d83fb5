package cli

import (
	"bytes"
	"database/sql"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// walDatabase makes an SQLite file in WAL mode with the sqlite3 shell (which leaves no -wal
// file when it closes) in a folder everyone may read.
func walDatabase(t *testing.T) (dir, path string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "dbi-wal-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	db := dbtest.SQLiteFile(t)
	db.LoadScript(t, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY);")
	db.Admin.Close()
	path = filepath.Join(dir, "app.db")
	data, err := os.ReadFile(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, data, 0o644)
	if data[18] != 2 {
		t.Fatal("the test database is not in WAL mode")
	}
	return dir, path
}

func leftovers(path string) []string {
	m, _ := filepath.Glob(path + "-*")
	return m
}

// TestSQLiteWALReadLeavesNothing: reading a WAL database leaves no -wal or -shm file and
// does not touch the file; a transaction still in the -wal file (a writer has it open) is read.
func TestSQLiteWALReadLeavesNothing(t *testing.T) {
	_, path := walDatabase(t)
	before, _ := os.Stat(path)
	if out, stderr, code := dbinspect(t, "tables", "--db", path, "--format", "json"); code != 0 || !strings.Contains(out, `"t"`) {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	if left := leftovers(path); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	if after, _ := os.Stat(path); !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Error("the database file changed")
	}

	writer, err := sql.Open("sqlite", path+"?_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	writer.SetMaxOpenConns(1)
	if _, err := writer.Exec("CREATE TABLE only_in_wal (x int)"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("the writer's transaction is not in the -wal file (%v)", err)
	}
	if out, stderr, code := dbinspect(t, "tables", "--db", path, "--format", "json"); code != 0 || !strings.Contains(out, "only_in_wal") {
		t.Errorf("a committed transaction in the -wal file was not read: exit %d: %s %s", code, out, stderr)
	}
}

// TestSQLiteWALInReadOnlyFolder: a WAL database in a folder the user may not write opens (as
// a user who is not root: root may write anywhere); with transactions left in a -wal file the
// error says what to do.
func TestSQLiteWALInReadOnlyFolder(t *testing.T) {
	dir, path := walDatabase(t)
	bin := filepath.Join(dir, "dbinspect.test")
	copyExecutable(t, os.Args[0], bin)
	os.Chmod(dir, 0o555)
	run := func(db string) (string, string, int) {
		cmd := exec.Command(bin, "tables", "--db", db)
		cmd.Env = append(os.Environ(), "DBINSPECT_TEST_AS_CLI=1")
		cmd.Dir = dir
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		cmd.Run()
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	if out, stderr, code := run(path); code != 0 || !strings.Contains(out, " t ") {
		t.Fatalf("WAL database in a read-only folder: exit %d: %s %s", code, out, stderr)
	}
	if left := leftovers(path); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}

	// A -wal file with transactions, and no -shm: SQLite must write the -shm to read it.
	os.Chmod(dir, 0o755)
	walled := filepath.Join(dir, "walled.db")
	writer, err := sql.Open("sqlite", walled+"?_pragma=journal_mode(wal)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	writer.SetMaxOpenConns(1)
	if _, err := writer.Exec("CREATE TABLE w (x int)"); err != nil {
		t.Fatal(err)
	}
	copyWALFile(t, walled+"-wal", filepath.Join(dir, "copy.db-wal"))
	copyWALFile(t, walled, filepath.Join(dir, "copy.db"))
	writer.Close()
	os.Chmod(dir, 0o555)
	_, stderr, code := run(filepath.Join(dir, "copy.db"))
	oneLineError(t, code, stderr, "is in WAL mode with a -wal file", "make the folder writable", "or copy copy.db and copy.db-wal to a writable folder")
}

func copyWALFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyExecutable(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
}
