// Package fakewa is a fake WhatsApp server and fake primary phone on loopback
// for tests: the real, unmodified whatsmeow client connects to it over TLS,
// websocket and Noise exactly as it would to WhatsApp, and the fake answers
// with whatsmeow's own binary node encoding.
//
// A Server listens on 127.0.0.1 with a self-made TLS CA whose leaf covers
// web.whatsapp.com, *.whatsapp.com and *.whatsapp.net, serves the chat
// websocket at /ws/chat and a media host for every other path, and signs its
// Noise certificate chain with a test root key. Point a whatsmeow client at it
// with wa.Endpoint (Addr, CAFile, RootKeyHex, or Env for a separate process)
// and install the root key once per process with wa.InstallRootKey.
//
// A Phone is an account's primary device: it scans QR codes and enters pairing
// codes (building the ADV-signed pair-success that whatsmeow verifies), lists
// and removes its companions. The Server records every node the clients send
// and every IQ it could not answer (UnhandledIQs), so a whatsmeow upgrade that
// sends something new fails tests loudly.
//
// Layout: server.go (lifecycle, knobs), tlsca.go and certchain.go (TLS CA and
// Noise certificates), noise.go and frames.go (Noise XX responder and framing),
// conn.go (one client connection), journal.go (what clients sent), login.go
// (registration and login), iq.go and iq_*.go (IQ handlers per namespace),
// registry.go (companion devices and their prekeys), phone.go and paircode.go
// (the primary phone), media.go (the media host).
//
// The phone also sends Signal-encrypted messages to its companions:
// signal.go (its in-memory libsignal state, one identity per sender),
// deliver.go (encrypting, sending and waiting for the companion's receipt),
// history.go (history sync notifications, inline or through the media host),
// media_encrypt.go (WhatsApp media encryption and upload), message_send.go
// (live messages) and generate*.go (deterministic generated histories of any
// size, with the counts a companion should end up with).
//
// The phone answers on-demand history requests (whatsmeow's
// BuildHistorySyncRequest sent as a peer message to the account itself):
// peer_receive.go (routing and decrypting companions' peer messages),
// ondemand.go (recorded requests and answer modes), ondemand_answer.go (the
// ON_DEMAND history sync answer) and generate_ondemand.go (the older
// messages a split generated history holds back; GenOpts.InitialPerChat).
package fakewa
