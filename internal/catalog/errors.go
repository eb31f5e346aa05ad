package catalog

import (
	"errors"
	"fmt"
)

// Reasons a row is rejected. A RowError wraps one of them, with details, so
// that a caller can translate the message for the screen with errors.Is.
// They carry no package prefix because they are only ever read inside a
// RowError ("line 7: item_code is empty").
var (
	ErrFieldCount  = errors.New("wrong number of fields")
	ErrQuote       = errors.New("malformed quotes")
	ErrLineTooLong = errors.New("line too long")
	ErrEncoding    = errors.New("invalid UTF-8")
	ErrNoCode      = errors.New("item_code is empty")
	ErrBadCode     = errors.New("invalid item_code")
	ErrNoTitle     = errors.New("title is empty")
	ErrBadLevel    = errors.New("unknown level")
	ErrDuplicate   = errors.New("duplicate item_code")
)

// RowError reports one row of the input that was not imported.
type RowError struct {
	Line int   // 1-based physical line number where the row starts
	Err  error // wraps one of the Err… reasons above
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e RowError) Unwrap() error { return e.Err }
