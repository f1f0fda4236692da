package config

import (
	"flag"
	"fmt"
	"strconv"
	"time"
)

// Backup is the schedule of automatic backups into DATA/backups.
type Backup struct {
	// Every is the time between backups; zero means none.
	Every time.Duration
	// Keep is how many backup files to keep (the oldest are removed).
	Keep int
}

// DefaultBackupKeep is how many scheduled backups are kept by default.
const DefaultBackupKeep = 7

// addBackupFlags registers --backup-every and --backup-keep, their defaults
// taken from WASYNC_BACKUP_EVERY and WASYNC_BACKUP_KEEP. It also reads
// WASYNC_DEMO, which scripts/demo.mjs sets to label a demo run (it has no
// flag: a demo needs the fake WhatsApp that script starts).
func addBackupFlags(fs *flag.FlagSet, cfg *Config, getenv func(string) string) error {
	cfg.Backup.Keep = DefaultBackupKeep
	if v := getenv("WASYNC_BACKUP_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("WASYNC_BACKUP_EVERY=%q: want a duration such as 24h", v)
		}
		cfg.Backup.Every = d
	}
	if v := getenv("WASYNC_BACKUP_KEEP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("WASYNC_BACKUP_KEEP=%q: want a whole number of at least 1", v)
		}
		cfg.Backup.Keep = n
	}
	if v := getenv("WASYNC_DEMO"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("WASYNC_DEMO=%q: want true or false", v)
		}
		cfg.Demo = b
	}
	fs.DurationVar(&cfg.Backup.Every, "backup-every", cfg.Backup.Every, "back the database up into DATA/backups this often, e.g. 24h; 0 for never (env WASYNC_BACKUP_EVERY)")
	fs.IntVar(&cfg.Backup.Keep, "backup-keep", cfg.Backup.Keep, "how many scheduled backups to keep (env WASYNC_BACKUP_KEEP)")
	return nil
}

// validate checks the schedule read from flags.
func (b Backup) validate() error {
	if b.Every < 0 || (b.Every > 0 && b.Every < time.Minute) {
		return fmt.Errorf("--backup-every %s: want 0 (never) or at least 1m", b.Every)
	}
	if b.Keep < 1 {
		return fmt.Errorf("--backup-keep %d: want at least 1", b.Keep)
	}
	return nil
}
