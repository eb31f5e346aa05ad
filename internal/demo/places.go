package demo

import (
	"fmt"

	"anterkoper/circulation"
)

// Locations returns three places of different kinds that the service visits:
// a primary school, an orphanage and a village reading room. Their IDs are
// zero; the store assigns them.
func Locations() []circulation.Location {
	return []circulation.Location{
		{
			Name:    "SD Negeri 2 Ungaran",
			Kind:    circulation.KindSchool,
			Level:   circulation.LevelSD,
			Address: "Jl. Diponegoro No. 118, Ungaran, Kab. Semarang",
			Contact: "Ibu Sri Wahyuni (guru pustakawan)",
		},
		{
			Name:    "Panti Asuhan Darul Hadlonah",
			Kind:    circulation.KindOrphanage,
			Level:   circulation.LevelUmum,
			Address: "Jl. Kyai Saleh No. 7, Kec. Semarang Selatan, Kota Semarang",
			Contact: "Bapak Ahmad Fauzi (pengasuh)",
		},
		{
			Name:    "Taman Baca Desa Kemiri",
			Kind:    circulation.KindCommunity,
			Level:   circulation.LevelUmum,
			Address: "Balai Desa Kemiri, Kec. Kemiri, Kab. Purworejo",
			Contact: "Mas Wahyu Prasetyo (pengelola taman baca)",
		},
	}
}

// BasketLabels returns the labels stuck on the vehicle's baskets
// (keranjang), KRJ-01 to KRJ-06, in order.
func BasketLabels() []string {
	labels := make([]string, 6)
	for i := range labels {
		labels[i] = fmt.Sprintf("KRJ-%02d", i+1)
	}
	return labels
}
