package webhook_test

import (
	"encoding/base64"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/webhook"
)

func TestScheduleSpansMoreThanADay(t *testing.T) {
	var total time.Duration
	attempts := 1
	for done := 1; ; done++ {
		d, again := webhook.NextDelay(done, 0)
		if !again {
			break
		}
		if d2, _ := webhook.NextDelay(done, 0.999); d2 < d || d2 > d+d/5 {
			t.Fatalf("jitter on step %d: %s vs %s", done, d2, d)
		}
		total += d
		attempts++
	}
	if attempts != 8 || total < 24*time.Hour {
		t.Fatalf("%d attempts over %s", attempts, total)
	}
	if d, _ := webhook.NextDelay(1, 0); d != 5*time.Second {
		t.Fatalf("first retry after %s", d)
	}
}

func TestCheckAddr(t *testing.T) {
	self := netip.MustParseAddrPort("127.0.0.1:7001")
	cases := []struct {
		addr string
		ok   bool
		want string
	}{
		{"127.0.0.1:8080", true, ""},
		{"[::1]:8080", true, ""},
		{"10.0.0.5:80", true, ""},
		{"192.168.1.20:443", true, ""},
		{"172.16.3.4:80", true, ""},
		{"[fd12:3456::1]:80", true, ""},
		{"93.184.216.34:443", true, ""},
		{"169.254.169.254:80", false, "link-local"},
		{"[::ffff:169.254.169.254]:80", false, "link-local"},
		{"[fe80::1]:80", false, "link-local"},
		{"[fd00:ec2::254]:80", false, "metadata"},
		{"224.0.0.1:80", false, "multicast"},
		{"[ff02::1]:80", false, "multicast"},
		{"255.255.255.255:80", false, "broadcast"},
		{"0.0.0.0:80", false, "unspecified"},
		{"[::]:80", false, "unspecified"},
		{"127.0.0.1:7001", false, "own API"},
	}
	for _, c := range cases {
		err := webhook.CheckAddr(netip.MustParseAddrPort(c.addr), self)
		if (err == nil) != c.ok || (err != nil && !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v", c.addr, err)
		}
		var te *webhook.TargetError
		if err != nil && !errors.As(err, &te) {
			t.Errorf("%s: not a TargetError", c.addr)
		}
	}
	any := netip.MustParseAddrPort("0.0.0.0:7001")
	if webhook.CheckAddr(netip.MustParseAddrPort("127.0.0.2:7001"), any) == nil {
		t.Error("loopback to a wildcard-bound API port allowed")
	}
	if webhook.ParseSelf("localhost:7001") != self || webhook.ParseSelf("").IsValid() {
		t.Error("ParseSelf")
	}
}

func TestValidateURL(t *testing.T) {
	self := netip.MustParseAddrPort("127.0.0.1:7001")
	cases := []struct {
		url  string
		want string // "" = valid
	}{
		{"http://localhost:8080/hook", ""},
		{"https://example.com/hook?x=1", ""},
		{"  http://192.168.1.10:5678/webhook  ", ""},
		{"", "url is required"},
		{"ftp://example.com/x", "http:// or https://"},
		{"javascript:alert(1)", "http:// or https://"},
		{"example.com/hook", "http:// or https://"},
		{"http://", "needs a host"},
		{"http:///path", "needs a host"},
		{"http://169.254.169.254/latest/meta-data", "link-local"},
		{"http://[fe80::1]/", "link-local"},
		{"http://localhost:7001/webhooks", "own API"},
		{"http://exa mple.com/", "not a valid URL"},
		{"http://example.com/" + strings.Repeat("a", 2100), "longer than"},
	}
	for _, c := range cases {
		got, err := webhook.ValidateURL(c.url, self)
		if c.want == "" {
			if err != nil || got != strings.TrimSpace(c.url) {
				t.Errorf("%q: %q %v", c.url, got, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("%q: %v, want %q", c.url, err, c.want)
		}
	}
}

func TestSecrets(t *testing.T) {
	s, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_"))
	if !strings.HasPrefix(s, "whsec_") || err != nil || len(key) < 24 {
		t.Fatalf("secret %q: %d bytes, %v", s, len(key), err)
	}
	if string(webhook.SigningKey(s)) != string(key) {
		t.Fatal("whsec_ key is not the decoded base64")
	}
	if string(webhook.SigningKey("my-own-secret-1234")) != "my-own-secret-1234" {
		t.Fatal("raw secret is not used as is")
	}
	if s2, _ := webhook.NewSecret(); s2 == s {
		t.Fatal("secrets repeat")
	}
	for in, ok := range map[string]bool{
		s:                           true,
		"my-own-secret-1234":        true,
		"short":                     false,
		"has spaces in it 12345":    false,
		"whsec_not*base64*at*all!!": false,
		strings.Repeat("x", 300):    false,
	} {
		if err := webhook.ValidateSecret(in); (err == nil) != ok {
			t.Errorf("ValidateSecret(%q) = %v", in, err)
		}
	}
}

// TestStandardWebhooksVector checks the signature against the example in
// the Standard Webhooks specification's reference libraries.
func TestStandardWebhooksVector(t *testing.T) {
	key := webhook.SigningKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	got := webhook.StandardSignature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`))
	if got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("signature %s", got)
	}
}
