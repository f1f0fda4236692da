package domain

import "time"

// Backup is one backup file written into the data folder's backups/.
type Backup struct {
	Path      string    `json:"path"`
	FileName  string    `json:"file_name"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"created_at"`
	TookMS    int64     `json:"took_ms"`
}
