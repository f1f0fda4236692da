package core

import (
	"context"
	"io"

	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/export"
)

// PrepareExport checks the chat and format and names the file.
func (s *Service) PrepareExport(ctx context.Context, jid, format string) (domain.Export, error) {
	if format == "" {
		format = export.JSONL
	}
	ct, err := export.ContentType(format)
	if err != nil {
		return domain.Export{}, err
	}
	chat, err := s.store.Chat(ctx, domain.NormalizeChatJID(jid))
	if err != nil {
		return domain.Export{}, err
	}
	return domain.Export{ChatJID: chat.JID, Format: format, ContentType: ct, FileName: export.FileName(chat, format)}, nil
}

// WriteExport writes a prepared export to w, oldest message first.
func (s *Service) WriteExport(ctx context.Context, e domain.Export, w io.Writer) error {
	chat, err := s.store.Chat(ctx, e.ChatJID)
	if err != nil {
		return err
	}
	hide, err := s.hideDeleted(ctx)
	if err != nil {
		return err
	}
	return export.Write(w, e.Format, chat, func(fn func(domain.Message) error) error {
		return s.store.EachMessage(ctx, chat.JID, func(m domain.Message) error {
			if hide {
				blankDeleted(&m)
			}
			return fn(m)
		})
	})
}

// GetChat returns one chat by JID (or its LID, or a bare phone number).
func (s *Service) GetChat(ctx context.Context, jid string) (domain.Chat, error) {
	return s.store.Chat(ctx, domain.NormalizeChatJID(jid))
}
