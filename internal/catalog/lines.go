package catalog

import (
	"bufio"
	"errors"
	"io"
)

// maxLine bounds one physical line. A SLiMS row is a few hundred bytes; a
// longer line is garbage (or a binary file) and is reported, not buffered.
const maxLine = 1 << 20

// lineReader yields physical lines and counts them.
type lineReader struct {
	br   *bufio.Reader
	long []byte // holds a line longer than br's buffer
	n    int    // number of the line last returned
}

func newLineReader(r io.Reader) *lineReader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		br.Discard(3)
	}
	return &lineReader{br: br}
}

// next returns the next line without its LF or CR LF ending. The slice is
// valid until the following call. tooLong reports a line over maxLine, whose
// content is then not returned. At the end of input it returns io.EOF.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	line, err = lr.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		lr.long = append(lr.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = lr.br.ReadSlice('\n')
			if len(lr.long)+len(line) > maxLine {
				tooLong = true
				lr.long = lr.long[:0]
			}
			if !tooLong {
				lr.long = append(lr.long, line...)
			}
		}
		line = lr.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	if len(line) == 0 && !tooLong {
		return nil, false, io.EOF
	}
	lr.n++
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	if n > 0 && line[n-1] == '\r' {
		n--
	}
	return line[:n], tooLong, nil
}
