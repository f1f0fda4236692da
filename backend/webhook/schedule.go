package webhook

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// Schedule returns the delay before each attempt of a delivery, Svix's
// schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
// after each failure: eight attempts over about 27.6 hours. Jitter only
// lengthens a delay, so the whole always spans more than a day.
func Schedule() []time.Duration {
	return []time.Duration{0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute,
		2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}
}

// maxJitter is the largest fraction a delay is lengthened by.
const maxJitter = 0.2

// maxRetryAfter caps how long a receiver's Retry-After can hold a delivery.
const maxRetryAfter = 24 * time.Hour

// NextDelay is the wait after the failed attempt number done (1-based) of
// the current round, lengthened by jitter in [0, 1) times 20 %; false when
// the schedule is exhausted and the delivery has failed for good.
func NextDelay(done int, jitter float64) (time.Duration, bool) {
	s := Schedule()
	if done < 1 || done >= len(s) {
		return 0, false
	}
	d := s[done]
	return d + time.Duration(float64(d)*maxJitter*jitter), true
}

// response is what one attempt got back.
type response struct {
	status     int
	location   string
	retryAfter string
	body       string
	duration   time.Duration
	err        error
}

// outcome is a classified attempt: what to record, and until when the
// receiver asked to be left alone (Retry-After on 429/503).
type outcome struct {
	attempt    domain.DeliveryAttempt
	pauseUntil time.Time
}

// policy holds the knobs classify needs.
type policy struct {
	timeout      time.Duration
	disableAfter time.Duration
	jitter       func() float64
}

// classify turns a response into the delivery's next state: 2xx delivered;
// 410 failed and the webhook disabled; anything else (3xx included: redirects
// are not followed) retried on the schedule, with a 429 or 503's Retry-After
// honoured, until the schedule runs out.
func (p policy) classify(now time.Time, j domain.DeliveryJob, r response) outcome {
	a := domain.DeliveryAttempt{
		DeliveryID: j.ID, WebhookID: j.WebhookID, At: now, Duration: r.duration,
		StatusCode: r.status, Response: r.body, Error: describe(r, p.timeout),
	}
	switch {
	case r.err == nil && r.status >= 200 && r.status < 300:
		a.Status, a.Error = domain.DeliveryDelivered, ""
		return outcome{attempt: a}
	case r.err == nil && r.status == http.StatusGone:
		a.Status = domain.DeliveryFailed
		a.DisableReason = fmt.Sprintf("the receiver answered 410 Gone on %s: webhook disabled", now.UTC().Format(time.RFC3339))
		return outcome{attempt: a}
	}
	a.FailingCutoff = now.Add(-p.disableAfter)
	a.FailingReason = fmt.Sprintf("every delivery failed for more than %s (last: %s): webhook disabled", humanDuration(p.disableAfter), a.Error)
	delay, again := NextDelay(j.RetryIndex+1, p.jitter())
	if !again {
		a.Status = domain.DeliveryFailed
		return outcome{attempt: a}
	}
	o := outcome{attempt: a}
	if r.status == http.StatusTooManyRequests || r.status == http.StatusServiceUnavailable {
		if ra, ok := parseRetryAfter(r.retryAfter, now); ok {
			o.pauseUntil = now.Add(ra)
			delay = max(delay, ra)
		}
	}
	o.attempt.Status, o.attempt.NextAttempt = domain.DeliveryPending, now.Add(delay)
	return o
}

// describe is the human-readable reason an attempt failed ("" on success).
func describe(r response, timeout time.Duration) string {
	var te *TargetError
	switch {
	case errors.As(r.err, &te):
		return te.Error()
	case r.err != nil && isTimeout(r.err):
		return fmt.Sprintf("no answer within %s", timeout)
	case r.err != nil:
		return unwrapURLError(r.err).Error()
	case r.status >= 300 && r.status < 400:
		return fmt.Sprintf("redirect %d to %q not followed: point the webhook at the final URL", r.status, r.location)
	case r.status < 200 || r.status >= 300:
		return fmt.Sprintf("receiver answered %d %s", r.status, http.StatusText(r.status))
	}
	return ""
}

// parseRetryAfter reads delay-seconds or an HTTP date, capped at a day.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, 0), maxRetryAfter), true
}

func humanDuration(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}
