package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasync/wasync/backend/auth"
	"github.com/wasync/wasync/backend/config"
	"github.com/wasync/wasync/backend/datadir"
)

// apiClient talks to the wasync running on a data folder, through its API
// and with its key: what the subcommands use.
type apiClient struct {
	base string
	key  string
	http *http.Client
}

// dialRunning finds the instance on dataDir from its lock file and reads
// its key (WASYNC_API_KEY, else the key file). A TLS instance is reached on
// loopback without checking its certificate's name: the lock file, which
// only this user can read, says which process listens there.
func dialRunning(dataDir string, getenv func(string) string) (*apiClient, error) {
	owner := datadir.ReadOwner(dataDir)
	if owner.APIAddr == "" {
		return nil, fmt.Errorf("no wasync is running on data folder %s: start it first (wasync-server), or name its folder with --data-dir", dataDir)
	}
	key := strings.TrimSpace(getenv("WASYNC_API_KEY"))
	if key == "" {
		b, err := os.ReadFile(filepath.Join(dataDir, auth.KeyFile))
		if err != nil {
			return nil, fmt.Errorf("read the API key: %w", err)
		}
		key = strings.TrimSpace(string(b))
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if owner.TLS {
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // see the doc comment
	}
	return &apiClient{base: scheme(owner.TLS) + "://" + browserHost(owner.APIAddr), key: key,
		http: &http.Client{Timeout: 30 * time.Second, Transport: tr}}, nil
}

// call sends body (when not nil) as JSON and decodes the envelope's data
// into out; a failed call returns the envelope's error text.
func (c *apiClient) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", c.key)
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("reach wasync at %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	var env struct {
		Status bool            `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return fmt.Errorf("%s %s: HTTP %d, unreadable answer: %w", method, path, resp.StatusCode, err)
	}
	if !env.Status {
		return fmt.Errorf("%s %s: %s", method, path, env.Error)
	}
	if out != nil && len(env.Data) > 0 {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	return nil
}

// subcommand names the commands that talk to a running instance.
func subcommand(name string) (func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int, bool) {
	switch name {
	case "link":
		return linkCommand, true
	case "login-link":
		return loginLinkCommand, true
	}
	return nil, false
}

// loginLinkCommand prints a new single-use login link from the running
// instance (`wasync-server login-link`).
func loginLinkCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	f, err := config.ParseClient("login-link", args, getenv, stderr)
	if err != nil {
		return flagExit(err, stderr)
	}
	c, err := dialRunning(f.DataDir, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 1
	}
	var out struct {
		URL       string `json:"url"`
		ExpiresAt string `json:"expires_at"`
	}
	if err := c.call(ctx, http.MethodPost, "/auth/login-link", nil, &out); err != nil {
		fmt.Fprintf(stderr, "wasync: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n(single-use, valid until %s)\n", out.URL, out.ExpiresAt)
	return 0
}

func flagExit(err error, stderr io.Writer) int {
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "wasync: %v\n", err)
	return 2
}
