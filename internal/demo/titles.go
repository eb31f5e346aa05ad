package demo

// The word lists the demo catalog is built from. Combined in items.go, they
// give titles that read like the shelves of a mobile library in Central Java.

// authors are fictional Indonesian writers, retellers and textbook authors.
var authors = []string{
	"Endang Purwaningsih", "Budi Santoso", "Rahmat Hidayat", "Yuliana Kartika",
	"Joko Susilo", "Wahyu Prasetyo", "Nur Aini", "Suharti",
	"Teguh Widodo", "Anik Setyowati", "Puji Astuti", "Tri Handayani",
	"Eko Prasetyo", "Fitri Rahmawati", "Heru Susanto", "Lina Marlina",
	"Dwi Cahyono", "Bayu Aji Nugroho", "Nining Suryani", "Ahmad Fauzi",
	"Umi Kulsum", "Yohanes Pramono", "Maria Ulfa", "Ketut Sudarsana",
	"Rizky Ananda", "Sulastri", "Agung Wicaksono", "Retno Wulandari",
	"Hartono", "Siti Maesaroh", "Dian Permatasari", "Sigit Purnomo",
	"Lestari Handayani", "Imam Mahmudi", "Kurniawati", "Bambang Sutrisno",
	"Yusuf Hamdani", "Winarsih", "Fajar Ramadhan", "Tuti Alawiyah",
}

// folkTales are retold for children; key is the catalogue's word for the
// call number, as libraries shelve folk tales by their hero.
var folkTales = []struct{ name, key string }{
	{"Si Kancil dan Buaya", "KAN"},
	{"Si Kancil Mencuri Timun", "KAN"},
	{"Malin Kundang", "MAL"},
	{"Timun Mas", "TIM"},
	{"Bawang Merah Bawang Putih", "BAW"},
	{"Keong Mas", "KEO"},
	{"Lutung Kasarung", "LUT"},
	{"Sangkuriang", "SAN"},
	{"Roro Jonggrang", "ROR"},
	{"Ande-Ande Lumut", "AND"},
	{"Jaka Tarub dan Tujuh Bidadari", "JAK"},
	{"Asal Usul Kota Semarang", "SEM"},
	{"Baru Klinthing dan Rawa Pening", "BAR"},
	{"Legenda Telaga Menjer", "MEN"},
	{"Joko Kendil", "JOK"},
	{"Kisah Ki Ageng Pandanaran", "PAN"},
}

// storyChildren and storyAdventures make picture-book titles such as
// "Dimas dan Layang-Layang Merah".
var storyChildren = []string{
	"Dimas", "Sari", "Bima", "Nisa", "Raka", "Ayu",
	"Tono", "Lala", "Galih", "Wulan", "Adit", "Dinda",
}

var storyAdventures = []string{
	"dan Layang-Layang Merah",
	"Belajar Menabung",
	"Ikut Ibu ke Pasar",
	"Menanam Pohon Mangga",
	"dan Kucing Belang",
	"Berwisata ke Candi Borobudur",
	"Membantu Ayah di Sawah",
	"dan Sepeda Baru",
	"Suka Membaca",
	"Menjaga Kebersihan Sungai",
	"Belajar Menari Gambyong",
	"dan Gamelan Ajaib",
	"Pergi ke Perpustakaan Keliling",
}

// subject is a school subject with the DDC class its textbooks go under.
type subject struct{ name, class string }

var subjectsSD = []subject{
	{"Matematika", "372.7"},
	{"Bahasa Indonesia", "372.6"},
	{"IPAS", "372.3"},
	{"Pendidikan Pancasila", "372.83"},
	{"Bahasa Jawa", "372.65"},
	{"Seni Budaya", "372.5"},
}

var subjectsSMP = []subject{
	{"IPA Terpadu", "507"},
	{"IPS Terpadu", "300.7"},
	{"Matematika", "510.7"},
	{"Bahasa Inggris", "428"},
	{"Bahasa Indonesia", "499.221"},
	{"Informatika", "004"},
	{"Bahasa Jawa", "499.222"},
}

var subjectsSMA = []subject{
	{"Sejarah Indonesia", "959.8"},
	{"Fisika", "530.7"},
	{"Kimia", "540.7"},
	{"Biologi", "570.7"},
	{"Ekonomi", "330.7"},
	{"Geografi", "910.7"},
	{"Sosiologi", "301"},
	{"Matematika", "510.7"},
	{"Bahasa Inggris", "428"},
}

