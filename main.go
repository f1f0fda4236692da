// Command wasync keeps a WhatsApp account's message history: it links as a
// companion device, stores every message in SQLite, and shows it in a desktop
// window (or, headless, to a browser) beside an HTTP API on 127.0.0.1:7001.
//
// main.go is the composition root: configuration, logger, data folder, store,
// core and API, then either the Wails window or a headless wait for a signal.
// It is the only package that imports Wails.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"github.com/wasync/wasync/backend/api"
	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/backup"
	"github.com/wasync/wasync/backend/buildinfo"
	"github.com/wasync/wasync/backend/config"
	"github.com/wasync/wasync/backend/core"
	"github.com/wasync/wasync/backend/datadir"
	"github.com/wasync/wasync/backend/domain"
	"github.com/wasync/wasync/backend/events"
	"github.com/wasync/wasync/backend/history"
	"github.com/wasync/wasync/backend/store"
	"github.com/wasync/wasync/backend/wa"
	"github.com/wasync/wasync/backend/webhook"
)

//go:embed all:frontend/dist
var assets embed.FS

// shutdownGrace bounds how long the API waits for requests at shutdown.
const shutdownGrace = 3 * time.Second

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// run is main with its inputs made explicit; it returns the exit code.
// stdin, when not nil, is read for Enter (fresh pairing codes) headless.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := subcommand(args[0]); ok {
			return cmd(context.Background(), args[1:], getenv, stdout, stderr)
		}
	}
	if code, ok := runCommand(args, getenv, stdout, stderr); ok {
		return code
	}
	cfg, err := config.Parse(args, getenv, stderr)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 2
	}
	if cfg.ShowVersion {
		fmt.Fprintln(stdout, "wasync", buildinfo.Version())
		return 0
	}
	log := newLogger(cfg.LogFormat, cfg.LogLevel, stderr)
	desktop := buildinfo.Desktop && !cfg.Headless
	if desktop && getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		log.Info("no display found: running headless", "module", "main")
		desktop = false
	}
	if err := serve(cfg, desktop, getenv, log, terminal{in: stdin, out: stdout, plain: getenv("NO_COLOR") != ""}); err != nil {
		var running *datadir.RunningError
		if errors.As(err, &running) {
			return alreadyRunning(cfg, running, desktop, stderr)
		}
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 1
	}
	return 0
}

func modeName(desktop bool) string {
	if desktop {
		return "desktop"
	}
	return "headless"
}

