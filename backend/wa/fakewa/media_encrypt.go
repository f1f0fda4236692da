package fakewa

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// Media key derivation infos (whatsmeow's MediaType values).
const (
	// MediaInfoHistory is the HKDF info of history sync blobs.
	MediaInfoHistory = "WhatsApp History Keys"
	// MediaInfoImage is the HKDF info of images.
	MediaInfoImage = "WhatsApp Image Keys"
)

// mediaMACLen is how many bytes of the HMAC-SHA256 are appended.
const mediaMACLen = 10

// EncryptedMedia is a blob encrypted the WhatsApp way and uploaded to the
// fake media host: the fields a message or notification references it by.
type EncryptedMedia struct {
	DirectPath    string // with a query string, as WhatsApp hands them out
	MediaKey      []byte // 32 random bytes
	FileSHA256    []byte // of the plaintext
	FileEncSHA256 []byte // of ciphertext + MAC, the uploaded bytes
	FileLength    uint64 // plaintext length
}

// EncryptMedia encrypts plain with a fresh media key: HKDF-SHA256(mediaKey,
// info) to 112 bytes gives iv [0:16], cipher key [16:48] and MAC key [48:80];
// the blob is AES-256-CBC with PKCS#7 padding followed by the first 10 bytes
// of HMAC-SHA256(macKey, iv + ciphertext).
func EncryptMedia(plain []byte, info string) (blob []byte, mediaKey []byte, err error) {
	mediaKey = make([]byte, 32)
	if _, err := rand.Read(mediaKey); err != nil {
		return nil, nil, fmt.Errorf("fakewa: media key: %w", err)
	}
	expanded, err := hkdf.Key(sha256.New, mediaKey, nil, info, 112)
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: expand media key: %w", err)
	}
	iv, cipherKey, macKey := expanded[:16], expanded[16:48], expanded[48:80]
	block, err := aes.NewCipher(cipherKey)
	if err != nil {
		return nil, nil, fmt.Errorf("fakewa: media cipher: %w", err)
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	ct := slices.Concat(plain, bytes.Repeat([]byte{byte(pad)}, pad))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, ct)
	mac := hmac.New(sha256.New, macKey)
	mac.Write(iv)
	mac.Write(ct)
	return append(ct, mac.Sum(nil)[:mediaMACLen]...), mediaKey, nil
}

// UploadMedia encrypts plain with info (e.g. MediaInfoHistory), serves the
// blob from the media host under a fresh direct path and returns its
// reference.
func (s *Server) UploadMedia(plain []byte, info string) (EncryptedMedia, error) {
	blob, key, err := EncryptMedia(plain, info)
	if err != nil {
		return EncryptedMedia{}, err
	}
	var name [16]byte
	_, _ = rand.Read(name[:])
	path := "/v/t62.36145-24/" + hex.EncodeToString(name[:]) + ".enc?ccb=11-4&oh=01_fakewa&oe=68000000&_nc_sid=5e03e0"
	s.PutMedia(path, blob)
	plainSum, encSum := sha256.Sum256(plain), sha256.Sum256(blob)
	return EncryptedMedia{
		DirectPath: path, MediaKey: key, FileSHA256: plainSum[:], FileEncSHA256: encSum[:],
		FileLength: uint64(len(plain)),
	}, nil
}
