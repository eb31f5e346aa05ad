// Package demo provides the demonstration data the kiosk starts with when
// asked to (`anterkoper serve -demo`, screenshots, tests): a catalog of
// Indonesian books, three places the service visits, the basket labels, and
// Code 128 and QR code images of them to print and scan.
//
// Everything is deterministic: the same build always returns the same items,
// codes and images, so tests and screenshots can rely on them. The data is
// fictional but realistic — titles, authors and places read like those of a
// mobile library in Central Java — and it is valid input for the rest of the
// product: item codes are unique SLiMS-style codes of at most 20 characters,
// levels are circulation level constants, and every ISBN has a correct check
// digit.
package demo
