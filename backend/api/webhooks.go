package api

import (
	"net/http"

	"github.com/wasync/wasync/backend/domain"
)

// The webhook routes. GET /webhooks is s.webhooks in handlers.go.

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var in domain.WebhookInput
	if err := decode(r, &in, false); err != nil {
		s.failErr(w, r, err)
		return
	}
	wh, err := s.svc.CreateWebhook(r.Context(), in)
	s.send(w, r, "Webhook created: keep the secret, it is shown only now", wh, err)
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	wh, err := s.svc.GetWebhook(r.Context(), r.PathValue("id"))
	s.send(w, r, "Webhook", wh, err)
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	var p domain.WebhookPatch
	if err := decode(r, &p, false); err != nil {
		s.failErr(w, r, err)
		return
	}
	wh, err := s.svc.UpdateWebhook(r.Context(), r.PathValue("id"), p)
	s.send(w, r, "Webhook updated", wh, err)
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.svc.DeleteWebhook(r.Context(), id); err != nil {
		s.failErr(w, r, err)
		return
	}
	ok(w, "Webhook deleted", map[string]string{"webhook_id": id})
}

func (s *Server) testWebhook(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.TestWebhook(r.Context(), r.PathValue("id"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	msg := "test.ping delivered"
	if !res.Delivered {
		msg = "test.ping not delivered: see error and response_status"
	}
	ok(w, msg, res)
}

func (s *Server) rotateWebhookSecret(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Secret string `json:"secret"`
	}
	if err := decode(r, &body, true); err != nil {
		s.failErr(w, r, err)
		return
	}
	res, err := s.svc.RotateWebhookSecret(r.Context(), r.PathValue("id"), body.Secret)
	s.send(w, r, "Secret rotated: keep the new secret, it is shown only now", res, err)
}

func (s *Server) webhookDeliveries(w http.ResponseWriter, r *http.Request) {
	limit, perr := intParam(r, "limit")
	if perr != nil {
		s.failErr(w, r, perr)
		return
	}
	q := r.URL.Query()
	page, err := s.svc.Deliveries(r.Context(), domain.DeliveryQuery{
		WebhookID: r.PathValue("id"), Status: q.Get("status"), Limit: limit, Cursor: q.Get("cursor"),
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ok(w, "Deliveries", page)
}

func (s *Server) redeliver(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.Redeliver(r.Context(), r.PathValue("id"), r.PathValue("delivery_id"))
	s.send(w, r, "Delivery queued again", d, err)
}

func (s *Server) redeliverFailed(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.RedeliverFailed(r.Context(), r.PathValue("id"))
	s.send(w, r, "Failed deliveries queued again", res, err)
}
