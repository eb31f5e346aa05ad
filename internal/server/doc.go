// Package server is anterkoper's HTTP and WebSocket interface.
//
// Guarantees:
//   - A scan is acknowledged (HTTP response, WebSocket event) only after the
//     circulation engine has committed it to the store.
//   - Each visit's events reach its WebSocket clients in seq order. A client
//     that connects with ?since=SEQ receives every event of the visit after
//     SEQ, replayed from memory or from the database (also after a restart),
//     then the live ones.
//   - Publishing never waits for a client: the hub only wakes each client's
//     writer, which pulls what it has not sent yet. A client that falls behind
//     is caught up from the log; one that cannot be written to within the
//     write timeout is dropped.
//
// See docs/API.md for the routes and message formats.
package server
