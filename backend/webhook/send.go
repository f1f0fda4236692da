package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Response bodies: the log keeps the start, and a little more is read so
// the connection can be reused.
const (
	keepResponse  = 4 << 10
	drainResponse = 64 << 10
)

// newClient is the delivery client: a per-attempt timeout, redirects
// returned rather than followed, no proxy from the environment (the target
// check must see the receiver's own address), and enough idle connections
// per receiver that steady traffic reuses them instead of leaving thousands
// of sockets in TIME_WAIT (Go's default keeps 2).
func newClient(timeout time.Duration, self netip.AddrPort, resolve Resolver) *http.Client {
	d := newDialer(self, resolve)
	d.net.Timeout = min(timeout, 10*time.Second)
	d.net.KeepAlive = 30 * time.Second
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// send makes one attempt: POST the payload, signed at now.
func (w *Worker) send(ctx context.Context, t domain.WebhookTarget, j domain.DeliveryJob, now time.Time) response {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(j.Payload))
	if err != nil {
		return response{err: err}
	}
	SetHeaders(req.Header, signingFor(t, j, now), j.Payload)
	start := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return response{err: err, duration: time.Since(start)}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, keepResponse+1))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, drainResponse))
	return response{
		status:     resp.StatusCode,
		location:   resp.Header.Get("Location"),
		retryAfter: resp.Header.Get("Retry-After"),
		body:       truncate(body),
		duration:   time.Since(start),
	}
}

// truncate keeps the first keepResponse bytes of a body, as valid UTF-8
// (a rune cut in half becomes U+FFFD), marked with an ellipsis when cut.
func truncate(b []byte) string {
	if len(b) <= keepResponse {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(b[:keepResponse]), "\uFFFD") + "…"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// unwrapURLError drops the client's "Post \"url\": " prefix.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
