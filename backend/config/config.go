// Package config turns flags, WASYNC_* environment variables and defaults
// into one Config value. Flags win over the environment, the environment over
// defaults. It holds no globals and imports only domain.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/domain"
)

// DefaultAPIAddr is where the API listens unless told otherwise.
const DefaultAPIAddr = "127.0.0.1:7001"

// Config is the resolved configuration of one wasync process.
type Config struct {
	// DataDir holds the database, the API key and the lock file.
	DataDir string
	// APIAddr is the host:port the HTTP API and the browser UI listen on.
	APIAddr string
	// Headless skips the window and serves the UI to a browser.
	Headless bool
	// LogLevel is the minimum level logged.
	LogLevel slog.Level
	// APIKey, when set (WASYNC_API_KEY), is used instead of the stored key.
	APIKey string
	// AllowedHosts are extra Host header values accepted besides the
	// listening address, localhost and 127.0.0.1 (for a LAN name).
	AllowedHosts []string
	// ShowVersion asks the binary to print its version and exit.
	ShowVersion bool
	// HistoryLimits pace on-demand history requests to the phone.
	HistoryLimits domain.HistoryLimits
	// LogFormat is "text" (logfmt) or "json" (one object a line, for
	// journald or Loki).
	LogFormat string
	// TLSCert and TLSKey, both set or neither, serve HTTPS instead of HTTP.
	TLSCert, TLSKey string
	// PairPhone, when set, links a headless start with no phone by pair
	// code for this number instead of by QR code.
	PairPhone string
	// HistoryBackfill false starts the background backfill paused (it can
	// be resumed through the API); true leaves it as it was.
	HistoryBackfill bool
	// HistoryDepth is how much history a pairing started here asks the
	// phone for: recent, year or everything (--history-depth).
	HistoryDepth domain.HistoryDepth
	// Backup schedules backups into the data folder (see backup.go).
	Backup Backup
	// Demo labels a run against the built-in fake WhatsApp (WASYNC_DEMO).
	Demo bool
}

// TLS reports whether the API is served over HTTPS.
func (c Config) TLS() bool { return c.TLSCert != "" }

// ErrHelp is returned when -h or --help was asked for.
var ErrHelp = flag.ErrHelp

// Parse reads args (without the program name) and the environment through
// getenv. Usage and errors about flags are written to out.
func Parse(args []string, getenv func(string) string, out io.Writer) (Config, error) {
	defaults, err := fromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	cfg := defaults
	fs := flag.NewFlagSet("wasync", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.DataDir, "data-dir", defaults.DataDir, "data folder (env WASYNC_DATA_DIR)")
	fs.StringVar(&cfg.APIAddr, "api-addr", defaults.APIAddr, "API and browser UI address (env WASYNC_API_ADDR)")
	fs.BoolVar(&cfg.Headless, "headless", defaults.Headless, "no window: serve the UI to a browser (env WASYNC_HEADLESS)")
	level := fs.String("log-level", defaults.LogLevel.String(), "debug, info, warn or error (env WASYNC_LOG_LEVEL)")
	hosts := fs.String("allowed-hosts", strings.Join(defaults.AllowedHosts, ","), "extra Host names the API accepts, comma separated (env WASYNC_ALLOWED_HOSTS)")
	fs.BoolVar(&cfg.ShowVersion, "version", false, "print the version and exit")
	fs.StringVar(&cfg.LogFormat, "log-format", defaults.LogFormat, "text or json (env WASYNC_LOG_FORMAT)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", defaults.TLSCert, "PEM certificate (chain) file: serve HTTPS (env WASYNC_TLS_CERT)")
	fs.StringVar(&cfg.TLSKey, "tls-key", defaults.TLSKey, "PEM private key file for --tls-cert (env WASYNC_TLS_KEY)")
	fs.StringVar(&cfg.PairPhone, "pair-phone", "", "headless, with no phone linked: link by the 8-character pair code for this number instead of a QR code")
	fs.BoolVar(&cfg.HistoryBackfill, "history-backfill", defaults.HistoryBackfill, "fetch each chat's older history in the background after the initial sync; false starts it paused (env WASYNC_HISTORY_BACKFILL)")
	depth := fs.String("history-depth", string(defaults.HistoryDepth), "history the phone sends when linking: recent (about 3 months), year or everything (env WASYNC_HISTORY_DEPTH)")
	fs.IntVar(&cfg.HistoryLimits.MaxChats, "history-max-chats", defaults.HistoryLimits.MaxChats, "chats asked by a history request without chat_jid (env WASYNC_HISTORY_MAX_CHATS)")
	fs.DurationVar(&cfg.HistoryLimits.MinSpacing, "history-min-spacing", defaults.HistoryLimits.MinSpacing, "least time between two requests to the phone (env WASYNC_HISTORY_MIN_SPACING)")
	fs.IntVar(&cfg.HistoryLimits.HourlyCap, "history-hourly-cap", defaults.HistoryLimits.HourlyCap, "most requests to the phone per hour (env WASYNC_HISTORY_HOURLY_CAP)")
	fs.DurationVar(&cfg.HistoryLimits.Timeout, "history-timeout", defaults.HistoryLimits.Timeout, "how long a history request waits for the phone (env WASYNC_HISTORY_TIMEOUT)")
	if err := addBackupFlags(fs, &cfg, getenv); err != nil {
		return Config{}, err
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (see --help)", fs.Arg(0))
	}
	if cfg.LogLevel, err = parseLevel(*level); err != nil {
		return Config{}, err
	}
	cfg.AllowedHosts = splitList(*hosts)
	if cfg.HistoryDepth, err = domain.ParseHistoryDepth(*depth); err != nil {
		return Config{}, fmt.Errorf("--history-depth: %w", err)
	}
	return cfg, cfg.validate()
}

