package core

import (
	"context"
	"io"

	"github.com/wasync/wasync/backend/domain"
)

// Backups makes online backups of the database (backup.Manager).
type Backups interface {
	Create(ctx context.Context) (domain.Backup, error)
	WriteTo(ctx context.Context, w io.Writer, started func(name string, size int64)) error
}

// SetBackups installs the backup maker.
func (s *Service) SetBackups(b Backups) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backups = b
}

func (s *Service) backupMaker() (Backups, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.backups == nil {
		return nil, domain.Errorf(domain.CodeUnavailable, "backups are not available in this process")
	}
	return s.backups, nil
}

// CreateBackup writes a backup into the data folder's backups/ while
// wasync keeps running, and prunes old ones as configured.
func (s *Service) CreateBackup(ctx context.Context) (domain.Backup, error) {
	b, err := s.backupMaker()
	if err != nil {
		return domain.Backup{}, err
	}
	return b.Create(ctx)
}

// WriteBackup streams a fresh consistent copy of the database to w;
// started is called with the file name and size before the first byte.
func (s *Service) WriteBackup(ctx context.Context, w io.Writer, started func(name string, size int64)) error {
	b, err := s.backupMaker()
	if err != nil {
		return err
	}
	return b.WriteTo(ctx, w, started)
}
