package wa

import (
	"fmt"
	"log/slog"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// slogLogger adapts slog to whatsmeow's logger interface.
type slogLogger struct{ l *slog.Logger }

// NewLogger returns a whatsmeow logger writing to l under a module name; l
// must carry no module key of its own (one module key per logger). Sub
// loggers add a "sub" key instead.
func NewLogger(l *slog.Logger, module string) waLog.Logger {
	return slogLogger{l.With("module", module)}
}

func (s slogLogger) Warnf(msg string, args ...any)  { s.l.Warn(fmt.Sprintf(msg, args...)) }
func (s slogLogger) Errorf(msg string, args ...any) { s.l.Error(fmt.Sprintf(msg, args...)) }
func (s slogLogger) Infof(msg string, args ...any)  { s.l.Info(fmt.Sprintf(msg, args...)) }
func (s slogLogger) Debugf(msg string, args ...any) {
	s.l.Debug(fmt.Sprintf(msg, args...))
}
func (s slogLogger) Sub(module string) waLog.Logger {
	return slogLogger{s.l.With("sub", module)}
}
