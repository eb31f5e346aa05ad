package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"anterkoper/circulation"
)

// slimsTyped writes a SLiMS row, every value quoted, with a collection type.
func slimsTyped(code, callNumber, collType, title string) string {
	return strings.Replace(slimsLine(code, callNumber, title), `","Fiction","`, `","`+collType+`","`, 1)
}

func mustRules(t *testing.T, specs ...string) LevelRules {
	t.Helper()
	var rs LevelRules
	for _, s := range specs {
		r, err := ParseLevelRule(s)
		if err != nil {
			t.Fatalf("ParseLevelRule(%q): %v", s, err)
		}
		rs = append(rs, r)
	}
	return rs
}

func TestParseLevelRule(t *testing.T) {
	good := []struct {
		in   string
		want LevelRule
	}{
		{"coll_type=Fiksi Anak:SD", LevelRule{CollType, "Fiksi Anak", circulation.LevelSD}},
		{"  COLL_TYPE = Fiksi Anak  : sd ", LevelRule{CollType, "Fiksi Anak", circulation.LevelSD}},
		{"coll_type_name=Reference:umum", LevelRule{CollType, "Reference", circulation.LevelUmum}},
		{"coll_type=Buku: Paket:MTs", LevelRule{CollType, "Buku: Paket", circulation.LevelSMP}},
		{"coll_type=a=b:SMK", LevelRule{CollType, "a=b", circulation.LevelSMA}},
		{"call_number=J :SD", LevelRule{CallNumber, "J ", circulation.LevelSD}},
		{"call_number= 8:General", LevelRule{CallNumber, "8", circulation.LevelUmum}},
		{"Call_Number=R 030:SMA", LevelRule{CallNumber, "R 030", circulation.LevelSMA}},
	}
	for _, tt := range good {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLevelRule(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseLevelRule(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
			if again, err := ParseLevelRule(got.String()); err != nil || again != got {
				t.Errorf("ParseLevelRule(%q) = %+v, %v; want the rule back", got.String(), again, err)
			}
		})
	}

	bad := []struct{ in, msg string }{
		{"", "want FIELD=VALUE:LEVEL"},
		{"Fiksi Anak:SD", "want FIELD=VALUE:LEVEL"},
		{"title=Kancil:SD", `unknown field "title"`},
		{"=Kancil:SD", `unknown field ""`},
		{"coll_type=Fiksi Anak", "no level"},
		{"coll_type=Fiksi Anak:", "level is empty"},
		{"coll_type=Fiksi Anak:TK", `unknown level "TK"`},
		{"call_number=J :SD:", "level is empty"},
		{"coll_type=:SD", "coll_type value is empty"},
		{"coll_type=   :SD", "coll_type value is empty"},
		{"call_number= :SD", "call_number value is empty"},
		{"call_number=J\t:SD", "control character"},
		{"coll_type=\xff:SD", "not valid UTF-8"},
	}
	for _, tt := range bad {
		t.Run(tt.in, func(t *testing.T) {
			r, err := ParseLevelRule(tt.in)
			if err == nil || !strings.HasPrefix(err.Error(), "catalog: level rule") || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("ParseLevelRule(%q) = %+v, %v; want an error containing %q", tt.in, r, err, tt.msg)
			}
			if r != (LevelRule{}) {
				t.Errorf("ParseLevelRule(%q) returned %+v with its error", tt.in, r)
			}
		})
	}
}

