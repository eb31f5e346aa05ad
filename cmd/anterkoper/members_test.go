package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/catalog"
	"anterkoper/internal/store"
)

const slimsMembersHeader = `"member_id","member_name","gender","member_type_name","member_email","member_address","postal_code","inst_name","is_new","member_image","pin","member_phone","member_fax","member_since_date","register_date","expire_date","birth_date","member_notes"`

func TestImportAndExportMembersCLI(t *testing.T) {
	data := t.TempDir()
	good := `"M0001","Budi Santoso","1","Umum","","Jl. Pemuda 1","50132","","0","","","0812","","2025-01-02","2025-01-02","2027-01-02","",""` + "\n"
	good2 := `"M0002","Sri Wahyuni","0","Pelajar","","Ungaran","","SD N 2","0","","","","","2025-02-03","2025-02-03","2026-02-03","",""` + "\n"
	bad := `"","Tanpa Nomor","1","Umum","","","","","0","","","","","","","","",""` + "\n"
	file := writeFile(t, "senayan_member_export.csv", slimsMembersHeader+"\n"+good+good2+bad)
	_, stderr, err := capture(t, "import", "members", file, "--data", data)
	if !errors.Is(err, errBadRows) || !strings.Contains(stderr, "line 4: member_id is empty") {
		t.Fatalf("a file with a bad row: %v\n%s", err, stderr)
	}
	db, _ := store.OpenDir(data)
	if ms, _ := db.Members(context.Background(), "", 10); len(ms) != 0 {
		t.Fatalf("all or nothing: %d members stored", len(ms))
	}
	db.Close()
	if _, stderr, err := capture(t, "import", "members", file, "--skip-bad", "--data", data); err != nil {
		t.Fatalf("--skip-bad: %v %s", err, stderr)
	}
	db, _ = store.OpenDir(data)
	ctx := context.Background()
	ms, _ := db.Members(ctx, "", 10)
	if len(ms) != 2 || ms[0].Name != "Budi Santoso" || ms[0].CardNumber != "M0001" || ms[1].Type != "pelajar" {
		t.Fatalf("imported %+v", ms)
	}
	// A member card from SLiMS opens a checkout like any other.
	if m, err := db.MemberByCard(ctx, "M0002"); err != nil || m.Type != "pelajar" {
		t.Fatalf("by card: %+v %v", m, err)
	}
	// Register one on the road; only that one is exported, in SLiMS's format.
	if _, err := db.CreateMember(ctx, store.MemberRecord{Name: `Siti "Ani" Aminah`, Address: "Desa Kemiri", Phone: "0813"},
		func(seq int64) (string, error) { return circulation.MakeCard("3300", seq) }, store.Actor{User: "t"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(t.TempDir(), "anggota.csv")
	if _, stderr, err := capture(t, "export", "members", "--out", out, "--data", data); err != nil {
		t.Fatalf("export members: %v %s", err, stderr)
	}
	f, _ := os.Open(out)
	defer f.Close()
	rows, bad2, err := catalog.ParseMembers(f)
	if err != nil || len(bad2) != 0 || len(rows) != 1 || rows[0].Name != `Siti "Ani" Aminah` || rows[0].MemberID != "23300000000015" {
		t.Fatalf("exported members read back: %+v %v %v", rows, bad2, err)
	}
	if _, _, err := capture(t, "import", "members", file, "--level-rule", "coll_type=x:SD", "--data", data); !errors.Is(err, errUsage) {
		t.Errorf("--level-rule with members: %v", err)
	}
}
