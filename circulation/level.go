package circulation

import "strings"

// NormalizeLevel maps the many ways Indonesian data spells an education level
// onto LevelSD, LevelSMP, LevelSMA or LevelUmum. It is case-insensitive and
// ignores surrounding space. Madrasah levels fold into their general-school
// equivalents (MI → SD, MTs → SMP, MA → SMA) and vocational schools into SMA
// (SMK, MAK), because the baskets are packed by age group, not by school type.
//
// An empty input yields ("", true): the level is unknown, which is not an
// error. Anything unrecognised yields ("", false).
func NormalizeLevel(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", true
	}
	switch strings.ToLower(t) {
	case "sd", "mi":
		return LevelSD, true
	case "smp", "mts":
		return LevelSMP, true
	case "sma", "ma", "smk", "mak":
		return LevelSMA, true
	case "umum", "general", "public":
		return LevelUmum, true
	}
	return "", false
}

// NormalizeKind returns the canonical spelling of a location kind (one of the
// Kind constants), case-insensitive and ignoring surrounding space. It reports
// false for anything else, including the empty string.
func NormalizeKind(s string) (string, bool) {
	switch k := strings.ToLower(strings.TrimSpace(s)); k {
	case KindSchool, KindUniversity, KindInstitution, KindOrphanage, KindChildrenHome, KindCommunity:
		return k, true
	}
	return "", false
}
