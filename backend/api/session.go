package api

import "net/http"

func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	sess, err := s.svc.Session(r.Context())
	s.send(w, r, "Session", sess, err)
}

// startPairing asks for (fresh) QR codes and answers with the first one.
// An optional body {"history": "recent"|"year"|"everything"} chooses how
// much history the phone sends once linked.
func (s *Server) startPairing(w http.ResponseWriter, r *http.Request) {
	var body struct {
		History string `json:"history"`
	}
	if err := decode(r, &body, true); err != nil {
		s.failErr(w, r, err)
		return
	}
	if err := s.svc.ChooseHistoryDepth(body.History); err != nil {
		s.failErr(w, r, err)
		return
	}
	sess, err := s.svc.StartPairing(r.Context())
	s.send(w, r, "Scan the QR code with WhatsApp on your phone (Linked devices)", sess, err)
}

func (s *Server) pairCode(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Phone   string `json:"phone"`
		History string `json:"history"`
	}
	if err := decode(r, &body, false); err != nil {
		s.failErr(w, r, err)
		return
	}
	if err := s.svc.ChooseHistoryDepth(body.History); err != nil {
		s.failErr(w, r, err)
		return
	}
	code, err := s.svc.PairPhone(r.Context(), body.Phone)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ok(w, "Enter this code on your phone: WhatsApp > Linked devices > Link with phone number", map[string]string{"pair_code": code})
}

func (s *Server) logoutDevice(w http.ResponseWriter, r *http.Request) {
	s.send(w, r, "Logged out; stored history is kept", nil, s.svc.LogoutDevice(r.Context()))
}
