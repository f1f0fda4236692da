package backup

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fileSource writes a small file, as the store's VACUUM INTO would.
type fileSource struct{ body string }

func (f fileSource) Backup(_ context.Context, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return os.WriteFile(dst, []byte(f.body), 0o600)
}

func TestCreateNamesAndPrunes(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	m := New(fileSource{"db"}, dir, Options{Keep: 3, Now: func() time.Time { return now }})
	var made []string
	for range 5 {
		b, err := m.Create(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if b.Size != 2 || filepath.Dir(b.Path) != filepath.Join(dir, DirName) {
			t.Fatalf("backup %+v", b)
		}
		made = append(made, b.FileName)
		now = now.Add(24 * time.Hour)
	}
	if made[0] != "wasync-20250102-030405.db" {
		t.Fatalf("first name %q", made[0])
	}
	names, err := m.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{made[4], made[3], made[2]}
	if len(names) != 3 || names[0] != want[0] || names[1] != want[1] || names[2] != want[2] {
		t.Fatalf("kept %v, want %v", names, want)
	}
}

func TestSameSecondGetsASecondName(t *testing.T) {
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	m := New(fileSource{"db"}, t.TempDir(), Options{Keep: 2, Now: func() time.Time { return now }})
	a, _ := m.Create(context.Background())
	b, err := m.Create(context.Background())
	if err != nil || a.FileName == b.FileName || b.FileName != "wasync-20250102-030405-2.db" {
		t.Fatalf("%v %q %q", err, a.FileName, b.FileName)
	}
	names, _ := m.List()
	if len(names) != 2 || names[0] != b.FileName {
		t.Fatalf("list %v: the later twin must sort first", names)
	}
}

func TestWriteToStreamsAndCleansUp(t *testing.T) {
	dir := t.TempDir()
	m := New(fileSource{"database bytes"}, dir, Options{})
	var buf bytes.Buffer
	var gotName string
	var gotSize int64
	if err := m.WriteTo(context.Background(), &buf, func(n string, s int64) { gotName, gotSize = n, s }); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "database bytes" || gotSize != 14 || gotName == "" {
		t.Fatalf("sent %q as %q (%d bytes)", buf.String(), gotName, gotSize)
	}
	if left, _ := os.ReadDir(m.Dir()); len(left) != 0 {
		t.Fatalf("%d files left behind", len(left))
	}
}

func TestRunBacksUpOnSchedule(t *testing.T) {
	m := New(fileSource{"db"}, t.TempDir(), Options{Every: 10 * time.Millisecond, Keep: 2})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		names, _ := m.List()
		if len(names) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5s: %v", names)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	// No schedule: Run returns at once.
	New(fileSource{}, t.TempDir(), Options{}).Run(context.Background())
}
