package domain

// HistoryDepth is how much history the phone is asked to send when a
// companion links: chosen once, before pairing, on the link screen, in the
// POST /session/qr and /session/pair-code bodies or with --history-depth.
type HistoryDepth string

// The depths a user can choose at linking.
const (
	// DepthRecent is WhatsApp's default for a companion: about three months.
	DepthRecent HistoryDepth = "recent"
	// DepthYear asks for the last 365 days.
	DepthYear HistoryDepth = "year"
	// DepthEverything asks the phone for a full sync: everything it has.
	DepthEverything HistoryDepth = "everything"
)

// YearDays is the days limit DepthYear registers.
const YearDays = 365

// ParseHistoryDepth accepts "", "recent", "year" or "everything"; "" is
// DepthRecent.
func ParseHistoryDepth(s string) (HistoryDepth, error) {
	switch d := HistoryDepth(s); d {
	case "":
		return DepthRecent, nil
	case DepthRecent, DepthYear, DepthEverything:
		return d, nil
	}
	return "", Errorf(CodeInvalid, "history %q: use recent, year or everything", s)
}
