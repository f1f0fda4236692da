package core

import (
	"context"
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// SetShowWindow installs the function that brings the desktop window
// forward; headless processes leave it unset.
func (s *Service) SetShowWindow(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.showWindow = fn
}

// ShowWindow brings the desktop window forward (asked by a second instance).
func (s *Service) ShowWindow(context.Context) error {
	s.mu.Lock()
	fn := s.showWindow
	s.mu.Unlock()
	if fn == nil {
		return domain.Errorf(domain.CodeConflict, "this wasync runs headless: it has no window to show")
	}
	fn()
	return nil
}

// FrontendReady records that the UI rendered its shell; the desktop test and
// GET /app/status use it to know the window really shows the app.
func (s *Service) FrontendReady(_ context.Context, screen string) error {
	screen = strings.TrimSpace(screen)
	if len(screen) > 64 {
		return domain.Errorf(domain.CodeInvalid, "screen name is too long")
	}
	s.mu.Lock()
	s.ui.UIReady = true
	s.ui.UIScreen = screen
	s.ui.UIReadyAt = s.now().UTC()
	s.mu.Unlock()
	s.log.Info("ui ready", "screen", screen)
	s.bus.Emit(domain.EventAppUIReady, map[string]string{"screen": screen})
	return nil
}

// AppStatus reports the process mode and whether a UI has rendered.
func (s *Service) AppStatus(context.Context) domain.AppStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ui
}
