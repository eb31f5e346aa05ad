package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// slimsItem writes a SLiMS export row the way SLiMS does: every value quoted.
func slimsItem(code, callNumber, collType, title string) string {
	return `"` + code + `","` + callNumber + `","` + collType + `","INV/` + code + `","2024-03-01","","","Perpustakaan Keliling","","","","1","","25000","IDR","","2024-03-01 10:00:00","2024-03-01 10:00:00","` + title + `"` + "\n"
}

const slimsItemHeader = `"item_code","call_number","coll_type_name","inventory_code","received_date","supplier_name","order_no","location_name","order_date","item_status_name","site","source","invoice","price","price_currency","invoice_date","input_date","last_update","title"` + "\n"

func TestImportLevelRules(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	export := writeFile(t, "items.csv", slimsItemHeader+
		slimsItem("P001", "398.2 KAN", "Fiksi Anak", "Si Kancil dan Buaya")+
		slimsItem("P002", "J 899.221 ARI", "Fiction", "Timun Mas")+
		slimsItem("P003", "R 030 ENS", "Reference", "Ensiklopedia Anak")+
		slimsItem("P004", "899.221 PRA", "Fiction", "Bumi Manusia")+
		slimsItem("P005", "959.82 SUT", "Fiction", "Sejarah Kota Semarang"))
	stdout, stderr, err := capture(t, "import", "items", export, "--data", data,
		"--level-rule", "coll_type=fiksi anak:SD",
		"--level-rule", "call_number=j :MI",
		"--level-rule", "coll_type=Reference:umum",
		"--level-rule", "call_number=8:SMA")
	if err != nil || !strings.Contains(stdout, "imported 5 items: 5 new") {
		t.Fatalf("import: %v %q %q", err, stdout, stderr)
	}

	// A plain CSV with an explicit level keeps it; an empty level gets the
	// rule's.
	plain := writeFile(t, "plain.csv", "item_code,title,level,call_number\nB001,Laskar Pelangi,umum,899.221 HIR\nB002,Malin Kundang,,J 398.2 MAL\n")
	if _, stderr, err := capture(t, "import", "--level-rule", "call_number=8:SMA", "--level-rule", "call_number=J :SD",
		"items", plain, "--data", data); err != nil {
		t.Fatalf("plain import: %v %q", err, stderr)
	}

	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for code, want := range map[string]string{
		"P001": circulation.LevelSD,   // collection type, any case
		"P002": circulation.LevelSD,   // call number J; MI is SD
		"P003": circulation.LevelUmum, // reference
		"P004": circulation.LevelSMA,  // class 800s
		"P005": "",                    // no rule matches
		"B001": circulation.LevelUmum, // explicit, although 8 would give SMA
		"B002": circulation.LevelSD,
	} {
		it, err := db.Item(ctx, code)
		if err != nil {
			t.Fatalf("item %s: %v", code, err)
		}
		if it.Level != want {
			t.Errorf("item %s (%s) level %q; want %q", code, it.CallNumber, it.Level, want)
		}
	}
}

func TestImportLevelRuleUsage(t *testing.T) {
	data := t.TempDir()
	export := writeFile(t, "items.csv", slimsItemHeader+slimsItem("P001", "J 1", "Fiksi Anak", "Si Kancil"))
	tests := []struct {
		args []string
		want string // in the error
	}{
		{[]string{"items", export, "--level-rule", "title=Kancil:SD"}, `unknown field "title"`},
		{[]string{"items", export, "--level-rule", "coll_type=Fiksi Anak:TK"}, `unknown level "TK"`},
		{[]string{"items", export, "--level-rule", "coll_type=:SD"}, "coll_type value is empty"},
		{[]string{"items", export, "--level-rule", "call_number=J "}, "no level"},
		{[]string{"items", export, "--level-rule", "Fiksi Anak"}, "want FIELD=VALUE:LEVEL"},
		{[]string{"tags", export, "--level-rule", "call_number=J :SD"}, "--level-rule applies to items"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append([]string{"import", "--data", data}, tt.args...)
			_, _, err := capture(t, args...)
			if !errors.Is(err, errUsage) || exitCode(err) != 2 || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v (exit %d); want a usage error containing %q", err, exitCode(err), tt.want)
			}
		})
	}
	if n := countItems(t, data); n != 0 {
		t.Fatalf("%d items imported despite a bad rule", n)
	}
}
