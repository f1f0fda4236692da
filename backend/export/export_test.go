package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wasync/wasync/backend/domain"
)

var msgs = []domain.Message{
	{ID: "1", Sender: "1@s.whatsapp.net", SenderName: "<b>Bob</b>", Timestamp: "2024-01-02T10:00:00Z", Text: `<img src=x onerror=alert(1)>`, Type: "text"},
	{ID: "2", FromMe: true, Timestamp: "2024-01-03T10:00:00Z", Text: "<script>alert(2)</script>", Type: "text", Edited: true},
	{ID: "3", Timestamp: "2024-01-03T11:00:00Z", Type: "document", Media: &domain.Media{Kind: "document", FileName: "a<b>.pdf", Size: 2 << 20}},
}

func each(fn func(domain.Message) error) error {
	for _, m := range msgs {
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

func TestJSONLRoundTripsExactText(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, JSONL, domain.Chat{JID: "x@g.us"}, each); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	i := 0
	for sc.Scan() {
		var m domain.Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if m.Text != msgs[i].Text || m.ID != msgs[i].ID {
			t.Fatalf("line %d = %+v", i, m)
		}
		i++
	}
	if i != len(msgs) {
		t.Fatalf("%d lines", i)
	}
}

func TestHTMLEscapesEverythingFromStrangers(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, HTML, domain.Chat{JID: "x@g.us", Name: "<i>Group</i>", IsGroup: true}, each); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<img src=x", "<script>alert", "<b>Bob", "<i>Group", "a<b>.pdf"} {
		if strings.Contains(out, bad) {
			t.Errorf("unescaped %q in HTML export", bad)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;", "edited", "[document]", "Tuesday, 2 January 2024"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestFormatsAndNames(t *testing.T) {
	if _, err := ContentType("pdf"); domain.ErrorCode(err) != domain.CodeInvalid {
		t.Fatalf("pdf: %v", err)
	}
	if got := FileName(domain.Chat{JID: "1@s.whatsapp.net", Name: `a/b:"c"`}, HTML); got != "wasync-a_b__c_.html" {
		t.Fatalf("name = %q", got)
	}
}

func TestHTMLCarriesKindsEscaped(t *testing.T) {
	var buf bytes.Buffer
	msgs := []domain.Message{{ID: "P", Type: "poll", Text: "<b>Lunch?</b>", Timestamp: "2024-01-01T10:00:00Z",
		Content: &domain.MessageContent{
			Poll:     &domain.Poll{Options: []domain.PollOption{{Name: "<i>Pizza</i>", Count: 2}}},
			Location: &domain.Location{URL: "javascript:alert(1)"},
			Quoted:   &domain.Quoted{ID: "Q", Text: "<script>x</script>"},
		}}}
	each := func(fn func(domain.Message) error) error {
		for _, m := range msgs {
			if err := fn(m); err != nil {
				return err
			}
		}
		return nil
	}
	if err := Write(&buf, HTML, domain.Chat{JID: "c"}, each); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, bad := range []string{"<b>", "<i>", "<script>", "javascript:"} {
		if strings.Contains(out, bad) {
			t.Errorf("export holds raw %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;i&gt;Pizza&lt;/i&gt;: 2") {
		t.Errorf("poll tally missing: %s", out)
	}
}
