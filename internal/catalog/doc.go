// Package catalog reads the files a library exports to describe its
// collection and turns them into circulation.Item values for import.
//
// Parse accepts two formats and tells them apart by themselves:
//
//   - the SLiMS item export (Bibliography → Export items), 19 columns with an
//     optional header row, separator "," and encloser `"`. SLiMS does not
//     escape quotes inside values, so lines a strict CSV reader rejects are
//     read leniently: a quoted field ends at a quote followed by the separator
//     or the end of the line. Properly doubled quotes ("") are accepted too.
//   - a plain CSV with a header naming some of item_code, title, author, isbn,
//     level and call_number in any order (item_code and title are required),
//     read with standard CSV quoting.
//
// Guarantees:
//
//   - Every returned item has a non-empty Code of at most 20 characters
//     without control characters, a non-empty Title, valid UTF-8, a Level
//     that is empty or one of the circulation level constants, and a Code that
//     no other returned item has.
//   - No row is dropped silently: a row that cannot be imported is listed as a
//     RowError with its 1-based physical line number. Blank lines are the only
//     rows skipped without a report.
//   - A UTF-8 byte order mark is ignored; LF and CR LF line endings are both
//     accepted.
//   - Parse returns a non-nil error only when the input as a whole cannot be
//     read (an I/O error, an unrecognised format or a bad header); it then
//     returns no items, so a caller never imports half a file by accident.
//
// Parse never panics on any input.
package catalog
