package wa

import (
	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// mediaKind converts images, videos, GIFs, round video notes, audio,
// voice notes, documents, stickers, sticker packs and album headers. The
// media itself is not downloaded: the row is a typed placeholder with what
// the message says about the file.
func mediaKind(name protoreflect.Name) kindFunc {
	switch name {
	case "imageMessage":
		return image
	case "videoMessage":
		return func(m *waE2E.Message) part { return video(m.GetVideoMessage(), false) }
	case "ptvMessage":
		return func(m *waE2E.Message) part { return video(m.GetPtvMessage(), true) }
	case "audioMessage":
		return audio
	case "documentMessage":
		return document
	case "stickerMessage":
		return sticker
	case "stickerPackMessage":
		return stickerPack
	case "albumMessage":
		return album
	}
	return nil
}

func image(m *waE2E.Message) part {
	im := m.GetImageMessage()
	return part{typ: "image", text: im.GetCaption(),
		media: &domain.Media{Kind: "image", Size: int64(im.GetFileLength())},
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Mimetype: im.GetMimetype(), Width: int(im.GetWidth()), Height: int(im.GetHeight()),
		}},
	}
}

// video is a video, a GIF (gifPlayback) or a round video note (ptv).
func video(v *waE2E.VideoMessage, round bool) part {
	kind := "video"
	switch {
	case round:
		kind = "video_note"
	case v.GetGifPlayback():
		kind = "gif"
	}
	return part{typ: kind, text: v.GetCaption(),
		media: &domain.Media{Kind: kind, Size: int64(v.GetFileLength()), Duration: int(v.GetSeconds())},
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Mimetype: v.GetMimetype(), Width: int(v.GetWidth()), Height: int(v.GetHeight()),
			RoundVideo: round, Animated: v.GetGifPlayback(),
		}},
	}
}

// audio is an audio file or a voice note (ptt).
func audio(m *waE2E.Message) part {
	a := m.GetAudioMessage()
	kind := "audio"
	if a.GetPTT() {
		kind = "voice"
	}
	return part{typ: kind,
		media:   &domain.Media{Kind: kind, Size: int64(a.GetFileLength()), Duration: int(a.GetSeconds())},
		content: domain.MessageContent{Media: &domain.MediaInfo{Mimetype: a.GetMimetype()}},
	}
}

// document is a document; documentWithCaptionMessage is unwrapped by
// whatsmeow into this.
func document(m *waE2E.Message) part {
	d := m.GetDocumentMessage()
	name := d.GetFileName()
	if name == "" {
		name = d.GetTitle()
	}
	return part{typ: "document", text: joinText(d.GetCaption(), name),
		media: &domain.Media{Kind: "document", FileName: name, Size: int64(d.GetFileLength())},
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Mimetype: d.GetMimetype(), Pages: int(d.GetPageCount()), Title: d.GetTitle(),
		}},
	}
}

func sticker(m *waE2E.Message) part {
	s := m.GetStickerMessage()
	return part{typ: "sticker",
		media: &domain.Media{Kind: "sticker", Size: int64(s.GetFileLength())},
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Mimetype: s.GetMimetype(), Width: int(s.GetWidth()), Height: int(s.GetHeight()), Animated: s.GetIsAnimated(),
		}},
	}
}

func stickerPack(m *waE2E.Message) part {
	s := m.GetStickerPackMessage()
	return part{typ: "sticker_pack", text: joinText(s.GetName(), s.GetPublisher(), s.GetCaption()),
		media: &domain.Media{Kind: "sticker_pack", FileName: s.GetName(), Size: int64(s.GetFileLength())},
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Title: s.GetName(), Items: len(s.GetStickers()),
		}},
	}
}

// album is the header WhatsApp sends before an album's images and videos
// (each arrives as a message of its own, associated with the album).
func album(m *waE2E.Message) part {
	a := m.GetAlbumMessage()
	return part{typ: "album",
		content: domain.MessageContent{Media: &domain.MediaInfo{
			Items: int(a.GetExpectedImageCount() + a.GetExpectedVideoCount()),
		}},
	}
}
