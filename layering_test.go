package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportLayering keeps each dependency in its one package: Wails only
// in main, whatsmeow only in backend/wa (and its test fake), the SQLite
// driver only in backend/store, and domain a leaf.
func TestImportLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports ","}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/wasync/wasync"
	rules := []struct {
		dep     string
		allowed func(pkg string) bool
	}{
		{"github.com/wailsapp/wails", func(p string) bool { return p == mod }},
		{"go.mau.fi/whatsmeow", func(p string) bool { return strings.HasPrefix(p, mod+"/backend/wa") }},
		{"modernc.org/sqlite", func(p string) bool { return p == mod+"/backend/store" }},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Split(imports, ",") {
			for _, r := range rules {
				if strings.HasPrefix(imp, r.dep) && !r.allowed(pkg) {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
			if pkg == mod+"/backend/domain" && strings.HasPrefix(imp, mod) {
				t.Errorf("domain must be a leaf, imports %s", imp)
			}
		}
	}
}
