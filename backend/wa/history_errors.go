package wa

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"go.mau.fi/whatsmeow"
)

// ErrNotReady means a history blob cannot be fetched right now (not linked
// or not connected); the notification stays pending and is tried again
// without counting an attempt.
var ErrNotReady = errors.New("not connected to WhatsApp")

// ErrRetryLater means fetching a history blob failed in a way that may pass
// (a transport error, a 5xx from the media host, a timeout or a cancelled
// context): count an attempt and try again after a while.
var ErrRetryLater = errors.New("history blob could not be fetched; try again later")

// ErrGone means a history blob can never be fetched or decoded: a bad zlib
// stream, a bad protobuf, a hash, HMAC or length mismatch, no URL, or a blob
// the media host no longer has (404, 410).
var ErrGone = errors.New("history blob is gone or undecodable")

// downloadError wraps an error of whatsmeow's Download of a history blob
// in ErrRetryLater or ErrGone. ctx is the caller's: once it has ended, any
// failure may be its doing and is worth another try.
func downloadError(ctx context.Context, err error) error {
	if ctx.Err() == nil && goneDownload(err) {
		return fmt.Errorf("%w: download: %w", ErrGone, err)
	}
	return fmt.Errorf("%w: download: %w", ErrRetryLater, err)
}

// decodeError wraps an error decoding a downloaded blob (zlib, protobuf):
// the same bytes never decode, so it is ErrGone unless ctx ended.
func decodeError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w: decode: %w", ErrRetryLater, err)
	}
	return fmt.Errorf("%w: decode: %w", ErrGone, err)
}

// goneDownload reports download errors that no later attempt can fix: the
// media host no longer has the blob, or what it serves does not match the
// notification's hashes, HMAC or length.
func goneDownload(err error) bool {
	var httpErr whatsmeow.DownloadHTTPError
	if errors.As(err, &httpErr) && httpErr.Response != nil {
		return httpErr.StatusCode == http.StatusNotFound || httpErr.StatusCode == http.StatusGone
	}
	return errors.Is(err, whatsmeow.ErrInvalidMediaHMAC) || errors.Is(err, whatsmeow.ErrInvalidMediaEncSHA256) ||
		errors.Is(err, whatsmeow.ErrInvalidMediaSHA256) || errors.Is(err, whatsmeow.ErrFileLengthMismatch) ||
		errors.Is(err, whatsmeow.ErrTooShortFile) || errors.Is(err, whatsmeow.ErrNoURLPresent) ||
		errors.Is(err, whatsmeow.ErrUnknownMediaType)
}
