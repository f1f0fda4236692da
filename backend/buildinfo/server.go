//go:build !desktop

package buildinfo

// Desktop is true when the binary was built with the Wails window.
const Desktop = false
