package circulation

import (
	"fmt"
	"testing"
)

func pickItems() []Item {
	var items []Item
	for i := range 40 {
		level := []string{LevelSD, LevelSMP, LevelSMA, LevelUmum}[i%4]
		items = append(items, Item{Code: fmt.Sprintf("B%03d", i), Title: fmt.Sprintf("Judul %d", i/2), // two copies per title
			Level: level, CallNumber: fmt.Sprintf("%03d", 999-i)})
	}
	return items
}

func TestDroppingListLevelAvailabilityRecent(t *testing.T) {
	items := pickItems()
	var sd []Item
	for _, it := range items {
		if it.Level == LevelSD {
			sd = append(sd, it)
		}
	}
	unavailable := map[string]bool{sd[0].Code: true}
	recent := map[string]bool{TitleKey(sd[1]): true}
	got := DroppingList(PickRequest{Level: LevelSD, Count: 5, Items: items, Unavailable: unavailable, Recent: recent, Seed: 7})
	if len(got) != 5 {
		t.Fatalf("got %d picks, want 5", len(got))
	}
	for i, p := range got {
		if p.Item.Level != LevelSD {
			t.Errorf("picked %s of level %s for an SD school", p.Item.Code, p.Item.Level)
		}
		if unavailable[p.Item.Code] {
			t.Errorf("picked %s, which is on loan", p.Item.Code)
		}
		if recent[TitleKey(p.Item)] {
			t.Errorf("picked %s, a title the school had recently, while others were free", p.Item.Code)
		}
		if i > 0 && got[i-1].Item.CallNumber > p.Item.CallNumber {
			t.Errorf("not sorted by call number: %s before %s", got[i-1].Item.CallNumber, p.Item.CallNumber)
		}
	}
	// Asking for more than there is: recent titles come back, never the
	// unavailable copy, never another level.
	all := DroppingList(PickRequest{Level: LevelSD, Count: 100, Items: items, Unavailable: unavailable, Recent: recent})
	if len(all) != len(sd)-1 {
		t.Fatalf("got %d picks, want every available SD copy (%d)", len(all), len(sd)-1)
	}
	// Same request, same list; another seed, another order of titles.
	again := DroppingList(PickRequest{Level: LevelSD, Count: 5, Items: items, Unavailable: unavailable, Recent: recent, Seed: 7})
	if fmt.Sprint(again) != fmt.Sprint(got) {
		t.Errorf("not deterministic:\n%v\n%v", got, again)
	}
}

func TestDroppingListWishesAndUmum(t *testing.T) {
	items := pickItems()
	items = append(items, Item{Code: "W1", Title: "Laskar Pelangi", ISBN: "9789793062792", Level: LevelSMA, CallNumber: "899"})
	got := DroppingList(PickRequest{Level: LevelSD, Count: 3, Items: items, Wishes: []string{"laskar pelangi", "tidak ada di katalog"}})
	found := false
	for _, p := range got {
		if p.Item.Code == "W1" {
			found = p.Requested
		}
	}
	if !found || len(got) != 3 {
		t.Fatalf("wished title not picked first (even though of another level): %+v", got)
	}
	onLoan := DroppingList(PickRequest{Level: LevelSD, Count: 3, Items: items, Wishes: []string{"Laskar"}, Unavailable: map[string]bool{"W1": true}})
	for _, p := range onLoan {
		if p.Item.Code == "W1" || p.Requested {
			t.Fatalf("an unavailable wish was picked: %+v", p)
		}
	}
	umum := DroppingList(PickRequest{Level: LevelUmum, Count: 40, Items: items})
	levels := map[string]bool{}
	for _, p := range umum {
		levels[p.Item.Level] = true
	}
	if len(levels) < 4 {
		t.Errorf("a community stop should get books of every level, got %v", levels)
	}
	if n := len(DroppingList(PickRequest{Level: LevelSD, Count: 0, Items: items})); n != 0 {
		t.Errorf("count 0 gave %d picks", n)
	}
}
