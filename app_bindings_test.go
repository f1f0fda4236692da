package main

import (
	"os"
	"reflect"
	"regexp"
	"testing"
)

// TestWindowCallsOnlyBoundMethods checks that every Go method the window's
// UI calls (backend-wails.ts) is bound on App, so no screen meets "this
// version of wasync has no ... yet" in the desktop build.
func TestWindowCallsOnlyBoundMethods(t *testing.T) {
	src, err := os.ReadFile("frontend/src/lib/backend-wails.ts")
	if err != nil {
		t.Fatal(err)
	}
	calls := regexp.MustCompile(`\bcall(?:<[^>(]*>)?\('([A-Za-z]+)'`).FindAllSubmatch(src, -1)
	if len(calls) < 10 {
		t.Fatalf("found only %d bound calls in backend-wails.ts; has its call helper changed?", len(calls))
	}
	app := reflect.TypeOf(&App{})
	for _, c := range calls {
		if _, ok := app.MethodByName(string(c[1])); !ok {
			t.Errorf("the window calls %s, which App does not bind", c[1])
		}
	}
}
