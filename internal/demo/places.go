package demo

import (
	"fmt"

	"anterkoper/circulation"
)

// Locations returns three active places of different kinds that the service
// visits — a primary school, an orphanage and a village reading room — and
// one school that has not asked for visits yet, to walk through the SOP's
// request, approval and survey. Their IDs are zero; the store assigns them.
func Locations() []circulation.Location {
	pt := func(f float64) *float64 { return &f }
	return []circulation.Location{
		{
			Name:    "SD Negeri 2 Ungaran",
			Kind:    circulation.KindSchool,
			Level:   circulation.LevelSD,
			Address: "Jl. Diponegoro No. 118, Ungaran, Kab. Semarang",
			Contact: "Ibu Sri Wahyuni (guru pustakawan)",
			Phone:   "0812-2500-1180",
			Lat:     pt(-7.1378), Lon: pt(110.4049), TravelMinutes: 45,
			Status: circulation.StatusActive, BooksPerVisit: 50,
		},
		{
			Name:    "Panti Asuhan Darul Hadlonah",
			Kind:    circulation.KindOrphanage,
			Level:   circulation.LevelUmum,
			Address: "Jl. Kyai Saleh No. 7, Kec. Semarang Selatan, Kota Semarang",
			Contact: "Bapak Ahmad Fauzi (pengasuh)",
			Phone:   "0813-9012-4477",
			Lat:     pt(-7.0005), Lon: pt(110.4203), TravelMinutes: 20,
			Status: circulation.StatusActive, BooksPerVisit: 40,
		},
		{
			Name:    "Taman Baca Desa Kemiri",
			Kind:    circulation.KindCommunity,
			Level:   circulation.LevelUmum,
			Address: "Balai Desa Kemiri, Kec. Kemiri, Kab. Purworejo",
			Contact: "Mas Wahyu Prasetyo (pengelola taman baca)",
			Phone:   "0857-2711-0923",
			Lat:     pt(-7.6561), Lon: pt(110.0437), TravelMinutes: 150,
			Status: circulation.StatusActive, BooksPerVisit: 60,
		},
		{
			Name:    "SMP Negeri 3 Ambarawa",
			Kind:    circulation.KindSchool,
			Level:   circulation.LevelSMP,
			Address: "Jl. Mgr. Soegijapranata No. 25, Ambarawa, Kab. Semarang",
			Contact: "Bapak Yohanes Setiawan (kepala perpustakaan)",
			Phone:   "0821-3344-0610",
			Status:  circulation.StatusNew, BooksPerVisit: 50,
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
