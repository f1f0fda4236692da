// Package export writes a chat's messages as JSON Lines or as a standalone
// HTML page. Message text comes from strangers: the HTML writer escapes all
// of it through html/template, so the file shows markup as text and runs
// nothing. It imports domain only.
package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Formats an export can take.
const (
	JSONL = "jsonl"
	HTML  = "html"
)

// Each feeds messages, oldest first, to the function it is given.
type Each func(fn func(domain.Message) error) error

// ContentType returns the MIME type of a format, or an error naming the
// formats there are.
func ContentType(format string) (string, error) {
	switch format {
	case JSONL:
		return "application/x-ndjson; charset=utf-8", nil
	case HTML:
		return "text/html; charset=utf-8", nil
	}
	return "", domain.Errorf(domain.CodeInvalid, "format must be %q or %q", JSONL, HTML)
}

// FileName suggests a file name for a chat's export.
func FileName(chat domain.Chat, format string) string {
	name := chat.Name
	if name == "" {
		name = strings.SplitN(chat.JID, "@", 2)[0]
	}
	clean := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf("wasync-%s.%s", clean, format)
}

// Write writes chat's messages in format to w.
func Write(w io.Writer, format string, chat domain.Chat, each Each) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case JSONL:
		err = writeJSONL(bw, each)
	case HTML:
		err = writeHTML(bw, chat, each)
	default:
		_, err = ContentType(format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func writeJSONL(w io.Writer, each Each) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return each(func(m domain.Message) error { return enc.Encode(m) })
}

var page = template.Must(template.New("chat").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Title}} — wasync export</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;background:#f4f6f5;color:#1d2327;margin:0}
header{background:#0b7a6b;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85;font-size:13px}main{max-width:820px;margin:0 auto;padding:16px}
.day{text-align:center;color:#5f6b73;font-size:12px;margin:18px 0 8px}
.msg{background:#fff;border-radius:8px;padding:8px 12px;margin:6px 0;max-width:75%;white-space:pre-wrap;word-wrap:break-word}
.me{background:#dcf5ee;margin-left:auto}.who{font-weight:600;font-size:13px;color:#0b7a6b}
.meta{color:#5f6b73;font-size:11px;text-align:right}.media{color:#5f6b73;font-style:italic}
.deleted{color:#5f6b73;font-style:italic}
</style></head><body>
<header><h1>{{.Title}}</h1><p>{{.JID}} · exported {{.Exported}}</p></header>
<main>
`))

var row = template.Must(template.New("msg").Parse(`{{if .Day}}<div class="day">{{.Day}}</div>
{{end}}<div class="msg{{if .M.FromMe}} me{{end}}">{{if .Who}}<div class="who">{{.Who}}</div>{{end}}{{if .M.Deleted}}<div class="deleted">This message was deleted</div>{{else}}{{if .Media}}<div class="media">{{.Media}}</div>{{end}}{{.M.Text}}{{with .M.Content}}{{with .Quoted}}{{if .Text}}<div class="media">↩ {{.Text}}</div>{{end}}{{end}}{{with .Poll}}{{range .Options}}<div class="media">{{.Name}}: {{.Count}}</div>{{end}}{{end}}{{with .Location}}<div class="media"><a href="{{.URL}}" rel="noopener noreferrer">Open map</a></div>{{end}}{{with .LinkPreview}}<div class="media">{{.Title}} {{.URL}}</div>{{end}}{{end}}{{end}}<div class="meta">{{.Time}}{{if .M.Edited}} · edited{{end}}</div></div>
`))

func writeHTML(w io.Writer, chat domain.Chat, each Each) error {
	title := chat.Name
	if title == "" {
		title = chat.JID
	}
	if err := page.Execute(w, map[string]string{"Title": title, "JID": chat.JID, "Exported": time.Now().UTC().Format("2006-01-02 15:04 MST")}); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	lastDay := ""
	err := each(func(m domain.Message) error {
		ts, _ := time.Parse(time.RFC3339, m.Timestamp)
		day := ts.Format("Monday, 2 January 2006")
		data := map[string]any{"M": m, "Time": ts.Format("15:04"), "Media": mediaLabel(m.Media)}
		if day != lastDay {
			data["Day"], lastDay = day, day
		}
		if chat.IsGroup && !m.FromMe {
			who := m.SenderName
			if who == "" {
				who = m.Sender
			}
			data["Who"] = who
		}
		return row.Execute(w, data)
	})
	if err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	_, err = io.WriteString(w, "</main></body></html>\n")
	return err
}

func mediaLabel(m *domain.Media) string {
	if m == nil {
		return ""
	}
	s := "[" + m.Kind + "]"
	if m.FileName != "" {
		s += " " + m.FileName
	}
	if m.Duration > 0 {
		s += fmt.Sprintf(" %d:%02d", m.Duration/60, m.Duration%60)
	}
	if m.Size > 0 {
		s += fmt.Sprintf(" %.1f MB", float64(m.Size)/(1<<20))
	}
	return s
}
