package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MemberRow is one library member as the SLiMS member export
// (Membership → Export Data) has it, reduced to the columns the kiosk uses.
// Values are trimmed and hold no control characters.
type MemberRow struct {
	MemberID, Name, Gender, Type, Email, Address, PostalCode, Institution string
	Phone                                                                 string
	Since, Registered, Expires                                            string // YYYY-MM-DD or ""
	Notes                                                                 string
}

// memberColumns is the SLiMS member export, in the order SLiMS writes it.
var memberColumns = [...]string{
	"member_id", "member_name", "gender", "member_type_name", "member_email",
	"member_address", "postal_code", "inst_name", "is_new", "member_image", "pin",
	"member_phone", "member_fax", "member_since_date", "register_date",
	"expire_date", "birth_date", "member_notes",
}

const (
	colMemberID = iota
	colName
	colGender
	colType
	colEmail
	colAddress
	colPostal
	colInst
	colIsNew
	colImage
	colPin
	colPhone
	colFax
	colSince
	colRegistered
	colExpires
	colBirth
	colNotes
	nMemberCols
)

// maxMemberIDLen is the width of SLiMS's member.member_id, varchar(20), in
// characters.
const maxMemberIDLen = 20

// slimsImportMaxLine is the longest row, in bytes without its newline, that
// SLiMS's member import reads whole: it reads with fgetcsv($file, 4096), and
// a longer row spills into the next record.
const slimsImportMaxLine = 4094

// Reasons a member row is rejected, by ParseMembers in a RowError and by
// WriteMembers in its error. Like the item reasons, they carry no prefix.
var (
	ErrNoMemberID      = errors.New("member_id is empty")
	ErrBadMemberID     = errors.New("invalid member_id")
	ErrNoMemberName    = errors.New("member_name is empty")
	ErrBadDate         = errors.New("invalid date")
	ErrDuplicateMember = errors.New("duplicate member_id")
	ErrBadGender       = errors.New("invalid gender")
)

// ParseMembers reads a SLiMS member export: 18 columns (see memberColumns)
// with an optional header row, separator "," and encloser `"`. It returns
// the members it could read and the rows it could not, with the same
// guarantees as Parse: err is non-nil only when the input as a whole is
// unreadable (no rows, an I/O error, a first line that is neither the
// header nor an 18-column row, a header with the wrong columns), and members
// and bad are then nil; otherwise every row but a blank one is either
// returned or listed in bad with its 1-based line number. A header may end
// in a separator, as SLiMS 9 writes it.
//
// SLiMS passes every value through MySQL's escape_string before enclosing
// it, so quotes come as \" and newlines as \n; those escapes are undone. A
// file written another way is read too: quotes not escaped at all, the way
// SLiMS's item export writes them (`"Budi "Gondrong" Santoso"`), and quotes
// doubled as in standard CSV, which WriteMembers writes. Line breaks and
// other control characters in values become spaces. A file whose records
// are separated by CR alone (SLiMS's "CARRIAGE RETURN" record separator) is
// read as well.
//
// A row is rejected when it has the wrong number of columns, is not UTF-8,
// has an empty member_id or member_name, a member_id over 20 characters or
// with control characters, a date (member_since_date, register_date,
// expire_date) that is not YYYY-MM-DD, or a member_id an earlier row has:
// SLiMS compares member_id ignoring case, so this does too. SLiMS's
// "0000-00-00" is read as no date.
//
// ParseMembers never panics.
func ParseMembers(r io.Reader) (members []MemberRow, bad []RowError, err error) {
	lr := newLineReader(crLines(r))
	var first []byte
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil, nil, errors.New("catalog: no rows in input")
		}
		if err != nil {
			return nil, nil, fmt.Errorf("catalog: read line %d: %w", lr.n+1, err)
		}
		if tooLong {
			return nil, nil, fmt.Errorf("catalog: line %d: %w: over %d bytes", lr.n, ErrLineTooLong, maxLine)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			first = line
			break
		}
	}

	var s memberSplitter
	header, err := detectMembers(lr.n, first, &s)
	if err != nil {
		return nil, nil, err
	}
	c := &memberCollector{seen: make(map[string]firstID)}
	if !header {
		c.row(lr.n, first, &s)
	}
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return c.members, c.bad, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("catalog: read line %d: %w", lr.n+1, err)
		}
		if tooLong {
			c.reject(lr.n, fmt.Errorf("%w: over %d bytes", ErrLineTooLong, maxLine))
			continue
		}
		c.row(lr.n, line, &s)
	}
}

