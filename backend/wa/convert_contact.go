package wa

import (
	"strings"

	"github.com/emersion/go-vcard"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// contactKind converts contact cards and contact lists. vCards are parsed
// with github.com/emersion/go-vcard (RFC 6350, with the folding, escaping
// and item-group rules WhatsApp's cards use) rather than by hand.
func contactKind(name protoreflect.Name) kindFunc {
	switch name {
	case "contactMessage":
		return func(m *waE2E.Message) part {
			c := m.GetContactMessage()
			card := parseVCard(c.GetDisplayName(), c.GetVcard())
			return part{typ: "contact", text: cardText(card), content: domain.MessageContent{Contacts: []domain.VCard{card}}}
		}
	case "contactsArrayMessage":
		return func(m *waE2E.Message) part {
			a := m.GetContactsArrayMessage()
			p := part{typ: "contacts", text: a.GetDisplayName()}
			for _, c := range a.GetContacts() {
				card := parseVCard(c.GetDisplayName(), c.GetVcard())
				p.content.Contacts = append(p.content.Contacts, card)
				p.text = joinText(p.text, cardText(card))
			}
			return p
		}
	}
	return nil
}

// parseVCard reads one vCard; display is the name the message shows, used
// when the card has none (or does not parse).
func parseVCard(display, text string) domain.VCard {
	out := domain.VCard{Name: display}
	card, err := vcard.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return out
	}
	if fn := card.PreferredValue(vcard.FieldFormattedName); fn != "" && out.Name == "" {
		out.Name = fn
	}
	for _, f := range card[vcard.FieldTelephone] {
		out.Phones = append(out.Phones, f.Value)
		if id := paramValue(f.Params, "waid"); id != "" && out.WaID == "" {
			out.WaID = id
		}
	}
	out.Emails = card.Values(vcard.FieldEmail)
	out.Org = strings.TrimRight(strings.ReplaceAll(card.Value(vcard.FieldOrganization), ";", " "), " ")
	return out
}

// paramValue is a vCard parameter, whatever the case of its name.
func paramValue(p vcard.Params, name string) string {
	for k, v := range p {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// cardText is a card's searchable text: its name and phone numbers.
func cardText(c domain.VCard) string {
	return joinText(append([]string{c.Name}, c.Phones...)...)
}
