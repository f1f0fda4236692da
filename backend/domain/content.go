package domain

// MessageContent is what a message carries beyond its text and media
// placeholder, one optional part per kind. It is stored as one JSON column,
// so a new field needs no migration; every part is omitted when empty.
type MessageContent struct {
	// Kind is the waE2E.Message field the content came from (for example
	// "ptvMessage"), or the stub type's name for a system row.
	Kind          string         `json:"kind,omitempty"`
	Media         *MediaInfo     `json:"media,omitempty"`
	Poll          *Poll          `json:"poll,omitempty"`
	CalendarEvent *CalendarEvent `json:"event,omitempty"`
	Contacts      []VCard        `json:"contacts,omitempty"`
	Location      *Location      `json:"location,omitempty"`
	Call          *Call          `json:"call,omitempty"`
	System        *System        `json:"system,omitempty"`
	Invite        *Invite        `json:"invite,omitempty"`
	Business      *Business      `json:"business,omitempty"`
	Payment       *Payment       `json:"payment,omitempty"`
	Quoted        *Quoted        `json:"quoted,omitempty"`
	LinkPreview   *LinkPreview   `json:"link_preview,omitempty"`
	// Mentions are the JIDs the text mentions (@number in the text).
	Mentions []string `json:"mentions,omitempty"`
	// MentionNames maps each mentioned JID to its shown name (address-book
	// name, then business name, then push name, then the formatted number),
	// filled at read time; a JID with no name and no known number is left
	// out.
	MentionNames map[string]string `json:"mention_names,omitempty"`
	Forwarded    bool              `json:"forwarded,omitempty"`
	ForwardScore int               `json:"forward_score,omitempty"`
	ViewOnce     bool              `json:"view_once,omitempty"`
	// Ephemeral is the disappearing-message timer in seconds the message
	// was sent with (0 = not disappearing).
	Ephemeral int `json:"ephemeral,omitempty"`
	// Status is the delivery status of one's own message as the phone last
	// knew it (sent, delivered, read, played).
	Status string `json:"status,omitempty"`
}

// MediaInfo is what a media message says beyond the row's media columns.
type MediaInfo struct {
	Mimetype string `json:"mimetype,omitempty"`
	Width    int    `json:"width,omitempty"`
	Height   int    `json:"height,omitempty"`
	Pages    int    `json:"pages,omitempty"`
	// RoundVideo marks a video note (ptvMessage); Animated a GIF or an
	// animated sticker.
	RoundVideo bool `json:"round_video,omitempty"`
	Animated   bool `json:"animated,omitempty"`
	// Items counts an album's or a sticker pack's images / stickers.
	Items int    `json:"items,omitempty"`
	Title string `json:"title,omitempty"`
}

// Poll is a poll with its options and, at read time, the latest vote of
// every voter.
type Poll struct {
	Name       string       `json:"name"`
	Options    []PollOption `json:"options"`
	Selectable int          `json:"selectable,omitempty"` // 0 or 1 = single choice
	Votes      []PollVote   `json:"votes,omitempty"`
}

// PollOption is one answer; Hash is the hex SHA-256 of its name, which is
// how votes name it. Count is filled at read time.
type PollOption struct {
	Name  string `json:"name"`
	Hash  string `json:"hash"`
	Count int    `json:"count,omitempty"`
}

// PollVote is one voter's latest choice (option names; empty = retracted).
type PollVote struct {
	Voter     string   `json:"voter"`
	VoterName string   `json:"voter_name,omitempty"`
	Options   []string `json:"options"`
	Timestamp int64    `json:"timestamp"`
}

// CalendarEvent is an event invitation (eventMessage) or a scheduled call.
type CalendarEvent struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Start       int64  `json:"start,omitempty"` // Unix seconds
	End         int64  `json:"end,omitempty"`
	Place       string `json:"place,omitempty"`
	JoinLink    string `json:"join_link,omitempty"`
	Canceled    bool   `json:"canceled,omitempty"`
	// CallType is "voice" or "video" for a scheduled call.
	CallType string `json:"call_type,omitempty"`
	// Going, NotGoing and Maybe count the latest answer of everyone who
	// answered; Responses lists them. Both are filled at read time.
	Going     int             `json:"going,omitempty"`
	NotGoing  int             `json:"not_going,omitempty"`
	Maybe     int             `json:"maybe,omitempty"`
	Responses []EventResponse `json:"responses,omitempty"`
}

