// Package pdftable is the fpdf plumbing shared by the printed papers (the
// schedule of internal/export, the receipt and the report of
// internal/papers): starting a document, fitting text to a column and
// drawing table rows whose cells wrap.
//
// Guarantees:
//   - Text is in the core fonts' cp1252; the translator of NewDoc maps
//     UTF-8 onto it, and a character outside cp1252 prints as ".".
//   - A fitted text never runs over its width: it is wrapped by fpdf and,
//     past its line limit, its last line is filled and cut with "…".
//   - The same input gives the same bytes: NewDoc fixes the creation date
//     and sorts the catalog.
//   - Nothing breaks a page by itself: automatic page breaks are off and
//     the writer asks PageBreak before placing what must stay together.
package pdftable
