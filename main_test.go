package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/datadir"
	"github.com/wasync/wasync/backend/store"
)

// runWith calls run with a controlled environment and returns its exit code
// and output.
func runWith(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	code := run(args, getenv, nil, &out, &out)
	return code, out.String()
}

func TestBadStartsExitWithAClearMessage(t *testing.T) {
	env := map[string]string{"HOME": t.TempDir()}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown flag", []string{"--frobnicate"}, 2, "flag provided but not defined"},
		{"bad address", []string{"--api-addr", "nowhere"}, 2, "want host:port"},
		{"data folder is a file", []string{"--data-dir", file}, 1, "cannot create data folder"},
		{"data folder under a file", []string{"--data-dir", filepath.Join(file, "sub")}, 1, "cannot create data folder"},
		{"port in use", []string{"--data-dir", t.TempDir(), "--api-addr", busy.Addr().String()}, 1, "cannot listen on " + busy.Addr().String()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out := runWith(t, env, c.args...)
			if code != c.code || !strings.Contains(out, c.want) {
				t.Fatalf("exit %d, output:\n%s\nwant exit %d containing %q", code, out, c.code, c.want)
			}
			if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
				t.Fatalf("stack trace in output:\n%s", out)
			}
		})
	}
}

func TestCorruptDatabaseIsLeftUntouched(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, store.FileName)
	junk := bytes.Repeat([]byte("definitely not sqlite "), 300)
	if err := os.WriteFile(db, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out := runWith(t, map[string]string{}, "--data-dir", dir, "--api-addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(out, "not a SQLite database") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	after, _ := os.ReadFile(db)
	if !bytes.Equal(after, junk) {
		t.Fatal("corrupt database was modified")
	}
}

func TestSecondInstanceSaysAlreadyRunning(t *testing.T) {
	dir := t.TempDir()
	lock, err := datadir.Acquire(dir, datadir.Owner{PID: 4242, APIAddr: "127.0.0.1:7999", Mode: "headless"})
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	code, out := runWith(t, map[string]string{}, "--data-dir", dir, "--headless", "--api-addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(out, "already running") || !strings.Contains(out, "pid 4242") ||
		!strings.Contains(out, "http://127.0.0.1:7999/") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); !os.IsNotExist(err) {
		t.Fatal("second instance touched the database")
	}
}

func TestVersionAndHelp(t *testing.T) {
	if code, out := runWith(t, nil, "--version"); code != 0 || !strings.HasPrefix(out, "wasync ") {
		t.Fatalf("--version: %d %q", code, out)
	}
	if code, out := runWith(t, nil, "--help"); code != 0 || !strings.Contains(out, "-data-dir") {
		t.Fatalf("--help: %d %q", code, out)
	}
}
