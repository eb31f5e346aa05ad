package circulation

import "testing"

func TestNormalizeLevel(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"SD", LevelSD, true},
		{"sd", LevelSD, true},
		{" MI ", LevelSD, true},
		{"SMP", LevelSMP, true},
		{"MTs", LevelSMP, true},
		{"mts", LevelSMP, true},
		{"SMA", LevelSMA, true},
		{"MA", LevelSMA, true},
		{"SMK", LevelSMA, true},
		{"mak", LevelSMA, true},
		{"umum", LevelUmum, true},
		{"Umum", LevelUmum, true},
		{"general", LevelUmum, true},
		{"PUBLIC", LevelUmum, true},
		{"", "", true},
		{"  \t", "", true},
		{"TK", "", false},
		{"S D", "", false},
		{"SD/MI", "", false},
		{"kuliah", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeLevel(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("NormalizeLevel(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNormalizeKind(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"school", KindSchool, true},
		{"School", KindSchool, true},
		{" university ", KindUniversity, true},
		{"INSTITUTION", KindInstitution, true},
		{"orphanage", KindOrphanage, true},
		{"children_home", KindChildrenHome, true},
		{"Community\n", KindCommunity, true},
		{"", "", false},
		{"children home", "", false},
		{"sekolah", "", false},
		{"schools", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := NormalizeKind(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("NormalizeKind(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
