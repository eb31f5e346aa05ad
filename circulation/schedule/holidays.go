package schedule

// Seed returns Indonesia's national holidays and collective leave for 2026,
// as set by the SKB 3 Menteri of 2025, and a provisional list for 2027, in
// date order. It returns a new slice each time.
//
// The 2027 SKB was not available when this list was written: the holidays
// on fixed dates (New Year, Labour Day, Pancasila, Independence Day,
// Christmas) are certain and not provisional; the others follow the lunar
// and lunisolar calendars and are estimates (Provisional). 2027 has no
// collective leave yet. Replace both with the SKB when it is published.
func Seed() []Holiday {
	nat := func(date, name string) Holiday {
		return Holiday{Date: date, Name: name, Kind: KindNational}
	}
	leave := func(date, name string) Holiday {
		return Holiday{Date: date, Name: name, Kind: KindCollectiveLeave}
	}
	est := func(date, name string) Holiday {
		return Holiday{Date: date, Name: name, Kind: KindNational, Provisional: true}
	}
	return []Holiday{
		// 2026, SKB 3 Menteri (2025).
		nat("2026-01-01", "Tahun Baru 2026 Masehi"),
		nat("2026-01-16", "Isra Mikraj Nabi Muhammad SAW"),
		leave("2026-02-16", "Cuti Bersama Tahun Baru Imlek 2577 Kongzili"),
		nat("2026-02-17", "Tahun Baru Imlek 2577 Kongzili"),
		leave("2026-03-18", "Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"),
		nat("2026-03-19", "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
		leave("2026-03-20", "Cuti Bersama Hari Raya Idul Fitri 1447 H"),
		nat("2026-03-21", "Hari Raya Idul Fitri 1447 H"),
		nat("2026-03-22", "Hari Raya Idul Fitri 1447 H"),
		leave("2026-03-23", "Cuti Bersama Hari Raya Idul Fitri 1447 H"),
		leave("2026-03-24", "Cuti Bersama Hari Raya Idul Fitri 1447 H"),
		nat("2026-04-03", "Wafat Yesus Kristus"),
		nat("2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"),
		nat("2026-05-01", "Hari Buruh Internasional"),
		nat("2026-05-14", "Kenaikan Yesus Kristus"),
		leave("2026-05-15", "Cuti Bersama Kenaikan Yesus Kristus"),
		nat("2026-05-27", "Hari Raya Idul Adha 1447 H"),
		leave("2026-05-28", "Cuti Bersama Hari Raya Idul Adha 1447 H"),
		nat("2026-05-31", "Hari Raya Waisak 2570 BE"),
		nat("2026-06-01", "Hari Lahir Pancasila"),
		nat("2026-06-16", "Tahun Baru Islam 1448 H"),
		nat("2026-08-17", "Proklamasi Kemerdekaan RI"),
		nat("2026-08-25", "Maulid Nabi Muhammad SAW"),
		leave("2026-12-24", "Cuti Bersama Kelahiran Yesus Kristus"),
		nat("2026-12-25", "Kelahiran Yesus Kristus"),

		// 2027, provisional: no SKB yet.
		nat("2027-01-01", "Tahun Baru 2027 Masehi"),
		est("2027-01-05", "Isra Mikraj Nabi Muhammad SAW"),
		est("2027-02-06", "Tahun Baru Imlek 2578 Kongzili"),
		est("2027-03-09", "Hari Suci Nyepi (Tahun Baru Saka 1949)"),
		est("2027-03-10", "Hari Raya Idul Fitri 1448 H"),
		est("2027-03-11", "Hari Raya Idul Fitri 1448 H"),
		est("2027-03-26", "Wafat Yesus Kristus"),
		est("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"),
		nat("2027-05-01", "Hari Buruh Internasional"),
		est("2027-05-06", "Kenaikan Yesus Kristus"),
		est("2027-05-17", "Hari Raya Idul Adha 1448 H"),
		est("2027-05-20", "Hari Raya Waisak 2571 BE"),
		nat("2027-06-01", "Hari Lahir Pancasila"),
		est("2027-06-06", "Tahun Baru Islam 1449 H"),
		est("2027-08-15", "Maulid Nabi Muhammad SAW"),
		nat("2027-08-17", "Proklamasi Kemerdekaan RI"),
		nat("2027-12-25", "Kelahiran Yesus Kristus"),
	}
}
