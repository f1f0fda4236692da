package webhook_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/webhook"
)

// TestKilledWorkerProcess runs the worker in a child process, kills it
// (SIGKILL) while its attempts hang on the receiver, and checks that a new
// worker on the same database delivers every event.
func TestKilledWorkerProcess(t *testing.T) {
	if os.Getenv("WASYNC_WEBHOOK_CHILD_DIR") != "" {
		t.Skip("helper process")
	}
	dir, c := t.TempDir(), newClock()
	rc := newReceiver(t)
	release, hanging := make(chan struct{}), make(chan struct{}, 8)
	t.Cleanup(func() { close(release) })
	rc.setAnswer(func(int, http.ResponseWriter) { hanging <- struct{}{}; <-release })
	st, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wh := addWebhook(t, st, c, rc.srv.URL)
	want := map[string]bool{}
	for range 3 {
		want[enqueue(t, st, c, domain.EventMessageReceived, nil).ID] = true
	}
	st.Close()

	child := exec.Command(os.Args[0], "-test.run=^TestKilledWorkerChild$")
	child.Env = append(os.Environ(), "WASYNC_WEBHOOK_CHILD_DIR="+dir)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		select {
		case <-hanging:
		case <-time.After(20 * time.Second):
			child.Process.Kill()
			t.Fatal("the child process never sent")
		}
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()

	rc.setAnswer(nil)
	st = openStore(t, dir)
	flush(t, webhook.New(st, webhook.Options{}))
	got := deliveries(t, st, wh.ID)
	for _, d := range got {
		if d.Status != domain.DeliveryDelivered || !want[d.EventID] || d.Attempts != 1 {
			t.Fatalf("after the kill: %+v", d)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d deliveries, want %d", len(got), len(want))
	}
}

// TestKilledWorkerChild is the child of TestKilledWorkerProcess: it runs
// a worker until it is killed.
func TestKilledWorkerChild(t *testing.T) {
	dir := os.Getenv("WASYNC_WEBHOOK_CHILD_DIR")
	if dir == "" {
		t.Skip("only runs as TestKilledWorkerProcess's child")
	}
	st, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	webhook.New(st, webhook.Options{}).Run(context.Background())
}
