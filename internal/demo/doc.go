// Package demo provides the demonstration data the kiosk starts with when
// asked to (`anterkoper serve -demo`, screenshots, tests): a catalog of
// Indonesian books, three places the service visits and the basket labels
// (package barcode draws their labels).
//
// Everything is deterministic: the same build always returns the same items
// and codes, so tests and screenshots can rely on them. The data is
// fictional but realistic — titles, authors and places read like those of a
// mobile library in Central Java — and it is valid input for the rest of the
// product: item codes are unique SLiMS-style codes of at most 20 characters,
// levels are circulation level constants, and every ISBN has a correct check
// digit.
package demo
