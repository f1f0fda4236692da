package core

import (
	"context"
	"strconv"

	"github.com/wasync/wasync/backend/domain"
)

// The archive keeps what deleted messages said. With HideDeletedContent on,
// that content is blanked on the way out (message pages, versions and
// exports), never in the database: turning the setting off shows it again.

// hideDeleted reads the HideDeletedContent setting (off when unset).
func (s *Service) hideDeleted(ctx context.Context) (bool, error) {
	v, ok, err := s.store.Setting(ctx, domain.SettingHideDeletedContent)
	if err != nil || !ok {
		return false, err
	}
	on, _ := strconv.ParseBool(v)
	return on, nil
}

// UpdateSettings changes the user settings the patch carries and returns
// the settings as they are now.
func (s *Service) UpdateSettings(ctx context.Context, p domain.SettingsPatch) (domain.Settings, error) {
	if p.HideDeletedContent != nil {
		if err := s.store.SetSetting(ctx, domain.SettingHideDeletedContent, strconv.FormatBool(*p.HideDeletedContent)); err != nil {
			return domain.Settings{}, err
		}
	}
	return s.Settings(ctx)
}

// MessageVersions returns every kept version of a message's text (the
// original, then each edit).
func (s *Service) MessageVersions(ctx context.Context, chatJID, msgID string) (domain.MessageVersionList, error) {
	if chatJID == "" || msgID == "" {
		return domain.MessageVersionList{}, domain.Errorf(domain.CodeInvalid, "chat_jid and message id are required")
	}
	v, err := s.store.MessageVersions(ctx, chatJID, msgID)
	if err != nil {
		return v, err
	}
	hide, err := s.hideDeleted(ctx)
	if err != nil {
		return v, err
	}
	if hide && v.Deleted {
		v.Versions = []domain.MessageVersion{}
	}
	return v, nil
}

// blankDeleted removes what a deleted message said.
func blankDeleted(m *domain.Message) {
	if m.Deleted {
		m.Text, m.Media, m.QuotedID, m.Reactions = "", nil, "", nil
	}
}
