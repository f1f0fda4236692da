package domain

// Picture states of a chat (Chat.Picture).
const (
	PictureNone   = "none"
	PictureStored = "stored"
)

// ProfilePicture is a chat's current profile picture as WhatsApp gives it:
// ID names the version, Data is the JPEG ("" ID and nil Data: none set).
type ProfilePicture struct {
	ID   string
	Data []byte
}

// PictureRef is what the store keeps about a chat's picture: WhatsApp's id
// and the SHA-256 (hex) naming the cached file.
type PictureRef struct {
	ID     string
	SHA256 string
}