// Answers to an event, as EventResponse.Response says them.
const (
	EventGoing    = "going"
	EventNotGoing = "not_going"
	EventMaybe    = "maybe"
)

// EventResponse is one person's latest answer to an event.
type EventResponse struct {
	Person     string `json:"person"`
	PersonName string `json:"person_name,omitempty"`
	Response   string `json:"response"`
	Timestamp  int64  `json:"timestamp"`
}

// VCard is one parsed contact card.
type VCard struct {
	Name   string   `json:"name"`
	Phones []string `json:"phones,omitempty"`
	Emails []string `json:"emails,omitempty"`
	Org    string   `json:"org,omitempty"`
	// WaID is the WhatsApp number a phone entry names (waid=), if any.
	WaID string `json:"wa_id,omitempty"`
}

// Location is a place or a live location. URL is an openstreetmap.org
// link built from the coordinates unless the message carried one.
type Location struct {
	Lat     float64 `json:"lat"`
	Lng     float64 `json:"lng"`
	Name    string  `json:"name,omitempty"`
	Address string  `json:"address,omitempty"`
	URL     string  `json:"url"`
	Live    bool    `json:"live,omitempty"`
}

// Call is a call log entry or a call stub.
type Call struct {
	Video    bool   `json:"video,omitempty"`
	Missed   bool   `json:"missed,omitempty"`
	Outcome  string `json:"outcome,omitempty"`
	Duration int    `json:"duration,omitempty"` // seconds
	Group    bool   `json:"group,omitempty"`
}

// System is a system notice (a history stub): Kind is the stub type's
// name, Actor who did it and Targets whom it was done to (JIDs, named at
// read time), Params the stub's other parameters (a new subject, a timer).
type System struct {
	Kind    string   `json:"kind"`
	Actor   string   `json:"actor,omitempty"`
	Targets []string `json:"targets,omitempty"`
	Params  []string `json:"params,omitempty"`
	// Names maps Actor and Targets to shown names, filled at read time.
	Names map[string]string `json:"names,omitempty"`
}

// Invite is a group or channel (newsletter) invitation.
type Invite struct {
	Group   string `json:"group"` // the group or channel JID
	Name    string `json:"name"`
	Code    string `json:"code,omitempty"`
	Channel bool   `json:"channel,omitempty"`
	Expires int64  `json:"expires,omitempty"`
}

// Business is a business or bot message: buttons, lists, templates,
// products, orders, and the user's replies to them.
type Business struct {
	Title   string   `json:"title,omitempty"`
	Footer  string   `json:"footer,omitempty"`
	Buttons []string `json:"buttons,omitempty"`
	// Reply is the button or row the user chose, for a reply.
	Reply string `json:"reply,omitempty"`
	Price string `json:"price,omitempty"`
}

// Payment is a payment or a request for one.
type Payment struct {
	Amount   string `json:"amount,omitempty"`
	Currency string `json:"currency,omitempty"`
	Status   string `json:"status,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Quoted is the message a reply answers, as the reply carries it, so it
// shows even when the original is not stored.
type Quoted struct {
	ID     string `json:"id"`
	Sender string `json:"sender,omitempty"`
	Text   string `json:"text,omitempty"`
	Type   string `json:"type,omitempty"`
}

// LinkPreview is the preview of the first link of a text.
type LinkPreview struct {
	URL         string `json:"url"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// IsZero reports whether c carries nothing (it is then not stored).
func (c *MessageContent) IsZero() bool {
	return c == nil || (c.Kind == "" && c.Media == nil && c.Poll == nil && c.CalendarEvent == nil && len(c.Contacts) == 0 &&
		c.Location == nil && c.Call == nil && c.System == nil && c.Invite == nil && c.Business == nil &&
		c.Payment == nil && c.Quoted == nil && c.LinkPreview == nil && len(c.Mentions) == 0 && !c.Forwarded &&
		!c.ViewOnce && c.Ephemeral == 0 && c.Status == "")
}