// detectMembers tells a header from a first data row, on line n.
func detectMembers(n int, first []byte, s *memberSplitter) (header bool, err error) {
	if s.s.split(first) && len(s.s.fields) > 0 {
		names := make([]string, len(s.s.fields))
		for i, f := range s.s.fields {
			names[i] = strings.ToLower(string(bytes.TrimSpace(f.b)))
		}
		switch names[0] {
		case memberColumns[0]:
			if len(names) == len(memberColumns)+1 && names[len(memberColumns)] == "" {
				names = names[:len(memberColumns)] // SLiMS 9 ends its header with a separator
			}
			if len(names) != len(memberColumns) {
				return false, fmt.Errorf("catalog: line %d: SLiMS member header has %d columns, want %d", n, len(names), len(memberColumns))
			}
			for i, want := range memberColumns {
				if names[i] != want {
					return false, fmt.Errorf("catalog: line %d: SLiMS member header column %d is %q, want %q", n, i+1, names[i], want)
				}
			}
			return true, nil
		case slimsColumns[0]:
			return false, fmt.Errorf("catalog: line %d: this is a SLiMS item export, not a member export", n)
		}
	}
	if _, got, ok := s.split(first); !ok {
		if got == 0 {
			return false, fmt.Errorf("catalog: line %d: unrecognised format: %w: a quoted field is not closed", n, ErrQuote)
		}
		return false, fmt.Errorf("catalog: line %d: unrecognised format: %d fields; want a SLiMS member export (%d columns separated by commas)",
			n, got, len(memberColumns))
	}
	return false, nil
}

// firstID is where a member_id was first seen.
type firstID struct {
	line int
	id   string
}

// memberCollector validates member rows and gathers the outcome.
type memberCollector struct {
	members []MemberRow
	bad     []RowError
	seen    map[string]firstID // memberKey(member_id) → its first row
}

func (c *memberCollector) reject(line int, err error) {
	c.bad = append(c.bad, RowError{Line: line, Err: err})
}

// row reads line n, keeping the member or reporting the row.
func (c *memberCollector) row(n int, line []byte, s *memberSplitter) {
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	if !utf8.Valid(line) {
		c.reject(n, ErrEncoding)
		return
	}
	vals, got, ok := s.split(line)
	if !ok {
		if got == 0 {
			c.reject(n, fmt.Errorf("%w: a quoted field is not closed", ErrQuote))
		} else {
			c.reject(n, fmt.Errorf("%w: got %d, want %d", ErrFieldCount, got, len(memberColumns)))
		}
		return
	}
	if blankValues(vals) {
		return
	}
	m, err := readMember(vals)
	if err != nil {
		c.reject(n, err)
		return
	}
	key := memberKey(m.MemberID)
	if first, dup := c.seen[key]; dup {
		c.reject(n, duplicateMember(m.MemberID, first))
		return
	}
	c.seen[key] = firstID{line: n, id: m.MemberID}
	c.members = append(c.members, m)
}

// readMember validates the 18 raw values of a row.
func readMember(vals [][]byte) (MemberRow, error) {
	id := string(unescapeMySQL(bytes.TrimSpace(vals[colMemberID])))
	if err := checkMemberID(id); err != nil {
		return MemberRow{}, err
	}
	m := MemberRow{
		MemberID:    id,
		Name:        memberText(vals[colName]),
		Gender:      memberText(vals[colGender]),
		Type:        memberText(vals[colType]),
		Email:       memberText(vals[colEmail]),
		Address:     memberText(vals[colAddress]),
		PostalCode:  memberText(vals[colPostal]),
		Institution: memberText(vals[colInst]),
		Phone:       memberText(vals[colPhone]),
		Notes:       memberText(vals[colNotes]),
	}
	if m.Name == "" {
		return MemberRow{}, ErrNoMemberName
	}
	for _, d := range []struct {
		col int
		dst *string
	}{{colSince, &m.Since}, {colRegistered, &m.Registered}, {colExpires, &m.Expires}} {
		v, err := memberDate(d.col, memberText(vals[d.col]))
		if err != nil {
			return MemberRow{}, err
		}
		*d.dst = v
	}
	return m, nil
}

