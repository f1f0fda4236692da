// Package wa is the only importer of whatsmeow in wasync's application code:
// everything that links the account as a companion device, talks to WhatsApp
// and stores its session goes through here, so a whatsmeow upgrade touches one
// package.
//
// Its test-support subpackage fakewa is a fake WhatsApp server and primary
// phone that the real, unmodified whatsmeow client can talk to over loopback;
// Endpoint and InstallRootKey are the knobs that point a client at it.
package wa
