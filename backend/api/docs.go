package api

import (
	_ "embed"
	"encoding/json"
	"html/template"
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

// docRoute is one line of the human page.
type docRoute struct{ Method, Path, Summary string }

var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>wasync API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:900px;margin:24px auto;padding:0 16px;color:#1d2327}
code{background:#eef3f1;padding:1px 4px;border-radius:4px}td{padding:4px 10px;vertical-align:top}
.m{font-weight:600;color:#0b7a6b}</style></head><body>
<h1>wasync local API</h1>
<p>Send the API key in the <code>Authorization</code> header (<code>Authorization: &lt;key&gt;</code> or
<code>Bearer &lt;key&gt;</code>). Every answer is an envelope:
<code>{"status", "code", "message", "data"}</code> or <code>{"status": false, "code", "message", "error"}</code>.
The machine-readable description is at <a href="/openapi.json">/openapi.json</a>.</p>
<table>{{range .}}<tr><td class="m">{{.Method}}</td><td><code>{{.Path}}</code></td><td>{{.Summary}}</td></tr>
{{end}}</table></body></html>
`))

func (s *Server) docs(w http.ResponseWriter, r *http.Request) {
	routes, err := documentedRoutes()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = docsPage.Execute(w, routes)
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