func TestLevelRulesLevel(t *testing.T) {
	rs := mustRules(t,
		"coll_type=Reference:umum",
		"call_number=J :SD",
		"coll_type=Fiksi Anak:SMP", // after J: a J book of this type is SD
		"call_number=8:SMA",
		"call_number=R:umum",
	)
	tests := []struct {
		collType, callNumber, want string
	}{
		{"Reference", "J 030 ENS", circulation.LevelUmum}, // the first rule wins
		{"Fiksi Anak", "J 899.221 ARI", circulation.LevelSD},
		{"Fiksi Anak", "398.2 KAN", circulation.LevelSMP},
		{"  fiksi ANAK ", "", circulation.LevelSMP}, // case and space ignored
		{"Fiksi Anak Lama", "", ""},                 // the type is compared whole
		{"Fiksi", "j 899.221 ARI", circulation.LevelSD},
		{"Fiksi", "  J 899", circulation.LevelSD}, // the call number is trimmed
		{"Fiksi", "J", ""},                        // "J " needs its space
		{"Fiksi", "JAW 959.82", ""},
		{"Fiksi", "899.221 ARI", circulation.LevelSMA},
		{"", "r 030 ENS", circulation.LevelUmum},
		{"", "398.2 KAN", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := rs.Level(tt.collType, tt.callNumber); got != tt.want {
			t.Errorf("Level(%q, %q) = %q; want %q", tt.collType, tt.callNumber, got, tt.want)
		}
	}
	if got := LevelRules(nil).Level("Fiksi Anak", "J 1"); got != "" {
		t.Errorf("no rules gave level %q", got)
	}
}

func TestHasPrefixFold(t *testing.T) {
	tests := []struct {
		s, prefix string
		want      bool
	}{
		{"J 899", "j ", true},
		{"J", "J ", false},
		{"", "J", false},
		{"Élan 1", "élan", true},
		{"\u212A 1", "k", true}, // KELVIN SIGN folds to k but is 3 bytes long
		{"k 1", "\u212A", true},
		{"kx", "\u212Ay", false},
	}
	for _, tt := range tests {
		if got := hasPrefixFold(tt.s, tt.prefix); got != tt.want {
			t.Errorf("hasPrefixFold(%q, %q) = %v; want %v", tt.s, tt.prefix, got, tt.want)
		}
	}
}

func TestParseWithLevels(t *testing.T) {
	rules := mustRules(t, "coll_type=Fiksi Anak:SD", "call_number=J :SD", "coll_type=reference:umum", "call_number=8:SMA")
	tests := []struct {
		name string
		in   string
		want []circulation.Item
		bad  []wantBad
	}{
		{
			name: "slims",
			in: lines(
				slimsHeader,
				slimsTyped("P1", "398.2 KAN", "Fiksi Anak", "Si Kancil"),
				slimsTyped("P2", "J 899.221 ARI", "Fiction", "Timun Mas"),
				slimsTyped("P3", "R 030 ENS", "Reference", "Ensiklopedia Anak"),
				slimsTyped("P4", "899.221 PRA", "Fiction", "Bumi Manusia"),
				slimsTyped("P5", "959.82 SUT", "Fiction", "Sejarah Jawa Tengah"),
				slimsTyped("P6", "", "", "Tanpa Klasifikasi"),
			),
			want: []circulation.Item{
				{Code: "P1", Title: "Si Kancil", CallNumber: "398.2 KAN", Level: circulation.LevelSD},
				{Code: "P2", Title: "Timun Mas", CallNumber: "J 899.221 ARI", Level: circulation.LevelSD},
				{Code: "P3", Title: "Ensiklopedia Anak", CallNumber: "R 030 ENS", Level: circulation.LevelUmum},
				{Code: "P4", Title: "Bumi Manusia", CallNumber: "899.221 PRA", Level: circulation.LevelSMA},
				{Code: "P5", Title: "Sejarah Jawa Tengah", CallNumber: "959.82 SUT"},
				{Code: "P6", Title: "Tanpa Klasifikasi"},
			},
		},
		{
			name: "slims without header, unquoted",
			in:   lines(strings.Replace(slimsUnquoted("P1", "j 1", "x"), ",Fiction,", ",FIKSI ANAK,", 1)),
			want: []circulation.Item{{Code: "P1", Title: "x", CallNumber: "j 1", Level: circulation.LevelSD}},
		},
		{
			name: "plain explicit level wins",
			in: lines(
				"item_code,title,level,call_number",
				"B1,Bumi Manusia,umum,899.221 PRA", // explicit: not SMA
				"B2,Timun Mas,,J 398.2 TIM",        // empty: the rule gives SD
				"B3,Laskar Pelangi, ,899.221 HIR",  // blank: the rule gives SMA
				"B4,Atlas,,912 ATL",                // no rule matches
				"B5,Lutung Kasarung,TK,J 398.2",    // an unknown level stays an error
			),
			want: []circulation.Item{
				{Code: "B1", Title: "Bumi Manusia", CallNumber: "899.221 PRA", Level: circulation.LevelUmum},
				{Code: "B2", Title: "Timun Mas", CallNumber: "J 398.2 TIM", Level: circulation.LevelSD},
				{Code: "B3", Title: "Laskar Pelangi", CallNumber: "899.221 HIR", Level: circulation.LevelSMA},
				{Code: "B4", Title: "Atlas", CallNumber: "912 ATL"},
			},
			bad: []wantBad{{6, ErrBadLevel, `unknown level "TK"`}},
		},
		{
			name: "plain without a level column",
			in:   lines("item_code,title,call_number", "B1,Timun Mas,J 398.2"),
			want: []circulation.Item{{Code: "B1", Title: "Timun Mas", CallNumber: "J 398.2", Level: circulation.LevelSD}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, bad, err := ParseWith(strings.NewReader(tt.in), Options{Levels: rules})
			if err != nil {
				t.Fatalf("ParseWith: %v", err)
			}
			if !slices.Equal(items, tt.want) {
				t.Errorf("items:\n got %+v\nwant %+v", items, tt.want)
			}
			if len(bad) != len(tt.bad) {
				t.Fatalf("bad rows: got %d %v; want %d", len(bad), bad, len(tt.bad))
			}
			for i, w := range tt.bad {
				if bad[i].Line != w.line || !errors.Is(bad[i], w.err) || !strings.Contains(bad[i].Error(), w.msg) {
					t.Errorf("bad[%d] = %q; want line %d, reason %q, message containing %q", i, bad[i], w.line, w.err, w.msg)
				}
			}

			// Without rules, the same input gives the same items with only
			// their explicit levels.
			plain, _, err := Parse(strings.NewReader(tt.in))
			if err != nil || len(plain) != len(tt.want) {
				t.Fatalf("Parse: %v, %d items", err, len(plain))
			}
			for _, it := range plain {
				if it.Level != "" && it.Code != "B1" {
					t.Errorf("Parse without rules gave %s level %q", it.Code, it.Level)
				}
			}
		})
	}
}

func TestParseWithInvalidRule(t *testing.T) {
	for _, r := range []LevelRule{
		{Field: CollType, Value: "Fiksi Anak", Level: "TK"},
		{Field: CollType, Value: "Fiksi Anak", Level: ""},
		{Field: CollType, Value: "Fiksi Anak", Level: "sd"}, // not the constant's spelling
		{Field: CallNumber, Value: "", Level: circulation.LevelSD},
		{Field: "title", Value: "x", Level: circulation.LevelSD},
	} {
		items, bad, err := ParseWith(strings.NewReader(lines("item_code,title", "B1,x")), Options{Levels: LevelRules{r}})
		if err == nil || !strings.HasPrefix(err.Error(), "catalog: level rule") || items != nil || bad != nil {
			t.Errorf("ParseWith with rule %+v = %v, %v, %v; want only an error", r, items, bad, err)
		}
	}
}

func FuzzParseLevelRule(f *testing.F) {
	for _, s := range []string{
		"coll_type=Fiksi Anak:SD",
		"call_number=J :SD",
		"call_number= 8:umum",
		"coll_type_name=Reference:General",
		"coll_type=a=b:c:MTs",
		"coll_type=:SD",
		"title=x:SD",
		"coll_type=x:",
		"coll_type=x:TK",
		"call_number=\xff:SD",
		"call_number=J\t:SD",
		"=:",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ParseLevelRule(in)
		if err != nil {
			if r != (LevelRule{}) {
				t.Fatalf("rule %+v returned with error %v", r, err)
			}
			if !strings.HasPrefix(err.Error(), "catalog: level rule") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		if err := r.check(); err != nil {
			t.Fatalf("ParseLevelRule(%q) = %+v, which check rejects: %v", in, r, err)
		}
		if r.Field == CollType && r.Value != strings.TrimSpace(r.Value) {
			t.Fatalf("coll_type value %q not trimmed", r.Value)
		}
		again, err := ParseLevelRule(r.String())
		if err != nil || again != r {
			t.Fatalf("ParseLevelRule(%q) = %+v, %v; want %+v back", r.String(), again, err, r)
		}
		// A rule matches what it names, in another case too.
		name := r.Value
		if up := strings.ToUpper(name); strings.EqualFold(up, name) {
			name = up
		}
		collType, callNumber := " "+name+" ", ""
		if r.Field == CallNumber {
			collType, callNumber = "", " "+name+"X"
		}
		if got := (LevelRules{r}).Level(collType, callNumber); got != r.Level {
			t.Fatalf("rule %+v gives %q to (%q, %q)", r, got, collType, callNumber)
		}
	})
}
