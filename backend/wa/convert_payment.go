package wa

import (
	"strings"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// paymentKind converts payments, payment requests (and their decline or
// cancellation), invoices and payment invitations.
func paymentKind(name protoreflect.Name) kindFunc {
	switch name {
	case "sendPaymentMessage":
		return func(m *waE2E.Message) part {
			note := describe(m.GetSendPaymentMessage().GetNoteMessage()).text
			return payment(&domain.Payment{Status: "sent", Note: note})
		}
	case "requestPaymentMessage":
		return func(m *waE2E.Message) part {
			r := m.GetRequestPaymentMessage()
			amount := r.GetAmount1000()
			if a := r.GetAmount(); a != nil && a.GetValue() != 0 {
				amount = uint64(a.GetValue()) * 1000 / uint64(max(1, pow10(a.GetOffset())))
			}
			return payment(&domain.Payment{
				Status: "requested", Amount: price(int64(amount), ""), Currency: r.GetCurrencyCodeIso4217(),
				Note: describe(r.GetNoteMessage()).text,
			})
		}
	case "declinePaymentRequestMessage":
		return func(*waE2E.Message) part { return payment(&domain.Payment{Status: "declined"}) }
	case "cancelPaymentRequestMessage":
		return func(*waE2E.Message) part { return payment(&domain.Payment{Status: "canceled"}) }
	case "invoiceMessage":
		return func(m *waE2E.Message) part {
			return payment(&domain.Payment{Status: "invoice", Note: m.GetInvoiceMessage().GetNote()})
		}
	case "paymentInviteMessage":
		return func(*waE2E.Message) part { return payment(&domain.Payment{Status: "invited"}) }
	}
	return nil
}

// payment is a payment row; its text reads like WhatsApp's.
func payment(p *domain.Payment) part {
	p.Amount = strings.TrimSpace(p.Amount)
	text := "Payment " + p.Status
	if p.Amount != "" {
		text += ": " + p.Amount + " " + p.Currency
	}
	return part{typ: "payment", text: joinText(strings.TrimSpace(text), p.Note), content: domain.MessageContent{Payment: p}}
}

func pow10(n uint32) uint64 {
	out := uint64(1)
	for range n {
		out *= 10
	}
	return out
}
