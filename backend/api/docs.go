package api

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// openAPI describes the whole HTTP surface (OpenAPI 3.1). A test checks it
// names exactly the routes the server has, and the browser tests validate
// it with a third-party validator.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPI)
}

// docRoute is one documented operation.
type docRoute struct{ Method, Path, Summary string }

// docs sends browsers to the API reference page: Swagger UI bundled into
// the embedded UI (frontend/docs.html), which renders /openapi.json.
func (s *Server) docs(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/ui/docs.html", http.StatusFound)
}

// documentedRoutes lists the operations of the OpenAPI document, by path.
func documentedRoutes() ([]docRoute, error) {
	var doc struct {
		Paths map[string]map[string]struct {
			Summary string `json:"summary"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		return nil, err
	}
	var out []docRoute
	for path, ops := range doc.Paths {
		for method, op := range ops {
			out = append(out, docRoute{Method: strings.ToUpper(method), Path: path, Summary: op.Summary})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out, nil
}
