package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"github.com/wasync/wasync/backend/domain"
)

// maxURLLen caps a webhook URL.
const maxURLLen = 2048

// TargetError is a connection wasync refused to make: the resolved address
// is not one a webhook may reach.
type TargetError struct {
	Addr   netip.AddrPort
	Reason string
}

// Error implements error.
func (e *TargetError) Error() string {
	return fmt.Sprintf("refused to connect to %s: %s", e.Addr, e.Reason)
}

// isMetadata reports the well-known cloud metadata addresses outside the
// link-local ranges: AWS's IPv6 fd00:ec2::254 and Alibaba's 100.100.100.200.
func isMetadata(ip netip.Addr) bool {
	return ip == netip.AddrFrom16([16]byte{0xfd, 0x00, 0x0e, 0xc2, 14: 0x02, 15: 0x54}) ||
		ip == netip.AddrFrom4([4]byte{100, 100, 100, 200})
}

// CheckAddr refuses addresses a webhook must not reach: link-local and
// cloud-metadata, multicast, broadcast, unspecified, and self (wasync's own
// API). Loopback and private (RFC 1918, fc00::/7) receivers are allowed:
// this is a home-lab tool. self may be invalid (no API address known).
func CheckAddr(ap netip.AddrPort, self netip.AddrPort) error {
	ip := ap.Addr().Unmap()
	reason := ""
	switch {
	case ip.IsUnspecified():
		reason = "an unspecified address (0.0.0.0 or ::) is not a receiver"
	case ip.IsLinkLocalUnicast(), isMetadata(ip):
		reason = "link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10) are not allowed"
	case ip.IsMulticast(), ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		reason = "multicast and broadcast addresses are not allowed"
	case isSelf(netip.AddrPortFrom(ip, ap.Port()), self):
		reason = "that is wasync's own API address"
	default:
		return nil
	}
	return &TargetError{Addr: netip.AddrPortFrom(ip, ap.Port()), Reason: reason}
}

func isSelf(ap, self netip.AddrPort) bool {
	if !self.IsValid() || ap.Port() != self.Port() {
		return false
	}
	s := self.Addr().Unmap()
	if s.IsUnspecified() {
		return ap.Addr().IsLoopback()
	}
	return ap.Addr() == s
}

// ParseSelf turns the API's listen address into the address CheckAddr
// refuses; "localhost" counts as 127.0.0.1. An empty or unparsable address
// gives an invalid AddrPort (nothing refused for being self).
func ParseSelf(apiAddr string) netip.AddrPort {
	if ap, err := netip.ParseAddrPort(apiAddr); err == nil {
		return ap
	}
	host, port, err := net.SplitHostPort(apiAddr)
	if err != nil || !strings.EqualFold(host, "localhost") {
		return netip.AddrPort{}
	}
	ap, err := netip.ParseAddrPort("127.0.0.1:" + port)
	if err != nil {
		return netip.AddrPort{}
	}
	return ap
}

// ValidateURL checks a receiver URL: http or https, a host, at most 2048
// characters, and, when the host is a literal IP (or localhost), an
// address CheckAddr allows. Names are checked again on the resolved
// address at every connection. It returns the URL trimmed.
func ValidateURL(raw string, self netip.AddrPort) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", domain.Errorf(domain.CodeInvalid, "url is required")
	}
	if len(raw) > maxURLLen {
		return "", domain.Errorf(domain.CodeInvalid, "url is longer than %d characters", maxURLLen)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", domain.Errorf(domain.CodeInvalid, "url is not a valid URL: %v", errors.Unwrap(err))
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return "", domain.Errorf(domain.CodeInvalid, "url must start with http:// or https:// (got %q)", u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return "", domain.Errorf(domain.CodeInvalid, "url needs a host, as in http://localhost:8080/hook")
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := CheckAddr(netip.AddrPortFrom(ip, urlPort(u)), self); err != nil {
			return "", domain.Errorf(domain.CodeInvalid, "url: %v", err)
		}
	}
	return raw, nil
}

func urlPort(u *url.URL) uint16 {
	if p := u.Port(); p != "" {
		n, _ := strconv.ParseUint(p, 10, 16)
		return uint16(n)
	}
	if strings.EqualFold(u.Scheme, "https") {
		return 443
	}
	return 80
}

// Resolver resolves a host name to addresses; tests use it to point a name
// at any address.
type Resolver func(ctx context.Context, host string) ([]netip.Addr, error)

// dialer connects only to addresses CheckAddr allows, checked in
// net.Dialer.Control on the address really dialled (after DNS), so a name
// that resolves to a forbidden address, or re-resolves to one later, is
// refused too.
type dialer struct {
	net     net.Dialer
	resolve Resolver
}

func newDialer(self netip.AddrPort, resolve Resolver) *dialer {
	d := &dialer{resolve: resolve}
	d.net.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("unexpected dial address %q: %w", address, err)
		}
		return CheckAddr(ap, self)
	}
	return d
}

// DialContext dials addr, through the resolver hook when one is set.
func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || d.resolve == nil {
		return d.net.DialContext(ctx, network, addr)
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return d.net.DialContext(ctx, network, addr)
	}
	ips, err := d.resolve(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	var errs []error
	for _, ip := range ips {
		conn, err := d.net.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, fmt.Errorf("resolve %s: no addresses", host)
	}
	return nil, errors.Join(errs...)
}
