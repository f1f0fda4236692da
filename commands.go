package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/wasync/wasync/backend/config"
	"github.com/wasync/wasync/backend/datadir"
	"github.com/wasync/wasync/backend/store"
)

// runCommand runs the maintenance subcommands (`backup FILE`,
// `restore FILE`). ok is false when args name none, and run goes on to
// start wasync.
func runCommand(args []string, getenv func(string) string, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) == 0 {
		return 0, false
	}
	var cmd func(ctx context.Context, dataDir, file string, stdout io.Writer) error
	switch args[0] {
	case "backup":
		cmd = backupCommand
	case "restore":
		cmd = restoreCommand
	default:
		return 0, false
	}
	defaults, err := config.Parse(nil, getenv, io.Discard)
	if err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 2, true
	}
	fs := flag.NewFlagSet("wasync "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: wasync %s [--data-dir DIR] FILE\n", args[0])
		fs.PrintDefaults()
	}
	dataDir := fs.String("data-dir", defaults.DataDir, "data folder (env WASYNC_DATA_DIR)")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2, true
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd(ctx, *dataDir, fs.Arg(0), stdout); err != nil {
		fmt.Fprintf(stderr, "wasync %s: %v\n", args[0], err)
		return 1, true
	}
	return 0, true
}

// backupCommand writes a consistent copy of the data folder's database to
// file. It works while wasync runs: the copy is one read snapshot and
// takes no lock that would stop the running app.
func backupCommand(ctx context.Context, dataDir, file string, stdout io.Writer) error {
	src := filepath.Join(dataDir, store.FileName)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no database in %s: %w", dataDir, err)
	}
	start := time.Now()
	if err := store.BackupFile(ctx, src, file); err != nil {
		return err
	}
	// Reading may have created the -wal and -shm files (when the app was stopped).
	if err := matchOwner(dataDir, src+"-wal", src+"-shm"); err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("backup written but unreadable: %w", err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%d bytes in %s).\n", src, file, info.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}

// restoreCommand replaces the data folder's database with a backup. It
// refuses while wasync runs on that folder (it takes the folder's lock),
// checks the backup's integrity first, and keeps the replaced database.
func restoreCommand(ctx context.Context, dataDir, file string, stdout io.Writer) error {
	if err := datadir.Prepare(dataDir); err != nil {
		return err
	}
	lock, err := datadir.Acquire(dataDir, datadir.Owner{PID: os.Getpid(), Mode: "restore"})
	var running *datadir.RunningError
	if errors.As(err, &running) {
		return fmt.Errorf("%w; stop it first (systemctl stop wasync, or close the window), then restore", running)
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	kept, err := store.Restore(ctx, file, dataDir, time.Now())
	if err != nil {
		return err
	}
	db := filepath.Join(dataDir, store.FileName)
	if err := matchOwner(dataDir, db, db+"-wal", db+"-shm"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s into %s.\n", file, dataDir)
	if kept != "" {
		fmt.Fprintf(stdout, "The database it replaced is kept as %s (delete it once the restored one looks right).\n", kept)
	}
	return nil
}