// serve runs wasync until the window closes or a signal arrives, then shuts
// down in reverse order: API, workers, store, lock.
func serve(cfg config.Config, desktop bool, getenv func(string) string, log *slog.Logger, term terminal) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := datadir.Prepare(cfg.DataDir); err != nil {
		return err
	}
	lock, err := datadir.Acquire(cfg.DataDir, datadir.Owner{PID: os.Getpid(), APIAddr: cfg.APIAddr, Mode: modeName(desktop)})
	if err != nil {
		return err
	}
	defer lock.Release()

	ln, err := listen(cfg)
	if err != nil {
		return err
	}
	defer ln.Close()
	addr := ln.Addr().String()
	if err := lock.Update(datadir.Owner{PID: os.Getpid(), APIAddr: addr, Mode: modeName(desktop), TLS: cfg.TLS()}); err != nil {
		return err
	}
	warnIfExposed(addr, cfg.TLS(), log)

	st, err := store.Open(ctx, cfg.DataDir, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	devices, err := wa.OpenDevices(ctx, st.WhatsmeowDB(), log)
	if err != nil {
		return err
	}
	endpoint, err := wa.EndpointFromEnv(getenv)
	if err != nil {
		return err
	}
	if cfg.Demo && !endpoint.IsSet() {
		return errors.New("WASYNC_DEMO needs the fake WhatsApp: start the demo with make demo")
	}
	if endpoint.IsSet() {
		if !cfg.Demo {
			log.Warn("WASYNC_WA_* is set: talking to a test WhatsApp endpoint, not WhatsApp", "module", "main", "dial", endpoint.Dial)
		}
		if err := wa.InstallRootKey(endpoint.RootKeyHex); err != nil {
			return err
		}
	}
	keys, err := auth.LoadKeys(cfg.DataDir, cfg.APIKey)
	if err != nil {
		return err
	}
	bus := events.New(nil)
	svc := core.New(st, bus, keys, core.Info{
		APIAddr: addr, DataDir: cfg.DataDir, Mode: modeName(desktop), TestEndpoint: endpoint.IsSet(), Demo: cfg.Demo,
	}, log, nil)

	link := wa.New(devices, endpoint, log, svc, wa.Options{})
	link.SetHistoryDepth(cfg.HistoryDepth)
	svc.SetLinker(link)
	proc := history.New(st, link, svc, log, history.Options{
		IsNotReady:   func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsGone:       func(err error) bool { return errors.Is(err, wa.ErrGone) },
		IsRetryLater: func(err error) bool { return errors.Is(err, wa.ErrRetryLater) },
		Account:      svc.Account,
	})
	svc.SetHistory(proc)
	requests := history.NewRequester(st, link, svc, log, cfg.HistoryLimits, history.Options{Account: svc.Account})
	backfill := history.NewBackfill(st, link, requests, svc, log)
	groups := history.NewGroupNames(st, link, proc.LiveMessage, log, history.GroupNamesOptions{
		IsNotReady:   func(err error) bool { return errors.Is(err, wa.ErrNotReady) },
		IsNotInGroup: func(err error) bool { return errors.Is(err, wa.ErrNotInGroup) },
	})
	proc.OnChunk(func(ctx context.Context, c domain.HistoryChunk, res domain.IngestResult) {
		requests.OnChunk(ctx, c, res)
		backfill.OnChunk(ctx, c, res)
		groups.OnChunk(ctx, c, res)
	})
	proc.OnLive(func(c domain.HistoryChunk) { groups.OnChunk(context.Background(), c, domain.IngestResult{}) })
	proc.OnInitialComplete(backfill.Wake)
	svc.SetRequests(requests)
	svc.SetBackfill(backfill)
	if !cfg.HistoryBackfill {
		if _, err := backfill.SetPaused(ctx, true); err != nil {
			return fmt.Errorf("pause the history backfill: %w", err)
		}
	}
	hooks := webhook.New(st, webhook.Options{APIAddr: addr, Log: log})
	svc.SetWebhookSender(hooks)
	reconvert := reconverter{st: st, link: link, emit: svc.Emit, log: log, poll: time.Second}
	backups := backup.New(st, cfg.DataDir, backup.Options{Every: cfg.Backup.Every, Keep: cfg.Backup.Keep, Log: log})
	svc.SetBackups(backups)
	defer runWorkers(proc, requests, backfill, groups, hooks, reconvert, backups)()
	pairing := pairingConsole{svc: svc, term: term, phone: cfg.PairPhone, log: log, now: time.Now}
	if !desktop {
		go pairing.print(ctx)
	}
	if err := link.Start(ctx); err != nil {
		return err
	}
	defer link.Close()
	if !desktop {
		go pairing.start(ctx)
		go pairing.readEnter(ctx)
	}

	ui, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return fmt.Errorf("embedded UI: %w", err)
	}
	srv := api.New(api.Config{Addr: addr, AllowedHosts: cfg.AllowedHosts, UI: ui, Log: log}, svc)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Warn("API shutdown", "module", "main", "err", err)
		}
	}()

	base := scheme(cfg.TLS()) + "://" + browserHost(addr)
	fmt.Fprintf(term.out, "wasync %s (%s): API on %s, data in %s\n", buildinfo.Version(), modeName(desktop), base, cfg.DataDir)
	if cfg.Demo {
		fmt.Fprintln(term.out, "DEMO: a built-in fake WhatsApp with generated chats; nothing here is real and your own data folder is untouched.")
	}
	if !desktop {
		printLoginLink(ctx, svc, base, term.out)
	}

	if desktop {
		return runWindow(ctx, newApp(svc, log), ui)
	}
	select {
	case <-ctx.Done():
		log.Info("shutting down", "module", "main")
		return nil
	case err := <-served:
		return fmt.Errorf("API server stopped: %w", err)
	}
}

// runWorkers starts the background workers on a context of their own (they
// outlive requests and the window) and returns the func that stops them and
// waits until they have.
func runWorkers(workers ...interface{ Run(context.Context) }) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.Run(ctx)
		}()
	}
	return func() {
		cancel()
		wg.Wait()
	}
}

// browserHost turns a wildcard listen address into one a browser can open.
func browserHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || (host != "0.0.0.0" && host != "::") {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}

// runWindow runs the Wails window until it closes or ctx ends.
func runWindow(ctx context.Context, app *App, ui fs.FS) error {
	go func() {
		<-ctx.Done()
		app.quit()
	}()
	return wails.Run(&options.App{
		Title:            "wasync",
		Width:            1200,
		Height:           800,
		MinWidth:         900,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 248, G: 250, B: 249, A: 255},
		AssetServer:      &assetserver.Options{Assets: ui},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		Bind:             []any{app},
		Linux:            &linux.Options{ProgramName: "wasync", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
}

// alreadyRunning explains that the data folder is in use and, for a desktop
// start, asks the running instance to bring its window forward.
func alreadyRunning(cfg config.Config, running *datadir.RunningError, desktop bool, stderr io.Writer) int {
	fmt.Fprintf(stderr, "wasync: %v\n", running)
	if !desktop || running.Owner.Mode != "desktop" || running.Owner.APIAddr == "" {
		if running.Owner.APIAddr != "" {
			fmt.Fprintf(stderr, "Its UI and API are at http://%s/\n", browserHost(running.Owner.APIAddr))
		}
		return 1
	}
	key := cfg.APIKey
	if key == "" {
		b, err := os.ReadFile(filepath.Join(cfg.DataDir, auth.KeyFile))
		if err != nil {
			return 1
		}
		key = strings.TrimSpace(string(b))
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+running.Owner.APIAddr+"/app/show", nil)
	if err != nil {
		return 1
	}
	req.Header.Set("Authorization", key)
	resp, err := (&http.Client{Timeout: 3 * time.Second}).Do(req)
	if err != nil {
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	fmt.Fprintln(stderr, "Brought the running wasync window forward.")
	return 0
}
