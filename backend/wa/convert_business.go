package wa

import (
	"fmt"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// businessKind converts business and bot messages (buttons, lists,
// templates, interactive messages, products, orders, structured messages,
// phone number requests) and the user's replies to them.
func businessKind(name protoreflect.Name) kindFunc {
	switch name {
	case "buttonsMessage":
		return buttons
	case "listMessage":
		return list
	case "templateMessage":
		return template
	case "interactiveMessage":
		return interactive
	case "highlyStructuredMessage":
		return func(m *waE2E.Message) part {
			h := m.GetHighlyStructuredMessage()
			if t := h.GetHydratedHsm(); t != nil {
				return template(&waE2E.Message{TemplateMessage: t})
			}
			return business(h.GetDeterministicLg(), &domain.Business{Title: h.GetElementName()})
		}
	case "productMessage":
		return func(m *waE2E.Message) part {
			pm := m.GetProductMessage()
			pr := pm.GetProduct()
			return business(joinText(pr.GetTitle(), pr.GetDescription(), pm.GetBody()), &domain.Business{
				Title: pr.GetTitle(), Footer: pm.GetFooter(), Price: price(pr.GetPriceAmount1000(), pr.GetCurrencyCode()),
			})
		}
	case "orderMessage":
		return func(m *waE2E.Message) part {
			o := m.GetOrderMessage()
			return business(joinText(o.GetOrderTitle(), o.GetMessage()), &domain.Business{
				Title: fmt.Sprintf("Order: %d items", o.GetItemCount()), Price: price(o.GetTotalAmount1000(), o.GetTotalCurrencyCode()),
			})
		}
	case "requestPhoneNumberMessage":
		return func(*waE2E.Message) part {
			return business("Requested your phone number", &domain.Business{})
		}
	case "buttonsResponseMessage":
		return func(m *waE2E.Message) part { return reply(m.GetButtonsResponseMessage().GetSelectedDisplayText()) }
	case "listResponseMessage":
		return func(m *waE2E.Message) part { return reply(m.GetListResponseMessage().GetTitle()) }
	case "templateButtonReplyMessage":
		return func(m *waE2E.Message) part { return reply(m.GetTemplateButtonReplyMessage().GetSelectedDisplayText()) }
	case "interactiveResponseMessage":
		return func(m *waE2E.Message) part { return reply(m.GetInteractiveResponseMessage().GetBody().GetText()) }
	}
	return nil
}

func business(text string, b *domain.Business) part {
	return part{typ: "business", text: text, content: domain.MessageContent{Business: b}}
}

// reply is the user's choice on a business message.
func reply(choice string) part {
	return part{typ: "business_reply", text: choice, content: domain.MessageContent{Business: &domain.Business{Reply: choice}}}
}

func buttons(m *waE2E.Message) part {
	bm := m.GetButtonsMessage()
	b := &domain.Business{Title: bm.GetText(), Footer: bm.GetFooterText()}
	for _, btn := range bm.GetButtons() {
		b.Buttons = append(b.Buttons, btn.GetButtonText().GetDisplayText())
	}
	return business(joinText(bm.GetText(), bm.GetContentText()), b)
}

func list(m *waE2E.Message) part {
	l := m.GetListMessage()
	b := &domain.Business{Title: l.GetTitle(), Footer: l.GetFooterText()}
	for _, s := range l.GetSections() {
		for _, r := range s.GetRows() {
			b.Buttons = append(b.Buttons, r.GetTitle())
		}
	}
	return business(joinText(l.GetTitle(), l.GetDescription()), b)
}

func template(m *waE2E.Message) part {
	t := m.GetTemplateMessage().GetHydratedTemplate()
	if t == nil {
		t = m.GetTemplateMessage().GetHydratedFourRowTemplate()
	}
	b := &domain.Business{Title: t.GetHydratedTitleText(), Footer: t.GetHydratedFooterText()}
	for _, btn := range t.GetHydratedButtons() {
		switch {
		case btn.GetQuickReplyButton() != nil:
			b.Buttons = append(b.Buttons, btn.GetQuickReplyButton().GetDisplayText())
		case btn.GetUrlButton() != nil:
			b.Buttons = append(b.Buttons, btn.GetUrlButton().GetDisplayText())
		case btn.GetCallButton() != nil:
			b.Buttons = append(b.Buttons, btn.GetCallButton().GetDisplayText())
		}
	}
	return business(joinText(t.GetHydratedTitleText(), t.GetHydratedContentText()), b)
}

func interactive(m *waE2E.Message) part {
	im := m.GetInteractiveMessage()
	b := &domain.Business{Title: im.GetHeader().GetTitle(), Footer: im.GetFooter().GetText()}
	for _, btn := range im.GetNativeFlowMessage().GetButtons() {
		b.Buttons = append(b.Buttons, btn.GetName())
	}
	return business(joinText(im.GetHeader().GetTitle(), im.GetBody().GetText()), b)
}

// price formats an amount WhatsApp gives in thousandths.
func price(amount1000 int64, currency string) string {
	if amount1000 == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f %s", float64(amount1000)/1000, currency)
}
