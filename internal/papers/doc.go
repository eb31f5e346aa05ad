// Package papers writes the printed papers of a visit that the SOP asks
// for: the loan receipt (bukti peminjaman, step 7) signed by the school and
// the library officer, the reconciliation of step 9 (pengecekan kembali:
// what went out, was lent, came back and is in the vehicle) and the
// activity report (laporan kegiatan, report.go).
//
// The package only lays out what it is given: the caller derives the lists
// (circulation.State.Lists) and looks up titles; nothing here reads the
// database or the clock, except that a paper with no time of its own is
// stamped with the current one.
//
// Guarantees:
//   - Dates and times are printed in WIB (UTC+7), as "27/11/2026 14:05 WIB"
//     in Indonesian (the default) and "27 Nov 2026 14:05 WIB" in English.
//   - The PDFs use the core Helvetica and Courier fonts in cp1252 and need
//     no font files; a character outside cp1252 prints as ".". Long titles
//     are wrapped and cut with "…", never run over a column.
//   - Bad input is an error, never a half-written paper by surprise: an
//     unknown language, a date not in YYYY-MM-DD, an empty QR text, and a
//     signature PNG that does not decode (the error names the party). The
//     writer may have received part of the output only when writing to it
//     failed.
//   - CSV headers and list keys are English snake_case whatever the
//     language, so scripts can rely on them.
package papers
