// Package domain holds the types every other wasync package speaks: chats,
// messages, history requests, webhooks, events, settings and the coded error
// that maps to HTTP statuses and to the UI. It is the leaf of the import graph
// and must not import any other wasync package.
package domain
