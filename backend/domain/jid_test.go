package domain

import "testing"

func TestNormalizeChatJID(t *testing.T) {
	cases := []struct{ in, want string }{
		{"+1 555 0100", "15550100@s.whatsapp.net"},
		{"15550100", "15550100@s.whatsapp.net"},
		{"(1) 555-01.00", "15550100@s.whatsapp.net"},
		{" 15550100@s.whatsapp.net ", "15550100@s.whatsapp.net"},
		{"123456789-1600000000@g.us", "123456789-1600000000@g.us"},
		{"98765@lid", "98765@lid"},
		{"status", "status"},
		{"12", "12"},
		{"", ""},
	}
	for _, c := range cases {
		if got := NormalizeChatJID(c.in); got != c.want {
			t.Errorf("NormalizeChatJID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"https://n8n.lan:5678/webhook/abc-secret?token=s3cr3t": "https://n8n.lan:5678",
		"http://user:pw@10.0.0.2/hook":                         "http://10.0.0.2",
		"::nonsense":                                           "(unparsable URL)",
	}
	for in, want := range cases {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}
