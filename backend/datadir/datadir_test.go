package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPrepareCreatesPrivateFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if err := Prepare(dir); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o700 {
		t.Fatalf("mode = %v", st.Mode().Perm())
	}
}

func TestPrepareRefusesFileAndUnwritable(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Prepare(f); err == nil {
		t.Fatal("a file accepted as data folder")
	}
	if os.Geteuid() == 0 {
		t.Log("root ignores permissions; unwritable case checked through a path under a file")
		if err := Prepare(filepath.Join(f, "sub")); err == nil {
			t.Fatal("a path under a file accepted")
		}
		return
	}
	ro := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(ro, 0o500); err != nil {
		t.Fatal(err)
	}
	if err := Prepare(filepath.Join(ro, "x")); err == nil {
		t.Fatal("unwritable parent accepted")
	}
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir, Owner{PID: 42, APIAddr: "127.0.0.1:7001", Mode: "headless"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(dir, Owner{PID: 43})
	var re *RunningError
	if !errors.As(err, &re) {
		t.Fatalf("second acquire: err = %v, want RunningError", err)
	}
	if re.Owner.PID != 42 || re.Owner.APIAddr != "127.0.0.1:7001" {
		t.Fatalf("owner = %+v", re.Owner)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(dir, Owner{PID: 44})
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l2.Release()
}