// checkMemberID checks a trimmed member_id.
func checkMemberID(id string) error {
	if id == "" {
		return ErrNoMemberID
	}
	n := 0
	for _, r := range id {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: contains control character %U", ErrBadMemberID, r)
		}
		n++
	}
	if n > maxMemberIDLen {
		return fmt.Errorf("%w: %d characters, at most %d", ErrBadMemberID, n, maxMemberIDLen)
	}
	return nil
}

// memberKey is what SLiMS compares member_ids by: its utf8_unicode_ci
// primary key ignores case.
func memberKey(id string) string { return strings.ToLower(id) }

func duplicateMember(id string, first firstID) error {
	if id != first.id {
		return fmt.Errorf("%w %q (%q ignoring case), first on line %d", ErrDuplicateMember, id, first.id, first.line)
	}
	return fmt.Errorf("%w %q, first on line %d", ErrDuplicateMember, id, first.line)
}

// memberDate checks the date v of column col: "" or YYYY-MM-DD, with
// MySQL's zero date read as "".
func memberDate(col int, v string) (string, error) {
	if v == "" || v == "0000-00-00" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil || len(v) != len(time.DateOnly) {
		return "", fmt.Errorf("%w: %s %q, want YYYY-MM-DD", ErrBadDate, memberColumns[col], v)
	}
	return v, nil
}

// memberText turns a raw value into a MemberRow field: MySQL escapes
// undone, line breaks and other control characters made spaces, trimmed.
func memberText(b []byte) string {
	b = unescapeMySQL(bytes.TrimSpace(b))
	return cleanText(string(b))
}

// cleanText replaces each line break (CR LF counting as one) and other
// control character by a space and trims the result.
func cleanText(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		s = strings.ReplaceAll(s, "\r\n", " ")
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// unescapeMySQL undoes what MySQL's escape_string does: \0 \n \r \\ \' \"
// and \Z (Ctrl-Z). A backslash before anything else is kept, since
// escape_string never writes one.
func unescapeMySQL(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) {
			var r byte
			switch b[i+1] {
			case '0':
				r = 0
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 'Z':
				r = 0x1a
			case '\\', '\'', '"':
				r = b[i+1]
			default:
				out = append(out, c)
				continue
			}
			out = append(out, r)
			i++
			continue
		}
		out = append(out, c)
	}
	return out
}

func blankValues(vals [][]byte) bool {
	for _, v := range vals {
		if len(bytes.TrimSpace(v)) > 0 {
			return false
		}
	}
	return true
}

// memberSplitter splits member rows. It tries, in order, standard CSV, the
// lenient splitter of the item export, a split that knows SLiMS's backslash
// escapes, and a split at `","`, and takes the first that yields 18 fields.
//
// Standard CSV comes first because the lenient split can misread it: in
// `"a"",","b"` (a value ending in `",`) it ends the value early and takes the
// closing quote for an opening one, which can swallow the boundary to the
// next field and still count 18. Rows SLiMS writes are almost never valid
// standard CSV when a value holds a quote, and when they are, both readings
// agree. On SLiMS's backslash-escaped rows the lenient split only ever finds
// too many fields (an escaped quote followed by a comma ends a value early,
// and the rest is unquoted), so 18 fields from it are the right ones. The
// `","` split recovers unescaped quotes followed by a comma in any column.
type memberSplitter struct {
	s    splitter
	vals [][]byte // the row's values, quotes removed, MySQL escapes kept
}

// split returns the 18 values of line. Otherwise it returns the number of
// fields the lenient split found, 0 when a quoted field is not closed.
func (m *memberSplitter) split(line []byte) (vals [][]byte, n int, ok bool) {
	if m.splitStrict(line) {
		return m.vals, nMemberCols, true
	}
	m.vals = m.vals[:0]
	if m.s.split(line) {
		n = len(m.s.fields)
		if n == nMemberCols {
			for _, f := range m.s.fields {
				m.vals = append(m.vals, f.b)
			}
			return m.vals, n, true
		}
	}
	if m.splitBackslash(line) || m.splitEnclosed(line) {
		return m.vals, nMemberCols, true
	}
	return nil, n, false
}

