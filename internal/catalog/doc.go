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
// Level rules (ParseWith with Options.Levels) give an education level to
// rows that have none: every SLiMS row, since its export has no level, and
// plain rows whose level column is empty or absent. A rule looks at SLiMS's
// collection type (coll_type_name, compared whole, ignoring case) or at the
// start of the call number (ignoring case), and rules are tried in order:
// the first that matches gives the level. ParseLevelRule reads the form
// used on the command line (anterkoper import items FILE --level-rule …):
//
//	coll_type=Fiksi Anak:SD     collection type "Fiksi Anak" → SD
//	call_number=J :SD           call numbers marked J (children's) → SD
//	call_number=8:umum          class 800s (literature) → umum
//
// An explicit level in a plain CSV always wins over the rules, and a row no
// rule matches keeps an empty level.
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
//     read (an I/O error, an unrecognised format or a bad header), and
//     ParseWith also when a level rule is invalid; they then return no items,
//     so a caller never imports half a file by accident.
//
// Parse, ParseWith and ParseLevelRule never panic on any input.
//
// ParseMembers reads SLiMS's member export (18 columns, header optional,
// the MySQL escapes SLiMS leaves in it undone) with the same all-or-nothing
// reporting: members it could read and RowErrors with line numbers.
// WriteMembers writes members in the format SLiMS's member import reads;
// its first line is the header, so import it starting from record 2.
package catalog
