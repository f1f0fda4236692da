package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/wasync/wasync/backend/domain"
)

// envelope is the shape of every JSON response.
type envelope struct {
	Status  bool   `json:"status"`
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
	Error   string `json:"error,omitempty"`
}

func writeJSON(w http.ResponseWriter, code int, body envelope) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}

// ok answers 200 with data.
func ok(w http.ResponseWriter, message string, data any) {
	writeJSON(w, http.StatusOK, envelope{Status: true, Code: http.StatusOK, Message: message, Data: data})
}

// send answers with data, or with err in the envelope when it is set.
func (s *Server) send(w http.ResponseWriter, r *http.Request, message string, data any, err error) {
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ok(w, message, data)
}

// fail answers with an error in the envelope. message is the status's
// summary; reason the human-readable cause.
func fail(w http.ResponseWriter, code int, reason string) {
	writeJSON(w, code, envelope{Code: code, Message: http.StatusText(code), Error: reason})
}

// failErr maps an error to its status; uncoded errors become 500 and are
// logged, never shown.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	var de *domain.Error
	if errors.As(err, &de) {
		if de.Code == domain.CodeRateLimited && de.RetryAfterSeconds > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(de.RetryAfterSeconds))
		}
		fail(w, de.Code.HTTPStatus(), de.Message)
		return
	}
	s.cfg.Log.Error("request failed", "method", r.Method, "path", r.URL.Path,
		"request_id", w.Header().Get("X-Request-ID"), "err", err)
	fail(w, http.StatusInternalServerError, "internal error (see the wasync log, request "+w.Header().Get("X-Request-ID")+")")
}

// decode reads a JSON body strictly into v: unknown fields, wrong types,
// trailing data and bodies over the limit are clear 4xx errors. An empty body
// leaves v as it is (the defaults) when allowEmpty.
func decode(r *http.Request, v any, allowEmpty bool) *domain.Error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return domain.Errorf(domain.CodeTooLarge, "request body is larger than %d bytes", mbe.Limit)
		}
		return domain.Errorf(domain.CodeInvalid, "could not read the request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if allowEmpty {
			return nil
		}
		return domain.Errorf(domain.CodeInvalid, "request body is empty: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if dec.More() {
		return domain.Errorf(domain.CodeInvalid, "request body has data after the JSON object")
	}
	return nil
}

func describeJSONError(err error) *domain.Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return domain.Errorf(domain.CodeInvalid, "malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return domain.Errorf(domain.CodeInvalid, "field %q must be %s, not %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
		}
		return domain.Errorf(domain.CodeInvalid, "request body must be a JSON object, not %s", typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return domain.Errorf(domain.CodeInvalid, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return domain.Errorf(domain.CodeInvalid, "malformed JSON: the body ends too early")
	default:
		return domain.Errorf(domain.CodeInvalid, "malformed JSON: %v", err)
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int", "int64", "int32", "uint", "uint64":
		return "a whole number"
	case "float64", "float32":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "slice":
		return "an array"
	default:
		return fmt.Sprintf("a %s", goKind)
	}
}

// intParam parses an optional integer query parameter.
func intParam(r *http.Request, name string) (int, *domain.Error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, domain.Errorf(domain.CodeInvalid, "%s must be a positive whole number", name)
	}
	return n, nil
}
