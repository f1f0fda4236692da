package domain

// GroupInfo is what WhatsApp says about a group: its subject, description
// and participants. It replaces what was stored before.
type GroupInfo struct {
	JID          string
	Subject      string
	Description  string
	Participants []GroupParticipant
}

// GroupParticipant is one member of a group as the API and the window show
// it: Name is the member's shown name ("" when none is known; the window
// then formats the number).
type GroupParticipant struct {
	JID   string `json:"jid"`
	Name  string `json:"name,omitempty"`
	Admin bool   `json:"admin,omitempty"`
}
