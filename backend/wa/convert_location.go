package wa

import (
	"fmt"

	"go.mau.fi/whatsmeow/proto/waE2E"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/wasync/wasync/backend/domain"
)

// locationKind converts locations and live locations. The map link points
// at openstreetmap.org; nothing is fetched from it.
func locationKind(name protoreflect.Name) kindFunc {
	switch name {
	case "locationMessage":
		return func(m *waE2E.Message) part { return location(m.GetLocationMessage()) }
	case "liveLocationMessage":
		return func(m *waE2E.Message) part {
			l := m.GetLiveLocationMessage()
			loc := &domain.Location{
				Lat: l.GetDegreesLatitude(), Lng: l.GetDegreesLongitude(), Name: l.GetCaption(),
				URL: mapURL(l.GetDegreesLatitude(), l.GetDegreesLongitude()), Live: true,
			}
			return part{typ: "live_location", text: l.GetCaption(), content: domain.MessageContent{Location: loc}}
		}
	}
	return nil
}

func location(l *waE2E.LocationMessage) part {
	loc := &domain.Location{
		Lat: l.GetDegreesLatitude(), Lng: l.GetDegreesLongitude(), Name: l.GetName(), Address: l.GetAddress(),
		URL: l.GetURL(), Live: l.GetIsLive(),
	}
	if !isWebURL(loc.URL) {
		loc.URL = mapURL(loc.Lat, loc.Lng)
	}
	return part{typ: "location", text: joinText(l.GetName(), l.GetAddress(), l.GetComment()), content: domain.MessageContent{Location: loc}}
}

// mapURL links to the coordinates on OpenStreetMap.
func mapURL(lat, lng float64) string {
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=16/%.6f/%.6f", lat, lng, lat, lng)
}

// isWebURL reports whether s is an http or https link: nothing else is
// kept as a link.
func isWebURL(s string) bool {
	return len(s) > 8 && (s[:7] == "http://" || s[:8] == "https://")
}