// splitStrict reads line as one standard CSV record.
func (m *memberSplitter) splitStrict(line []byte) bool {
	r := csv.NewReader(bytes.NewReader(line))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil || len(rec) != nMemberCols {
		return false
	}
	if _, err := r.Read(); err != io.EOF {
		return false
	}
	m.vals = m.vals[:0]
	for _, v := range rec {
		m.vals = append(m.vals, []byte(v))
	}
	return true
}

// splitBackslash splits line as SLiMS writes a member row: a backslash
// escapes the next byte, and a quoted field ends at the first unescaped
// quote followed by the separator or the end of the line.
func (m *memberSplitter) splitBackslash(line []byte) bool {
	m.vals = m.vals[:0]
	i := 0
	for len(m.vals) <= nMemberCols {
		if i < len(line) && line[i] == quote {
			end := closingQuote(line, i)
			if end < 0 {
				return false
			}
			m.vals = append(m.vals, line[i+1:end])
			if end+1 == len(line) {
				return len(m.vals) == nMemberCols
			}
			i = end + 2 // line[end+1] is the separator
			continue
		}
		k := bytes.IndexByte(line[i:], sep)
		if k < 0 {
			m.vals = append(m.vals, line[i:])
			return len(m.vals) == nMemberCols
		}
		m.vals = append(m.vals, line[i:i+k])
		i += k + 1
	}
	return false
}

// closingQuote returns the offset of the quote that closes the quoted field
// opening at line[i], or -1.
func closingQuote(line []byte, i int) int {
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case quote:
			if endsField(line, j+1) {
				return j
			}
		}
	}
	return -1
}

// splitEnclosed splits a line whose every value is enclosed in quotes at
// the 17 `","` between them. It refuses a line where such boundaries
// overlap (`",","`), which can be split more than one way.
func (m *memberSplitter) splitEnclosed(line []byte) bool {
	if len(line) < 2 || line[0] != quote || line[len(line)-1] != quote {
		return false
	}
	inner := line[1 : len(line)-1]
	boundary := []byte{quote, sep, quote}
	if bytes.Contains(inner, []byte{quote, sep, quote, sep, quote}) || bytes.Count(inner, boundary) != nMemberCols-1 {
		return false
	}
	m.vals = m.vals[:0]
	for _, v := range bytes.Split(inner, boundary) {
		m.vals = append(m.vals, unescapeQuotes(v))
	}
	return true
}

// crLines reads a file whose records are separated by CR alone as if they
// were separated by LF. It decides from the first 64 KiB: a CR and no LF.
func crLines(r io.Reader) io.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	b, _ := br.Peek(64 << 10) // a read error comes back from the next Read
	if bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') < 0 {
		return br
	}
	return crReader{br}
}

type crReader struct{ r io.Reader }

