package release

import (
	"context"
	"os"
	"os/exec"
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
	known := makeTargets(t, ctx, clone)
	for _, target := range targets {
		if !known[target] {
			t.Errorf("README documents make %s, which the Makefile lacks", target)
			continue
		}
		if target == "run" {
			continue // its recipe calls $(MAKE), which -n runs for real (and then execs the app)
		}
		// -n prints without running; a broken prerequisite chain fails here.
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

// makeTargets lists the targets make knows in dir, from its database
// (make -p), without running any recipe.
func makeTargets(t *testing.T, ctx context.Context, dir string) map[string]bool {
	t.Helper()
	cmd := exec.CommandContext(ctx, "make", "-pRrq", "-f", "Makefile", ".release-test-none")
	cmd.Dir = dir
	out, _ := cmd.Output() // exits 2 on the missing goal, after printing the database
	known := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		name, _, ok := strings.Cut(line, ":")
		if ok && name != "" && !strings.ContainsAny(name, " \t$#/=.%") {
			known[name] = true
		}
	}
	if len(known) < 5 {
		t.Fatalf("make -p listed only %v", known)
	}
	return known
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