// limitsFromEnv reads the history request limits, defaulting each.
func limitsFromEnv(getenv func(string) string) (domain.HistoryLimits, error) {
	l := domain.DefaultHistoryLimits
	ints := map[string]*int{"WASYNC_HISTORY_MAX_CHATS": &l.MaxChats, "WASYNC_HISTORY_HOURLY_CAP": &l.HourlyCap}
	for name, dst := range ints {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return l, fmt.Errorf("%s=%q: want a whole number of at least 1", name, v)
			}
			*dst = n
		}
	}
	durs := map[string]*time.Duration{"WASYNC_HISTORY_MIN_SPACING": &l.MinSpacing, "WASYNC_HISTORY_TIMEOUT": &l.Timeout}
	for name, dst := range durs {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return l, fmt.Errorf("%s=%q: want a duration such as 2s or 5m", name, v)
			}
			*dst = d
		}
	}
	return l, nil
}

func fromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		DataDir:      getenv("WASYNC_DATA_DIR"),
		APIAddr:      getenv("WASYNC_API_ADDR"),
		APIKey:       strings.TrimSpace(getenv("WASYNC_API_KEY")),
		AllowedHosts: splitList(getenv("WASYNC_ALLOWED_HOSTS")),
		LogFormat:    getenv("WASYNC_LOG_FORMAT"),
		TLSCert:      getenv("WASYNC_TLS_CERT"),
		TLSKey:       getenv("WASYNC_TLS_KEY"),
	}
	if cfg.LogFormat == "" {
		cfg.LogFormat = "text"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = defaultDataDir(getenv)
	}
	if cfg.APIAddr == "" {
		cfg.APIAddr = DefaultAPIAddr
	}
	cfg.HistoryBackfill = true
	if v := getenv("WASYNC_HISTORY_BACKFILL"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("WASYNC_HISTORY_BACKFILL=%q: want true or false", v)
		}
		cfg.HistoryBackfill = b
	}
	if v := getenv("WASYNC_HEADLESS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("WASYNC_HEADLESS=%q: want true or false", v)
		}
		cfg.Headless = b
	}
	level, err := parseLevel(getenv("WASYNC_LOG_LEVEL"))
	if err != nil {
		return Config{}, fmt.Errorf("WASYNC_LOG_LEVEL: %w", err)
	}
	cfg.LogLevel = level
	if cfg.HistoryLimits, err = limitsFromEnv(getenv); err != nil {
		return Config{}, err
	}
	if cfg.HistoryDepth, err = domain.ParseHistoryDepth(getenv("WASYNC_HISTORY_DEPTH")); err != nil {
		return Config{}, fmt.Errorf("WASYNC_HISTORY_DEPTH: %w", err)
	}
	if cfg.APIKey != "" && len(cfg.APIKey) < 16 {
		return Config{}, errors.New("WASYNC_API_KEY must be at least 16 characters")
	}
	return cfg, nil
}

// defaultDataDir follows the XDG base directory spec.
func defaultDataDir(getenv func(string) string) string {
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "wasync")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		}
	}
	return filepath.Join(home, ".local", "share", "wasync")
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToLower(p))
		}
	}
	return out
}

func (c Config) validate() error {
	if err := c.Backup.validate(); err != nil {
		return err
	}
	if c.DataDir == "" {
		return errors.New("no data folder: set --data-dir or WASYNC_DATA_DIR")
	}
	host, port, err := net.SplitHostPort(c.APIAddr)
	if err != nil {
		return fmt.Errorf("API address %q: want host:port such as %s", c.APIAddr, DefaultAPIAddr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("API address %q: port must be a number from 0 to 65535", c.APIAddr)
	}
	if l := c.HistoryLimits; l.MaxChats < 1 || l.HourlyCap < 1 || l.MinSpacing <= 0 || l.Timeout <= 0 {
		return errors.New("history limits must be positive (--history-max-chats, --history-hourly-cap, --history-min-spacing, --history-timeout)")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("TLS needs both --tls-cert and --tls-key (or WASYNC_TLS_CERT and WASYNC_TLS_KEY)")
	}
	if host == "" {
		return fmt.Errorf("API address %q: give a host (127.0.0.1 keeps the API on this machine; 0.0.0.0 for all interfaces)", c.APIAddr)
	}
	return nil
}

// ClientFlags configure a subcommand that talks to a running instance.
type ClientFlags struct {
	// DataDir is the running instance's data folder (its lock file says
	// where it listens; its key file holds the key).
	DataDir string
	// Phone, for `link --phone`, links by pair code instead of QR code.
	Phone string
}

// ParseClient reads a subcommand's flags: --data-dir (default as the
// server's) and, for "link", --phone.
func ParseClient(name string, args []string, getenv func(string) string, out io.Writer) (ClientFlags, error) {
	f := ClientFlags{DataDir: getenv("WASYNC_DATA_DIR")}
	if f.DataDir == "" {
		f.DataDir = defaultDataDir(getenv)
	}
	fs := flag.NewFlagSet("wasync "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&f.DataDir, "data-dir", f.DataDir, "data folder of the running wasync (env WASYNC_DATA_DIR)")
	if name == "link" {
		fs.StringVar(&f.Phone, "phone", "", "link by the 8-character pair code for this phone number instead of a QR code")
	}
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q (see %s --help)", fs.Arg(0), name)
	}
	return f, nil
}
