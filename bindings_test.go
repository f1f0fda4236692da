package main

import (
	"os"
	"reflect"
	"regexp"
	"testing"
)

// TestUIBindingsExist checks that every method the window's backend module
// calls (frontend/src/lib/backend-wails.ts) is a bound method of App, so a
// renamed or missing binding fails here rather than in the window.
func TestUIBindingsExist(t *testing.T) {
	src, err := os.ReadFile("frontend/src/lib/backend-wails.ts")
	if err != nil {
		t.Fatal(err)
	}
	app := reflect.TypeOf(&App{})
	calls := regexp.MustCompile(`call(?:<[^>]*>)?\('([A-Z]\w*)'`).FindAllStringSubmatch(string(src), -1)
	if len(calls) < 20 {
		t.Fatalf("only %d bound calls found: the pattern no longer matches", len(calls))
	}
	for _, c := range calls {
		if _, ok := app.MethodByName(c[1]); !ok {
			t.Errorf("the UI calls %s, which App does not bind", c[1])
		}
	}
}
