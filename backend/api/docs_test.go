package api

import (
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIDocumentsEveryRoute compares the routes registered in
// server.go with the operations of openapi.json, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	src, err := os.ReadFile("server.go")
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, m := range regexp.MustCompile(`m\.Handle(?:Func)?\("(\w+) ([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		path := strings.TrimSuffix(m[2], "{$}")
		if path == "/" || path == "/ui/" {
			continue // the UI's static files
		}
		registered[m[1]+" "+path] = true
	}
	routes, err := documentedRoutes()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, r := range routes {
		documented[r.Method+" "+r.Path] = true
	}
	var missing, extra []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Fatalf("openapi.json is out of date: undocumented %v, documented but not served %v", missing, extra)
	}
	if len(registered) < 30 {
		t.Fatalf("only %d routes found in server.go: the pattern no longer matches", len(registered))
	}
}

func TestDocsPage(t *testing.T) {
	h := newHarness(t)
	r := h.do(t, "GET", "/docs", "", withKey)
	if r.code != http.StatusFound || r.header.Get("Location") != "/ui/docs.html" {
		t.Fatalf("/docs = %d to %q, want a redirect to the bundled viewer", r.code, r.header.Get("Location"))
	}
	if r := h.do(t, "GET", "/openapi.json", "", nil); r.code != 401 {
		t.Fatalf("/openapi.json without a key = %d", r.code)
	}
}
