package catalog

import "bytes"

const (
	sep   = ','
	quote = '"'
)

// field is one value of a split line.
type field struct {
	b      []byte // the value, quotes removed; aliases the line or splitter.scratch
	start  int    // offset in the line where the raw field begins
	quoted bool
}

// splitter splits lines the lenient way SLiMS needs. It reuses its buffers
// from line to line, so a line's fields are valid until the next split.
type splitter struct {
	fields  []field
	scratch []byte // values that had doubled quotes, unescaped
}

// split breaks line into fields at separators outside quotes. A field that
// starts with a quote is quoted and ends at the first quote followed by the
// separator or the end of the line; quotes before that are part of the value
// (SLiMS does not escape them), except that a doubled quote "" is read as
// one quote, as standard CSV writes it. A doubled quote right before the
// separator or the end of the line is a literal quote plus the closing one,
// which is what SLiMS writes for a value ending in a quote. split reports
// false when a quoted field is never closed.
func (s *splitter) split(line []byte) bool {
	s.fields = s.fields[:0]
	s.scratch = s.scratch[:0]
	i := 0
	for {
		if i < len(line) && line[i] == quote {
			v, next, ok := s.quoted(line, i)
			if !ok {
				return false
			}
			s.fields = append(s.fields, field{b: v, start: i, quoted: true})
			if next == len(line) {
				return true
			}
			i = next + 1 // line[next] is the separator
			continue
		}
		k := bytes.IndexByte(line[i:], sep)
		if k < 0 {
			s.fields = append(s.fields, field{b: line[i:], start: i})
			return true
		}
		s.fields = append(s.fields, field{b: line[i : i+k], start: i})
		i += k + 1
	}
}

// quoted reads the quoted field whose opening quote is at line[i]. It returns
// the value and the offset just after the closing quote.
func (s *splitter) quoted(line []byte, i int) (v []byte, next int, ok bool) {
	j := i + 1
	seg := j  // start of the not yet copied part of the value
	esc := -1 // where the value starts in scratch, once it needed unescaping
	for {
		k := bytes.IndexByte(line[j:], quote)
		if k < 0 {
			return nil, len(line), false
		}
		q := j + k
		switch {
		case endsField(line, q+1): // the closing quote
			if esc < 0 {
				return line[seg:q], q + 1, true
			}
			s.scratch = append(s.scratch, line[seg:q]...)
			return s.scratch[esc:len(s.scratch):len(s.scratch)], q + 1, true
		case line[q+1] == quote && !endsField(line, q+2): // "" escaping one quote
			if esc < 0 {
				esc = len(s.scratch)
			}
			s.scratch = append(s.scratch, line[seg:q+1]...)
			j = q + 2
			seg = j
		default: // an unescaped quote inside the value: keep it
			j = q + 1
		}
	}
}

func endsField(line []byte, p int) bool { return p == len(line) || line[p] == sep }

// unescapeQuotes replaces each "" in b by one quote, copying only if needed.
func unescapeQuotes(b []byte) []byte {
	if bytes.Contains(b, []byte{quote, quote}) {
		return bytes.ReplaceAll(b, []byte{quote, quote}, []byte{quote})
	}
	return b
}

// blank reports whether a row holds nothing but separators and space.
func blank(fields []field) bool {
	for _, f := range fields {
		if len(bytes.TrimSpace(f.b)) > 0 {
			return false
		}
	}
	return true
}
