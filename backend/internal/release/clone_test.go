package release

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// documentedTargets lists every `make TARGET` the README mentions.
func documentedTargets(t *testing.T, root string) []string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, m := range regexp.MustCompile("`make ([a-z][a-z0-9-]*)").FindAllStringSubmatch(string(readme), -1) {
		set[m[1]] = true
	}
	var out []string
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestFreshClone clones the committed repository into a temp folder (no
// node_modules, no frontend/dist, no build/bin) and runs `make server`
// there, then starts the binary it built; every make target the README
// documents must be known to make (make -n).
func TestFreshClone(t *testing.T) {
	if testing.Short() {
		t.Skip("clones the repository and builds the server")
	}
	root := repoRoot(t)
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skip("not a git checkout")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	clone := filepath.Join(t.TempDir(), "wasync")
	output(t, ctx, root, "git", "clone", "--quiet", "--no-hardlinks", root, clone)

	targets := documentedTargets(t, clone)
	for _, want := range []string{"server", "desktop", "run", "test", "bench", "lint", "race", "package", "demo"} {
		if !contains(targets, want) {
			t.Errorf("README does not document make %s", want)
		}
	}
	for _, target := range targets {
		// -n prints without running; a missing target fails with "No rule".
		output(t, ctx, clone, "make", "-n", target)
	}

	start := time.Now()
	output(t, ctx, clone, "make", "server")
	t.Logf("make server on a fresh clone: %s", time.Since(start).Round(time.Second))
	base := startServer(t, filepath.Join(clone, "build/bin/wasync-server"))
	if code, body := health(t, base); code != 200 || !strings.Contains(body, `"status":true`) {
		t.Fatalf("freshly built server /health: %d %s", code, body)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
