package circulation

import (
	"hash/fnv"
	"sort"
	"strings"
)

// PickRequest is what DroppingList chooses from.
type PickRequest struct {
	// Level is the location's education level; LevelUmum takes books of
	// every level, any other level takes only books of that level.
	Level string
	Count int
	// Items are the catalog's candidates (any order; typically those of
	// the level, see Level).
	Items []Item
	// Unavailable are items that must not be picked: on loan, or already
	// picked for another upcoming visit.
	Unavailable map[string]bool
	// Recent are the title keys (TitleKey) lent to this location in recent
	// months; they are taken only when nothing else is left.
	Recent map[string]bool
	// Wishes are titles (or ISBNs) the location asked for; an available
	// copy of each is picked first, whatever its level.
	Wishes []string
	// Seed varies the choice among equally good titles from visit to visit
	// while keeping it deterministic (the visit id is a good seed).
	Seed int64
}

// Pick is one book on a dropping list.
type Pick struct {
	Item      Item `json:"item"`
	Requested bool `json:"requested"` // it answers one of the location's wishes
}

// TitleKey names an item's title for "has this location had it": the ISBN
// when there is one, else the title folded to lower case.
func TitleKey(it Item) string {
	if it.ISBN != "" {
		return "isbn:" + it.ISBN
	}
	return "title:" + strings.Join(strings.Fields(strings.ToLower(it.Title)), " ")
}

// DroppingList chooses Count books for a visit: first an available copy of
// each wished-for title, then one copy per title of the location's level
// that the location has not had recently, then (if still short) recent
// titles, then second copies. The result is sorted by call number, the
// order a pick list is walked along the shelves.
func DroppingList(req PickRequest) []Pick {
	if req.Count <= 0 {
		return []Pick{}
	}
	cands := make([]Item, 0, len(req.Items))
	for _, it := range req.Items {
		if !req.Unavailable[it.Code] {
			cands = append(cands, it)
		}
	}
	// A stable, seeded order: equally good titles rotate between visits.
	rank := func(it Item) uint64 {
		h := fnv.New64a()
		var b [8]byte
		for i := range b {
			b[i] = byte(req.Seed >> (8 * i))
		}
		h.Write(b[:])
		h.Write([]byte(it.Code))
		return h.Sum64()
	}
	sort.Slice(cands, func(i, j int) bool {
		ri, rj := rank(cands[i]), rank(cands[j])
		if ri != rj {
			return ri < rj
		}
		return cands[i].Code < cands[j].Code
	})

	out := []Pick{}
	taken := map[string]bool{}  // item codes
	titles := map[string]bool{} // title keys on the list
	add := func(it Item, requested bool) {
		out = append(out, Pick{Item: it, Requested: requested})
		taken[it.Code] = true
		titles[TitleKey(it)] = true
	}
	for _, w := range req.Wishes {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || len(out) >= req.Count {
			continue
		}
		for _, it := range cands {
			if !taken[it.Code] && (strings.EqualFold(it.ISBN, w) || strings.Contains(strings.ToLower(it.Title), w)) {
				add(it, true)
				break
			}
		}
	}
	levelOK := func(it Item) bool { return req.Level == LevelUmum || req.Level == "" || it.Level == req.Level }
	passes := []func(Item) bool{
		func(it Item) bool { return !titles[TitleKey(it)] && !req.Recent[TitleKey(it)] },
		func(it Item) bool { return !titles[TitleKey(it)] },
		func(Item) bool { return true },
	}
	for _, ok := range passes {
		for _, it := range cands {
			if len(out) >= req.Count {
				break
			}
			if !taken[it.Code] && levelOK(it) && ok(it) {
				add(it, false)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Item, out[j].Item
		if a.CallNumber != b.CallNumber {
			return a.CallNumber < b.CallNumber
		}
		return a.Code < b.Code
	})
	return out
}
