package fakewa

import (
	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/proto/waCompanionReg"
	"google.golang.org/protobuf/proto"
)

// Login failure reasons WhatsApp sends in <failure reason=...> at login, as
// whatsmeow maps them (connectionevents.go): 405 → events.ClientOutdated,
// 402 → events.TemporaryBan.
const (
	FailureClientOutdated = "405"
	FailureTempBanned     = "402"
)

// SetLoginFailure makes every later login of a linked device fail with
// reason ("" restores normal logins). A temporary ban carries code 101 and
// an expiry of one hour.
func (s *Server) SetLoginFailure(reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loginFailure = reason
}

// loginFailureNode is the failure to answer a login with, if one is set.
func (s *Server) loginFailureNode() (waBinary.Node, bool) {
	s.mu.Lock()
	reason := s.loginFailure
	s.mu.Unlock()
	if reason == "" {
		return waBinary.Node{}, false
	}
	attrs := waBinary.Attrs{"reason": reason, "location": "fakewa"}
	if reason == FailureTempBanned {
		attrs["code"] = "101"
		attrs["expire"] = "3600"
	}
	return waBinary.Node{Tag: "failure", Attrs: attrs}, true
}

// deviceName reads the OS name a companion registered with.
func deviceName(raw []byte) string {
	var props waCompanionReg.DeviceProps
	if proto.Unmarshal(raw, &props) != nil {
		return ""
	}
	return props.GetOs()
}
