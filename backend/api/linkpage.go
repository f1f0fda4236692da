package api

import (
	"html/template"
	"net/http"
)

// linkGonePage is what a browser sees for a login link that was already
// used, has expired or was mistyped: a page, not JSON, that leads to the
// login form and says how to get a fresh link.
var linkGonePage = template.Must(template.New("link").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Login link no longer valid · wasync</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#111b21;background:#f8faf9}
a.button{display:inline-block;padding:.5rem 1rem;border-radius:.4rem;background:#008069;color:#fff;text-decoration:none}
code{background:#e9edef;padding:0 .25rem;border-radius:.2rem}</style></head>
<body><h1>This login link no longer works</h1>
<p>{{.Reason}} Login links work once and for {{.TTL}}.</p>
<p><a class="button" href="/ui/" data-testid="to-login">Log in with the API key</a></p>
<p>Or get a new link on the machine running wasync: <code>wasync-server login-link</code>.</p>
</body></html>
`))

// writeLinkGone answers a failed login link with the HTML page.
func writeLinkGone(w http.ResponseWriter, reason, ttl string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(http.StatusGone)
	_ = linkGonePage.Execute(w, struct{ Reason, TTL string }{reason, ttl})
}
