package catalog

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"anterkoper/circulation"
)

// Options changes how ParseWith reads a file. The zero value is what Parse
// does.
type Options struct {
	// Levels gives a level to rows that have none: every SLiMS row, whose
	// export has no level column, and plain rows whose level is empty. An
	// explicit level in a plain CSV is never overridden.
	Levels LevelRules
}

// RuleField is the column a LevelRule looks at.
type RuleField string

const (
	// CollType matches SLiMS's collection type (coll_type_name) exactly,
	// ignoring case and surrounding space.
	CollType RuleField = "coll_type"
	// CallNumber matches the start of the call number (the classification),
	// ignoring case and the call number's surrounding space.
	CallNumber RuleField = "call_number"
)

// LevelRule gives Level to an item whose Field matches Value.
type LevelRule struct {
	Field RuleField
	// Value is the collection type, trimmed, or the call number prefix,
	// without leading space. A prefix keeps its trailing space, so that
	// "J " matches "J 899.221 ARI" but not "JAW 959.82".
	Value string
	Level string // one of the circulation level constants
}

// String returns the rule in the syntax ParseLevelRule reads.
func (r LevelRule) String() string { return string(r.Field) + "=" + r.Value + ":" + r.Level }

func (r LevelRule) match(collType, callNumber string) bool {
	switch r.Field {
	case CollType:
		return strings.EqualFold(strings.TrimSpace(collType), r.Value)
	case CallNumber:
		return hasPrefixFold(strings.TrimSpace(callNumber), r.Value)
	}
	return false
}

// hasPrefixFold is strings.HasPrefix under simple Unicode case folding, the
// folding strings.EqualFold uses. Folding maps a rune to a rune, so a match
// has as many runes as the prefix.
func hasPrefixFold(s, prefix string) bool {
	n := utf8.RuneCountInString(prefix)
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return n == 0 && strings.EqualFold(s[:i], prefix)
}

// LevelRules is an ordered list of rules; the first that matches wins.
type LevelRules []LevelRule

// Level returns the level of the first rule that matches an item with this
// collection type and call number, or "" when none does.
func (rs LevelRules) Level(collType, callNumber string) string {
	for _, r := range rs {
		if r.match(collType, callNumber) {
			return r.Level
		}
	}
	return ""
}

// ParseLevelRule reads a rule written as FIELD=VALUE:LEVEL, for example
// "coll_type=Fiksi Anak:SD" or "call_number=J :SD". FIELD is coll_type (or
// SLiMS's coll_type_name) or call_number; the level is what follows the last
// colon, in any spelling circulation.NormalizeLevel knows, so VALUE may hold
// colons and equals signs. VALUE must not be empty.
func ParseLevelRule(s string) (LevelRule, error) {
	key, rest, ok := strings.Cut(s, "=")
	if !ok {
		return LevelRule{}, errors.New(`catalog: level rule: want FIELD=VALUE:LEVEL, as in "coll_type=Fiksi Anak:SD"`)
	}
	var r LevelRule
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "coll_type", "coll_type_name":
		r.Field = CollType
	case "call_number":
		r.Field = CallNumber
	default:
		return LevelRule{}, fmt.Errorf("catalog: level rule: unknown field %q; want coll_type or call_number", strings.TrimSpace(key))
	}
	i := strings.LastIndexByte(rest, ':')
	if i < 0 {
		return LevelRule{}, fmt.Errorf("catalog: level rule: no level; want %s=VALUE:LEVEL", r.Field)
	}
	value, level := rest[:i], rest[i+1:]
	if strings.TrimSpace(level) == "" {
		return LevelRule{}, errors.New("catalog: level rule: level is empty; want SD, SMP, SMA or umum")
	}
	lv, ok := circulation.NormalizeLevel(level)
	if !ok {
		return LevelRule{}, fmt.Errorf("catalog: level rule: unknown level %q; want SD, SMP, SMA or umum", strings.TrimSpace(level))
	}
	r.Level = lv
	if r.Field == CollType {
		r.Value = strings.TrimSpace(value)
	} else {
		r.Value = strings.TrimLeftFunc(value, unicode.IsSpace)
	}
	if err := r.check(); err != nil {
		return LevelRule{}, err
	}
	return r, nil
}

// check reports whether r is a rule ParseLevelRule could return, so that a
// rule built in code cannot give an item a level outside the constants.
func (r LevelRule) check() error {
	switch r.Field {
	case CollType, CallNumber:
	default:
		return fmt.Errorf("catalog: level rule: unknown field %q; want coll_type or call_number", r.Field)
	}
	switch {
	case strings.TrimSpace(r.Value) == "":
		return fmt.Errorf("catalog: level rule: %s value is empty", r.Field)
	case !utf8.ValidString(r.Value):
		return fmt.Errorf("catalog: level rule: %s value is not valid UTF-8", r.Field)
	case strings.ContainsFunc(r.Value, unicode.IsControl):
		return fmt.Errorf("catalog: level rule: %s value contains a control character", r.Field)
	}
	if lv, ok := circulation.NormalizeLevel(r.Level); !ok || lv == "" || lv != r.Level {
		return fmt.Errorf("catalog: level rule %s: level %q is not one of SD, SMP, SMA, umum", r, r.Level)
	}
	return nil
}
