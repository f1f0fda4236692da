package core

import "github.com/wasync/wasync/backend/domain"

// depthSetter is a link that can ask the phone for a chosen history depth
// at the next pairing (wa.Client).
type depthSetter interface {
	SetHistoryDepth(d domain.HistoryDepth)
}

// ChooseHistoryDepth sets how much history the next pairing asks the phone
// for ("" keeps the choice made before, at first "recent").
func (s *Service) ChooseHistoryDepth(depth string) error {
	if depth == "" {
		return nil
	}
	d, err := domain.ParseHistoryDepth(depth)
	if err != nil {
		return err
	}
	l, err := s.link()
	if err != nil {
		return err
	}
	if ds, ok := l.(depthSetter); ok {
		ds.SetHistoryDepth(d)
	}
	return nil
}
