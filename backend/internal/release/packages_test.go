package release

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// packagesDir is where make package wrote the .deb files; the test is
// skipped when it is not set (make package-test sets it).
func packagesDir(t *testing.T) string {
	dir := os.Getenv("WASYNC_PACKAGES_DIR")
	if dir == "" {
		t.Skip("WASYNC_PACKAGES_DIR is not set: run make package-test")
	}
	return dir
}

func findDeb(t *testing.T, dir, name string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, name+"_*.deb"))
	if err != nil || len(m) != 1 {
		t.Fatalf("want one %s_*.deb in %s, found %v (%v)", name, dir, m, err)
	}
	return m[0]
}

// TestServerPackage inspects wasync-server's .deb, unpacks it into a
// scratch root and starts the installed binary: it must answer /health.
func TestServerPackage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	deb := findDeb(t, packagesDir(t), "wasync-server")
	info := output(t, ctx, ".", "dpkg-deb", "-I", deb)
	for _, want := range []string{"Package: wasync-server", "Architecture: ", "postinst", "prerm"} {
		if !strings.Contains(info, want) {
			t.Errorf("dpkg-deb -I lacks %q:\n%s", want, info)
		}
	}
	list := output(t, ctx, ".", "dpkg-deb", "-c", deb)
	for _, want := range []string{"./usr/bin/wasync-server", "./usr/lib/systemd/system/wasync.service",
		"./usr/lib/systemd/user/wasync.service", "./etc/default/wasync"} {
		if !strings.Contains(list, want) {
			t.Errorf("dpkg-deb -c lacks %s:\n%s", want, list)
		}
	}
	name := output(t, ctx, ".", "dpkg-deb", "-f", deb, "Package")
	if strings.TrimSpace(name) != "wasync-server" {
		t.Fatalf("package name %q", name)
	}
	root := t.TempDir()
	output(t, ctx, ".", "dpkg", "-x", deb, root)
	unit, err := os.ReadFile(filepath.Join(root, "usr/lib/systemd/system/wasync.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DynamicUser=yes", "StateDirectory=wasync", "ProtectSystem=strict", "NoNewPrivileges=yes",
		"PrivateTmp=yes", "RestrictAddressFamilies=", "EnvironmentFile=-/etc/default/wasync", "ExecStart=/usr/bin/wasync-server --headless"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("system unit lacks %s", want)
		}
	}
	st, err := os.Stat(filepath.Join(root, "usr/bin/wasync-server"))
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Fatalf("installed binary: %v %v", st, err)
	}
	base := startServer(t, filepath.Join(root, "usr/bin/wasync-server"))
	if code, body := health(t, base); code != 200 || !strings.Contains(body, `"status":true`) {
		t.Fatalf("installed server /health: %d %s", code, body)
	}
}

// TestDesktopPackage inspects the desktop .deb: binary, .desktop entry,
// icons and the GTK/WebKitGTK dependencies.
func TestDesktopPackage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	deb := findDeb(t, packagesDir(t), "wasync")
	depends := output(t, ctx, ".", "dpkg-deb", "-f", deb, "Depends")
	for _, want := range []string{"libgtk-3-0", "libwebkit2gtk-4.1-0"} {
		if !strings.Contains(depends, want) {
			t.Errorf("Depends %q lacks %s", depends, want)
		}
	}
	list := output(t, ctx, ".", "dpkg-deb", "-c", deb)
	for _, want := range []string{"./usr/bin/wasync", "./usr/share/applications/wasync.desktop",
		"./usr/share/icons/hicolor/256x256/apps/wasync.png", "./usr/share/icons/hicolor/48x48/apps/wasync.png"} {
		if !strings.Contains(list, want) {
			t.Errorf("dpkg-deb -c lacks %s", want)
		}
	}
	root := t.TempDir()
	output(t, ctx, ".", "dpkg", "-x", deb, root)
	entry, err := os.ReadFile(filepath.Join(root, "usr/share/applications/wasync.desktop"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(entry), "Exec=wasync") || !strings.Contains(string(entry), "Icon=wasync") {
		t.Fatalf("desktop entry:\n%s", entry)
	}
	if out := output(t, ctx, ".", filepath.Join(root, "usr/bin/wasync"), "--version"); !strings.HasPrefix(out, "wasync ") {
		t.Fatalf("installed desktop binary --version: %q", out)
	}
}
