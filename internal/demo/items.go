package demo

import (
	"fmt"
	"strings"

	"anterkoper/circulation"
)

// title is one book of the demo catalog, of which the library owns copies.
type title struct {
	name, author, level string
	class               string // DDC class number of the call number
	key                 string // the call number's letters; from the author when empty
	copies              int
}

// Items returns the demo catalog: over 320 copies of 240 titles, each
// level (SD, SMP, SMA, umum) with at least 60 copies. Item codes run B00001,
// B00002, … in a fixed order; copies of one title share its call number and
// ISBN, as in a real catalog. The result is a fresh slice on each call.
func Items() []circulation.Item {
	ts := titles()
	var items []circulation.Item
	withISBN := 0
	for i, t := range ts {
		isbn := ""
		// One title in eleven has its ISBN on record; the others were
		// catalogued without one, as often happens with donated books.
		if i%11 == 3 {
			isbn = demoISBN(withISBN)
			withISBN++
		}
		key := t.key
		if key == "" {
			key = callLetters(t.author)
		}
		for range max(t.copies, 1) {
			items = append(items, circulation.Item{
				Code:       fmt.Sprintf("B%05d", len(items)+1),
				Title:      t.name,
				Author:     t.author,
				ISBN:       isbn,
				Level:      t.level,
				CallNumber: t.class + " " + key,
			})
		}
	}
	return items
}

// callLetters is the author mark of a call number: the first three letters
// of the author's last name, upper-case.
func callLetters(author string) string {
	f := strings.Fields(author)
	if len(f) == 0 {
		return "ANO" // anonim
	}
	last := []rune(strings.ToUpper(strings.Trim(f[len(f)-1], ".,")))
	return string(last[:min(3, len(last))])
}

// titles builds the catalog from the lists in titles.go. Names are combined
// deterministically, never at random.
func titles() []title {
	var ts []title
	add := func(name, author, level, class, key string, copies int) {
		ts = append(ts, title{name: name, author: author, level: level, class: class, key: key, copies: copies})
	}
	a := authorPicker()

	// SD: folk tales (two copies each, they are asked for most), picture
	// stories, textbooks and first religious books.
	for _, ft := range folkTales {
		add(ft.name, a(), circulation.LevelSD, "398.2", ft.key, 2)
	}
	for i := range storyChildren {
		for round := range 2 {
			// Two adventures per child, 6 apart in a list of 13, so they
			// never coincide.
			adv := storyAdventures[(i*5+round*6)%len(storyAdventures)]
			add(storyChildren[i]+" "+adv, a(), circulation.LevelSD, "899.221", "", 1)
		}
	}
	for _, s := range subjectsSD {
		for grade := 1; grade <= 6; grade++ {
			add(fmt.Sprintf("%s untuk SD Kelas %d", s.name, grade), a(), circulation.LevelSD, s.class, "", 1)
		}
	}
	for jilid := 1; jilid <= 6; jilid++ {
		add(fmt.Sprintf("Belajar Membaca Iqra Jilid %d", jilid), a(), circulation.LevelSD, "297.1", "", 1)
	}
	add("Kisah 25 Nabi dan Rasul", a(), circulation.LevelSD, "297.24", "", 2)

	// SMP: textbooks in two copies, madrasah subjects, teen fiction, mini
	// encyclopaedias.
	for _, s := range subjectsSMP {
		for _, grade := range []string{"VII", "VIII", "IX"} {
			add(fmt.Sprintf("%s SMP Kelas %s", s.name, grade), a(), circulation.LevelSMP, s.class, "", 2)
		}
	}
	for _, s := range []string{"Akidah Akhlak", "Fikih"} {
		for _, grade := range []string{"VII", "VIII", "IX"} {
			add(fmt.Sprintf("%s untuk MTs Kelas %s", s, grade), a(), circulation.LevelSMP, "297", "", 1)
		}
	}
	for i, noun := range teenNouns {
		add(noun+" di "+teenPlaces[(i*5)%len(teenPlaces)], a(), circulation.LevelSMP, "899.221 3", "", 1)
	}
	for _, topic := range encyclopaediaTopics {
		add("Ensiklopedia Mini: "+topic.name, a(), circulation.LevelSMP, topic.class, "", 1)
	}

	// SMA: textbooks in two copies, novels and a few classics of Indonesian
	// literature.
	for _, s := range subjectsSMA {
		for _, grade := range []string{"X", "XI", "XII"} {
			add(fmt.Sprintf("%s SMA Kelas %s", s.name, grade), a(), circulation.LevelSMA, s.class, "", 2)
		}
	}
	for i, pattern := range novelPatterns {
		add(fmt.Sprintf(pattern, novelPlaces[(i*7+2)%len(novelPlaces)]), a(), circulation.LevelSMA, "899.221 3", "", 1)
	}
	for _, c := range classics {
		add(c.name, c.author, circulation.LevelSMA, "899.221 3", "", 2)
	}

	// umum: agriculture, husbandry, cooking, health, batik, local history,
	// religion and practical skills, for orphanages and village reading rooms.
	for i, crop := range crops {
		add("Budidaya "+crop+" "+cropContexts[(i*3)%len(cropContexts)], a(), circulation.LevelUmum, "635", "", 1)
	}
	for _, animal := range livestock {
		add("Beternak "+animal, a(), circulation.LevelUmum, "636", "", 1)
	}
	for _, food := range staples {
		add("Aneka Olahan "+food, a(), circulation.LevelUmum, "641.5", "", 1)
	}
	for _, city := range cookingCities {
		add("Resep Masakan Khas "+city, a(), circulation.LevelUmum, "641.595 98", "", 1)
	}
	for _, h := range health {
		add(h, a(), circulation.LevelUmum, "613", "", 2)
	}
	for _, city := range batikTowns {
		add("Mengenal Batik "+city, a(), circulation.LevelUmum, "746.6", "", 1)
	}
	add("Teknik Membatik Tulis dan Cap", a(), circulation.LevelUmum, "746.6", "", 1)
	add("Pewarna Alami untuk Batik", a(), circulation.LevelUmum, "746.6", "", 1)
	for _, city := range historyCities {
		add("Sejarah Kota "+city, a(), circulation.LevelUmum, "959.826", "", 1)
	}
	for _, trace := range historyTraces {
		add("Jejak "+trace+" di Jawa Tengah", a(), circulation.LevelUmum, "959.826", "", 1)
	}
	for _, r := range religion {
		add(r.name, a(), circulation.LevelUmum, r.class, "", 2)
	}
	for _, skill := range skills {
		add(skill.name+" untuk Pemula", a(), circulation.LevelUmum, skill.class, "", 1)
	}
	return ts
}

// authorPicker returns a function that hands out author names in a fixed,
// well-mixed order.
func authorPicker() func() string {
	i := 0
	return func() string {
		// 17 is coprime with the number of authors, so every name comes up.
		name := authors[(i*17+5)%len(authors)]
		i++
		return name
	}
}