// teenNouns and teenPlaces make teen novels such as "Rahasia Sumur Tua di
// Dieng".
var teenNouns = []string{
	"Rahasia Sumur Tua", "Jejak Kaki", "Sahabat Pena", "Lentera Kecil",
	"Pelangi Sore", "Surat dari Ibu", "Misteri Rumah Joglo", "Kemah Terakhir",
	"Detektif Cilik", "Sepeda Tua Kakek", "Liburan Seru", "Persahabatan",
}

var teenPlaces = []string{
	"Lereng Merapi", "Kota Lama Semarang", "Karimunjawa", "Dieng",
	"Tepi Kali Progo", "Menara Kudus", "Pantai Ujungnegoro",
}

var encyclopaediaTopics = []subject{
	{"Gunung Api Indonesia", "551.21"},
	{"Tata Surya", "523.2"},
	{"Hewan Langka Nusantara", "591.68"},
	{"Terumbu Karang", "577.7"},
	{"Candi-Candi Jawa Tengah", "726.1"},
	{"Tumbuhan Obat Keluarga", "581.6"},
}

// novelPatterns and novelPlaces make novels for older readers.
var novelPatterns = []string{
	"Senja di %s",
	"Kereta Terakhir ke %s",
	"Pulang ke %s",
	"Cahaya dari %s",
	"Gadis Penenun dari %s",
	"Surat-Surat dari %s",
	"Musim Tanam di %s",
	"Guru Muda di %s",
	"Nelayan dari %s",
	"Langit Biru di Atas %s",
	"Kabut Pagi di %s",
	"Lelaki dari %s",
}

var novelPlaces = []string{
	"Ambarawa", "Wonosobo", "Jepara", "Rembang", "Kebumen", "Blora",
	"Temanggung", "Cilacap", "Brebes", "Pati", "Sragen",
}

// classics are a few early classics of Indonesian literature.
var classics = []struct{ name, author string }{
	{"Siti Nurbaya", "Marah Rusli"},
	{"Layar Terkembang", "Sutan Takdir Alisjahbana"},
	{"Salah Asuhan", "Abdoel Moeis"},
	{"Azab dan Sengsara", "Merari Siregar"},
}

// crops and cropContexts make farming guides such as "Budidaya Cabai di
// Lahan Sempit".
var crops = []string{
	"Cabai", "Tomat", "Bawang Merah", "Jagung Manis", "Padi Organik",
	"Kopi Robusta", "Salak Pondoh", "Jambu Kristal", "Melon", "Kangkung",
	"Jamur Tiram", "Kentang",
}

var cropContexts = []string{
	"di Lahan Sempit", "untuk Pemula", "di Pekarangan Rumah",
	"Tanpa Pestisida Kimia", "di Dataran Tinggi",
}

var livestock = []string{
	"Kambing Etawa", "Ayam Kampung", "Lele dalam Kolam Terpal",
	"Itik Petelur", "Sapi Potong", "Ikan Nila", "Lebah Madu",
}

var staples = []string{"Singkong", "Jagung", "Ubi Ungu", "Tempe", "Pisang", "Ikan Laut"}

var cookingCities = []string{"Semarang", "Solo", "Pekalongan", "Banyumas", "Kudus", "Tegal"}

var health = []string{
	"Gizi Seimbang untuk Keluarga",
	"Mengenal dan Mencegah Stunting",
	"Pertolongan Pertama di Rumah",
	"Kesehatan Ibu dan Anak",
	"Hidup Sehat Tanpa Rokok",
	"Menjaga Kesehatan Gigi Anak",
	"Demam Berdarah: Kenali dan Cegah",
	"Senam Sehat Lansia",
}

var batikTowns = []string{"Pekalongan", "Lasem", "Solo", "Banyumas", "Kudus", "Semarang"}

var historyCities = []string{"Semarang", "Magelang", "Salatiga", "Pekalongan", "Tegal", "Surakarta"}

var historyTraces = []string{
	"Kerajaan Mataram Kuno", "Wali Songo", "Perang Diponegoro",
	"Kereta Api Zaman Belanda",
}

var religion = []subject{
	{"Tuntunan Shalat Lengkap", "297.3"},
	{"Kisah Teladan Wali Songo", "297.9"},
	{"Doa Sehari-hari untuk Keluarga", "297.3"},
	{"Tafsir Juz Amma", "297.12"},
	{"Fikih Zakat dan Sedekah", "297.4"},
	{"Renungan Harian Keluarga Kristiani", "242"},
}

var skills = []subject{
	{"Belajar Menjahit", "646.2"},
	{"Fotografi dengan Ponsel", "771"},
	{"Mengelola Keuangan Keluarga", "332.024"},
	{"Berjualan Daring", "658.8"},
	{"Membuat Kerajinan Bambu", "745.5"},
	{"Bahasa Inggris Sehari-hari", "428"},
}