func (c crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// WriteMembers writes rows in the format SLiMS's member import (Membership
// → Import Data, separator "," and encloser `"`) reads: a header row, then
// one row per member with all 18 columns, every value enclosed in quotes
// and a quote inside a value doubled. is_new is "1"; member_image, pin,
// member_fax and birth_date are empty.
//
// Values are written trimmed, with line breaks and other control characters
// replaced by spaces, and with backslashes replaced by slashes: SLiMS's
// import deletes every backslash, and one before a quote breaks the row.
// ParseMembers reads what WriteMembers writes back to the same rows, but
// for those replacements and "0000-00-00" read as "".
//
// SLiMS's import does not skip a header: import the file with "Start From
// Record" set to 2, or SLiMS may add a member whose member_id is
// "member_id".
//
// WriteMembers checks every row before it writes anything and refuses rows
// SLiMS would import wrongly: an empty, too long or duplicate member_id or
// one with control characters or a backslash, an empty name, a gender that
// is not empty or one digit (SLiMS stores 0 or 1 and puts the value into
// its SQL unquoted), a date that is not YYYY-MM-DD, invalid UTF-8, or a row
// longer than the 4094 bytes SLiMS's import reads as one. Its error then
// names the row (1-based) and wraps one of the Err… reasons.
func WriteMembers(w io.Writer, rows []MemberRow) error {
	var buf bytes.Buffer
	for i, name := range memberColumns {
		if i > 0 {
			buf.WriteByte(sep)
		}
		writeQuoted(&buf, name)
	}
	buf.WriteByte('\n')
	seen := make(map[string]firstID, len(rows))
	var vals [nMemberCols]string
	for i, m := range rows {
		if err := memberValues(&vals, m); err != nil {
			return fmt.Errorf("catalog: member %d (%q): %w", i+1, m.MemberID, err)
		}
		key := memberKey(vals[colMemberID])
		if first, dup := seen[key]; dup {
			return fmt.Errorf("catalog: member %d (%q): %w, first as member %d", i+1, m.MemberID, ErrDuplicateMember, first.line)
		}
		seen[key] = firstID{line: i + 1, id: vals[colMemberID]}
		start := buf.Len()
		for j, v := range vals {
			if j > 0 {
				buf.WriteByte(sep)
			}
			writeQuoted(&buf, v)
		}
		if n := buf.Len() - start; n > slimsImportMaxLine {
			return fmt.Errorf("catalog: member %d (%q): %w: %d bytes; SLiMS's import reads at most %d",
				i+1, m.MemberID, ErrLineTooLong, n, slimsImportMaxLine)
		}
		buf.WriteByte('\n')
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("catalog: write members: %w", err)
	}
	return nil
}

// memberValues checks m and fills vals with the values to write.
func memberValues(vals *[nMemberCols]string, m MemberRow) error {
	fields := []*string{&m.MemberID, &m.Name, &m.Gender, &m.Type, &m.Email, &m.Address, &m.PostalCode,
		&m.Institution, &m.Phone, &m.Since, &m.Registered, &m.Expires, &m.Notes}
	for _, f := range fields {
		if !utf8.ValidString(*f) {
			return ErrEncoding
		}
	}
	id := strings.TrimSpace(m.MemberID)
	if err := checkMemberID(id); err != nil {
		return err
	}
	if strings.Contains(id, `\`) {
		return fmt.Errorf("%w: contains a backslash, which SLiMS's import deletes", ErrBadMemberID)
	}
	*vals = [nMemberCols]string{
		colMemberID: id,
		colName:     exportText(m.Name),
		colGender:   exportText(m.Gender),
		colType:     exportText(m.Type),
		colEmail:    exportText(m.Email),
		colAddress:  exportText(m.Address),
		colPostal:   exportText(m.PostalCode),
		colInst:     exportText(m.Institution),
		colIsNew:    "1",
		colPhone:    exportText(m.Phone),
		colNotes:    exportText(m.Notes),
	}
	if vals[colName] == "" {
		return ErrNoMemberName
	}
	if g := vals[colGender]; len(g) > 1 || g != "" && (g[0] < '0' || g[0] > '9') {
		return fmt.Errorf("%w %q: want empty or one digit (SLiMS stores 0 or 1)", ErrBadGender, g)
	}
	for _, d := range []struct {
		col int
		v   string
	}{{colSince, m.Since}, {colRegistered, m.Registered}, {colExpires, m.Expires}} {
		v, err := memberDate(d.col, strings.TrimSpace(d.v))
		if err != nil {
			return err
		}
		vals[d.col] = v
	}
	return nil
}

// exportText prepares a value for SLiMS's import (see WriteMembers).
func exportText(s string) string {
	return cleanText(strings.ReplaceAll(s, `\`, "/"))
}

// writeQuoted writes v enclosed in quotes, doubling the quotes inside.
func writeQuoted(buf *bytes.Buffer, v string) {
	buf.WriteByte(quote)
	for {
		k := strings.IndexByte(v, quote)
		if k < 0 {
			break
		}
		buf.WriteString(v[:k+1])
		buf.WriteByte(quote)
		v = v[k+1:]
	}
	buf.WriteString(v)
	buf.WriteByte(quote)
}
