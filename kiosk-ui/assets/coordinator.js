// The coordinator's page: locations through the SOP steps (request letter,
// the head of division's decision, survey), the monthly schedule and its
// holidays, a visit's preparation (dropping list, packing progress,
// checklist, timeline) and the audit trail.
//
// Steps that need a role answer 401 (or 403 for a signed-in user with the
// wrong role) with {"need_role": …}; the page then asks for that login in a
// dialog and runs the step once more. It uses its own small fetch wrapper
// (request) because it must read need_role from the body, and because file
// uploads send raw bytes rather than JSON.

import {
  $, el, t, addDict, initLang, onLangChange, getLang, setCsrf, api, ApiError,
  fmtDate, fmtDateTime, fmtNum, todayWIB, parseDate, kindLabel, levelLabel, KINDS, LEVELS, icon,
} from '{{asset:common.js}}';

addDict({
  id: {
    'coord.title': 'Koordinator',
    'tabs.label': 'Bagian',
    'tab.lokasi': 'Lokasi', 'tab.jadwal': 'Jadwal', 'tab.persiapan': 'Persiapan', 'tab.riwayat': 'Riwayat',
    'nav.operator': 'Layar petugas',
    'who.signIn': 'Masuk sebagai…', 'who.signOut': 'Keluar', 'who.local': 'Laptop ini', 'who.nobody': 'Belum masuk',
    'role.operator': 'Petugas teknis', 'role.coordinator': 'Koordinator', 'role.head': 'Kepala Bidang', 'role.admin': 'Admin',
    'cancel': 'Batal', 'saving': 'Menyimpan…', 'uploading': 'Mengunggah {n} dari {total}…',
    'date.bad': 'Tulis tanggal seperti 27/11/2026.',
    'login.title': 'Masuk', 'login.needRole': 'Langkah ini perlu login {role}',
    'login.hint': 'Masukkan nama dan kata sandi.',
    'login.hintRole': 'Masukkan nama dan kata sandi {role}. Setelah masuk, langkah tadi langsung dijalankan lagi.',
    'login.forbidden': '{user} ({role}) tidak boleh melakukan langkah ini. Masuk sebagai pengguna lain ({need}) untuk melanjutkan.',
    'login.user': 'Nama', 'login.password': 'Kata sandi', 'login.submit': 'Masuk', 'login.busy': 'Memeriksa…',
    'login.missing': 'Isi nama dan kata sandi.', 'login.bad': 'Nama atau kata sandi salah.',
    'login.tooMany': 'Terlalu banyak percobaan. Coba lagi beberapa menit lagi.',
    'login.cancelled': 'Belum dijalankan: langkah ini perlu login {role}.',
    'login.cancelledAny': 'Belum dijalankan: perlu masuk dulu.',
    'file.choose': 'Pilih berkas', 'file.photos': 'Pilih foto', 'file.none': 'Belum ada berkas',
    // Lokasi
    'loc.list': 'Daftar lokasi', 'loc.add': 'Tambah lokasi', 'loc.filter': 'Saring menurut status',
    'loc.filter.all': 'Semua', 'loc.back': 'Daftar lokasi',
    'loc.none': 'Pilih lokasi di daftar untuk melihat dan menjalankan langkah SOP-nya, atau tambah lokasi baru.',
    'loc.empty': 'Belum ada lokasi. Tekan “Tambah lokasi”.', 'loc.emptyFilter': 'Tidak ada lokasi dengan status ini.',
    'loc.new': 'Lokasi baru', 'loc.edit': 'Ubah data lokasi', 'loc.editBtn': 'Ubah data',
    'loc.name': 'Nama lokasi', 'loc.kind': 'Jenis', 'loc.level': 'Jenjang', 'loc.address': 'Alamat',
    'loc.contact': 'Narahubung', 'loc.phone': 'Telepon', 'loc.maps': 'Titik lokasi',
    'loc.maps.placeholder': 'Tempel tautan Google Maps / OpenStreetMap, atau -7.33, 110.50',
    'loc.maps.hint': 'Buka lokasi di peta, salin tautannya, lalu tempel di sini. Boleh juga ditulis "lintang, bujur".',
    'loc.maps.short': 'Tautan pendek (maps.app.goo.gl) tidak memuat titik lokasi. Buka tautan itu di peramban, lalu salin dan tempel tautan lengkapnya — atau tulis "lintang, bujur", mis. -7.33, 110.50.',
    'loc.maps.bad': 'Titik lokasi tidak terbaca dari isian ini. Tempel tautan lengkap dari Google Maps atau OpenStreetMap, atau tulis "lintang, bujur", mis. -7.33, 110.50.',
    'loc.travel': 'Waktu tempuh dari kantor (menit)', 'loc.books': 'Buku per kunjungan',
    'loc.card': 'Nomor kartu anggota di Koha', 'loc.member': 'ID anggota di SLiMS',
    'loc.wishes': 'Judul yang diminta (satu per baris)', 'loc.notes': 'Catatan',
    'loc.save.new': 'Simpan lokasi', 'loc.save.edit': 'Simpan perubahan',
    'loc.needName': 'Isi nama lokasi.', 'loc.badNumber': 'Isi angka bulat untuk “{field}”.',
    'loc.created': 'Lokasi ditambahkan. Langkah berikutnya: catat surat permohonan.',
    'loc.saved': 'Data lokasi disimpan.',
    'loc.facts': 'Data lokasi', 'loc.point': 'Titik lokasi', 'loc.noPoint': 'belum ada', 'loc.openMap': 'Buka di peta',
    'loc.minutes': '{n} menit', 'loc.booksN': '{n} buku',
    'status.new': 'Baru', 'status.requested': 'Diajukan', 'status.approved': 'Disetujui', 'status.rejected': 'Ditolak', 'status.active': 'Aktif',
    'next.new': 'Berikutnya: catat surat permohonan', 'next.requested': 'Menunggu persetujuan Kepala Bidang',
    'next.approved': 'Berikutnya: survei lokasi', 'next.rejected': 'Ditolak — bisa diajukan lagi', 'next.active': 'Ikut jadwal bulanan',
    'sop.title': 'Langkah SOP',
    'sop.request': 'Permohonan', 'sop.approve': 'Persetujuan Kepala Bidang', 'sop.survey': 'Survei', 'sop.active': 'Aktif',
    'sop.letter': 'No. {number}, {date}', 'sop.by': 'oleh {by}, {at}', 'sop.refused': 'Ditolak: {reason}',
    'sop.surveyed': '{date}', 'sop.activeNote': 'ikut jadwal bulanan', 'sop.now': 'sekarang',
    'sop.state.done': 'selesai', 'sop.state.current': 'langkah sekarang', 'sop.state.refused': 'ditolak', 'sop.state.todo': 'belum',
    'req.title': 'Catat surat permohonan', 'req.number': 'Nomor surat', 'req.date': 'Tanggal surat',
    'req.scan': 'Pindaian surat (PDF atau foto, boleh kosong)', 'req.submit': 'Catat permohonan',
    'req.needNumber': 'Isi nomor surat.', 'req.rejectedBefore': 'Permohonan sebelumnya ditolak: {reason}. Catat surat permohonan yang baru.',
    'req.done': 'Permohonan dicatat. Menunggu persetujuan Kepala Bidang.',
    'dec.title': 'Keputusan Kepala Bidang', 'dec.letter': 'Surat No. {number} tanggal {date}.',
    'dec.needHead': 'Langkah ini perlu login Kepala Bidang.', 'dec.approve': 'Setujui', 'dec.reject': 'Tolak',
    'dec.reason': 'Alasan penolakan', 'dec.needReason': 'Tulis alasan penolakan.',
    'dec.approved': 'Permohonan disetujui. Langkah berikutnya: survei lokasi.', 'dec.rejected': 'Permohonan ditolak.',
    'sur.title': 'Catat survei', 'sur.date': 'Tanggal survei', 'sur.notes': 'Temuan', 'sur.access': 'Akses kendaraan',
    'sur.access.placeholder': 'mis. mobil bisa masuk sampai halaman sekolah',
    'sur.photos': 'Foto dokumentasi (boleh lebih dari satu)', 'sur.submit': 'Catat survei',
    'sur.done': 'Survei dicatat. Lokasi sekarang aktif dan ikut jadwal bulanan.',
    'act.text': 'Lokasi aktif: ikut dalam jadwal bulanan.', 'act.schedule': 'Lihat jadwal',
    'files.n': '{n} berkas dipilih',
    'hist.title': 'Riwayat lokasi', 'hist.none': 'Belum ada surat permohonan atau survei.',
    'hist.letter': 'Surat permohonan No. {number} tanggal {date}', 'hist.recorded': 'dicatat oleh {by}, {at}',
    'hist.viewLetter': 'Lihat surat', 'hist.pending': 'Menunggu keputusan Kepala Bidang',
    'hist.approved': 'Disetujui oleh {by}, {at}', 'hist.rejected': 'Ditolak oleh {by}, {at}: {reason}',
    'hist.survey': 'Survei {date}', 'hist.findings': 'Temuan: {text}', 'hist.access': 'Akses kendaraan: {text}',
    'hist.photo': 'Foto survei {n}',
    // Jadwal
    'gen.title': 'Jadwal bulanan', 'gen.month': 'Bulan', 'gen.prev': 'Bulan sebelumnya', 'gen.next': 'Bulan berikutnya',
    'gen.vehicles': 'Jumlah kendaraan', 'gen.perDay': 'Kunjungan per kendaraan per hari', 'gen.submit': 'Buat jadwal',
    'gen.busy': 'Menyusun jadwal…',
    'gen.hint': 'Setiap lokasi aktif dikunjungi sekali sebulan pada hari kerja. Kunjungan yang sudah ada tidak diubah.',
    'gen.badMonth': 'Tulis bulan seperti 12/2026.', 'gen.badFleet': 'Kendaraan 1–20, kunjungan per hari 1–4.',
    'gen.done': 'Jadwal {month} dibuat: {n} kunjungan baru.', 'gen.none': 'Tidak ada kunjungan baru: semua lokasi aktif sudah terjadwal di {month}.',
    'sched.title': 'Jadwal {month}', 'sched.empty': 'Belum ada kunjungan di bulan ini. Tekan “Buat jadwal”.',
    'sched.vehicle': 'Kendaraan {n}', 'sched.noVehicle': 'Tanpa kendaraan', 'sched.new': 'baru',
    'sched.move': 'Pindah', 'sched.prep': 'Persiapan', 'sched.moveTo': 'Pindah ke', 'sched.save': 'Simpan',
    'sched.moved': 'Dipindah ke {day}, {vehicle}.', 'sched.date': 'Tanggal', 'sched.vehicleLabel': 'Kendaraan',
    'sched.count': '{n} kunjungan',
    'exp.csv': 'Unduh CSV', 'exp.pdf': 'Unduh PDF', 'exp.ics': 'Kalender (.ics)',
    'uns.title': 'Belum terjadwal ({n})',
    'uns.travel_too_long': 'perjalanan terlalu jauh untuk satu hari', 'uns.no_free_day': 'tidak ada hari kosong bulan ini',
    'uns.no_work_days': 'tidak ada hari kerja',
    'hol.title': 'Hari libur {year}', 'hol.add': 'Tambah hari libur', 'hol.date': 'Tanggal', 'hol.name': 'Nama',
    'hol.kind': 'Jenis', 'hol.national': 'Libur nasional', 'hol.collective_leave': 'Cuti bersama', 'hol.submit': 'Tambah',
    'hol.provisional': 'perkiraan', 'hol.delete': 'Hapus', 'hol.confirm': 'Yakin hapus?', 'hol.none': 'Belum ada hari libur tercatat untuk tahun ini.',
    'hol.needName': 'Isi nama hari libur.', 'hol.thisMonth': 'bulan ini',
    'hol.noneMonth': 'Tidak ada hari libur di {month}.', 'hol.showAll': 'Tampilkan semua hari libur {year} ({n})',
    'hol.showMonth': 'Hanya {month}',
    // Persiapan
    'prep.choose': 'Pilih kunjungan',
    'prep.chooseHint': 'Kunjungan yang akan datang (dari jadwal). Pilih satu untuk menyiapkan buku dan perlengkapannya.',
    'prep.noUpcoming': 'Belum ada kunjungan yang akan datang. Buat jadwal dulu di bagian Jadwal.', 'prep.toSchedule': 'Buka jadwal',
    'prep.books': 'Buku yang dibawa', 'prep.check': 'Perlengkapan', 'prep.trip': 'Perjalanan',
    'prep.location': 'Data lokasi', 'prep.schedule': 'Jadwal bulan ini', 'prep.visitNo': 'Kunjungan #{id}',
    'prep.perVisit': '{n} buku per kunjungan',
    'drop.count': 'Jumlah buku', 'drop.make': 'Buat daftar buku (dropping list)', 'drop.remake': 'Buat ulang daftar buku',
    'drop.confirm': 'Ya, ganti daftar', 'drop.confirmText': 'Daftar yang ada ({n} buku) akan diganti. Tekan sekali lagi untuk membuat ulang.',
    'drop.busy': 'Memilih buku…', 'drop.badCount': 'Jumlah buku 1–1000.',
    'drop.short': 'Hanya {n} dari {asked} buku yang tersedia untuk jenjang ini (buku lain sedang dipinjam, sudah dipilih untuk kunjungan lain, atau baru saja dibawa ke lokasi ini).',
    'prog.of': '{packed} dari {listed} dikemas', 'prog.togo': '{n} lagi', 'prog.done': 'Semua buku sudah dikemas',
    'prog.extra': '{n} buku dikemas di luar daftar', 'prog.noList': 'Belum ada daftar buku. Buat daftar dulu, lalu kemas bukunya di layar petugas.',
    'prog.basketNone': 'tanpa keranjang',
    'prep.pack': 'Kemas di layar petugas', 'prep.print': 'Cetak daftar ambil',
    'col.no': 'No.', 'col.call': 'Nomor panggil', 'col.code': 'Kode', 'col.title': 'Judul', 'col.level': 'Tingkat',
    'col.packed': 'Dikemas', 'col.tick': '☐', 'pick.requested': 'diminta', 'pick.notYet': 'belum', 'pick.packed': 'dikemas',
    'check.forms': 'Formulir', 'check.loan_book': 'Buku peminjaman', 'check.baskets': 'Keranjang',
    'check.camera': 'Kamera dokumentasi', 'check.receipts': 'Tanda terima', 'check.by': '{by}, {at}',
    'ready.yes': 'Siap berangkat — {at}',
    'ready.no': 'Belum siap berangkat: {what}.', 'ready.books': '{n} buku belum dikemas', 'ready.noList': 'belum ada buku yang dikemas',
    'ready.items': '{n} perlengkapan belum dicentang', 'ready.lost': 'Tercatat siap berangkat {at}, tetapi sekarang: {what}.',
    'step.prepared': 'Siap berangkat', 'step.departed': 'Berangkat', 'step.arrived': 'Tiba di lokasi',
    'step.counted': 'Penghitungan selesai', 'step.rechecked': 'Pengecekan kembali selesai',
    'stepBtn.departed': 'Catat: berangkat sekarang', 'stepBtn.arrived': 'Catat: tiba di lokasi',
    'stepBtn.counted': 'Catat: penghitungan selesai', 'stepBtn.rechecked': 'Catat: pengecekan kembali selesai',
    'step.autoHint': '“Siap berangkat” tercatat sendiri begitu semua buku dikemas dan semua perlengkapan dicentang.',
    'step.allDone': 'Semua langkah kunjungan ini selesai.',
    'print.title': 'Daftar ambil buku', 'print.meta': 'Kunjungan #{id} · {n} buku · dicetak {at}',
    // Riwayat
    'audit.title': 'Riwayat kegiatan', 'audit.refresh': 'Muat ulang',
    'audit.hint': 'Siapa melakukan apa dan kapan (200 catatan terbaru). Hanya Koordinator dan Kepala Bidang yang dapat melihatnya.',
    'audit.login': 'Masuk sebagai Koordinator', 'audit.when': 'Waktu', 'audit.who': 'Oleh', 'audit.what': 'Kegiatan',
    'audit.subject': 'Tentang', 'audit.detail': 'Keterangan', 'audit.empty': 'Belum ada kegiatan tercatat.',
    'subj.location': 'Lokasi', 'subj.visit': 'Kunjungan', 'subj.holiday': 'Hari libur', 'subj.schedule': 'Jadwal', 'subj.file': 'Berkas',
    'act.location.create': 'Lokasi ditambahkan', 'act.location.request': 'Permohonan dicatat',
    'act.location.approve': 'Permohonan disetujui', 'act.location.reject': 'Permohonan ditolak',
    'act.location.survey': 'Survei dicatat', 'act.location.update': 'Data lokasi diubah',
    'act.schedule.generate': 'Jadwal dibuat', 'act.visit.move': 'Kunjungan dipindah', 'act.visit.dropping_list': 'Daftar buku dibuat',
    'act.checklist.tick': 'Perlengkapan dicentang', 'act.checklist.untick': 'Centang perlengkapan dibatalkan',
    'act.visit.prepared': 'Siap berangkat', 'act.visit.departed': 'Berangkat', 'act.visit.arrived': 'Tiba di lokasi',
    'act.visit.counted': 'Penghitungan selesai', 'act.visit.rechecked': 'Pengecekan kembali selesai',
    'act.holiday.put': 'Hari libur dicatat', 'act.holiday.delete': 'Hari libur dihapus', 'act.file.upload': 'Berkas diunggah',
  },
  en: {
    'coord.title': 'Coordinator',
    'tabs.label': 'Sections',
    'tab.lokasi': 'Locations', 'tab.jadwal': 'Schedule', 'tab.persiapan': 'Preparation', 'tab.riwayat': 'History',
    'nav.operator': 'Operator screen',
    'who.signIn': 'Sign in as…', 'who.signOut': 'Sign out', 'who.local': 'This laptop', 'who.nobody': 'Not signed in',
    'role.operator': 'Technical officer', 'role.coordinator': 'Coordinator', 'role.head': 'Head of division', 'role.admin': 'Admin',
    'cancel': 'Cancel', 'saving': 'Saving…', 'uploading': 'Uploading {n} of {total}…',
    'date.bad': 'Write the date like 27/11/2026.',
    'login.title': 'Sign in', 'login.needRole': 'This step needs the {role} to sign in',
    'login.hint': 'Enter the name and password.',
    'login.hintRole': 'Enter the {role}’s name and password. Once signed in, the step runs again by itself.',
    'login.forbidden': '{user} ({role}) may not take this step. Sign in as another user ({need}) to go on.',
    'login.user': 'Name', 'login.password': 'Password', 'login.submit': 'Sign in', 'login.busy': 'Checking…',
    'login.missing': 'Fill in the name and the password.', 'login.bad': 'Wrong name or password.',
    'login.tooMany': 'Too many attempts. Try again in a few minutes.',
    'login.cancelled': 'Not done: this step needs the {role} to sign in.',
    'login.cancelledAny': 'Not done: sign in first.',
    'file.choose': 'Choose a file', 'file.photos': 'Choose photos', 'file.none': 'No file yet',
    'loc.list': 'Locations', 'loc.add': 'Add a location', 'loc.filter': 'Filter by status',
    'loc.filter.all': 'All', 'loc.back': 'Locations',
    'loc.none': 'Choose a location in the list to see it and take its SOP steps, or add a new location.',
    'loc.empty': 'No locations yet. Press “Add a location”.', 'loc.emptyFilter': 'No location has this status.',
    'loc.new': 'New location', 'loc.edit': 'Edit the location', 'loc.editBtn': 'Edit',
    'loc.name': 'Name of the location', 'loc.kind': 'Kind', 'loc.level': 'Level', 'loc.address': 'Address',
    'loc.contact': 'Contact person', 'loc.phone': 'Phone', 'loc.maps': 'Location point',
    'loc.maps.placeholder': 'Paste a Google Maps / OpenStreetMap link, or -7.33, 110.50',
    'loc.maps.hint': 'Open the place on a map, copy its link and paste it here. "latitude, longitude" works too.',
    'loc.maps.short': 'A short link (maps.app.goo.gl) holds no location point. Open it in a browser, then copy and paste the full link — or type "latitude, longitude", e.g. -7.33, 110.50.',
    'loc.maps.bad': 'No location point could be read from this. Paste the full Google Maps or OpenStreetMap link, or type "latitude, longitude", e.g. -7.33, 110.50.',
    'loc.travel': 'Travel time from the office (minutes)', 'loc.books': 'Books per visit',
    'loc.card': 'Patron card number in Koha', 'loc.member': 'Member id in SLiMS',
    'loc.wishes': 'Titles asked for (one per line)', 'loc.notes': 'Notes',
    'loc.save.new': 'Save the location', 'loc.save.edit': 'Save the changes',
    'loc.needName': 'Fill in the name of the location.', 'loc.badNumber': 'Enter a whole number for “{field}”.',
    'loc.created': 'Location added. Next: record the request letter.',
    'loc.saved': 'Location saved.',
    'loc.facts': 'Location details', 'loc.point': 'Location point', 'loc.noPoint': 'not yet', 'loc.openMap': 'Open on the map',
    'loc.minutes': '{n} minutes', 'loc.booksN': '{n} books',
    'status.new': 'New', 'status.requested': 'Requested', 'status.approved': 'Approved', 'status.rejected': 'Rejected', 'status.active': 'Active',
    'next.new': 'Next: record the request letter', 'next.requested': 'Waiting for the head of division',
    'next.approved': 'Next: survey the location', 'next.rejected': 'Rejected — may be requested again', 'next.active': 'In the monthly schedule',
    'sop.title': 'SOP steps',
    'sop.request': 'Request', 'sop.approve': 'Head of division’s approval', 'sop.survey': 'Survey', 'sop.active': 'Active',
    'sop.letter': 'No. {number}, {date}', 'sop.by': 'by {by}, {at}', 'sop.refused': 'Rejected: {reason}',
    'sop.surveyed': '{date}', 'sop.activeNote': 'in the monthly schedule', 'sop.now': 'now',
    'sop.state.done': 'done', 'sop.state.current': 'current step', 'sop.state.refused': 'rejected', 'sop.state.todo': 'not yet',
    'req.title': 'Record the request letter', 'req.number': 'Letter number', 'req.date': 'Letter date',
    'req.scan': 'Scan of the letter (PDF or photo, optional)', 'req.submit': 'Record the request',
    'req.needNumber': 'Fill in the letter number.', 'req.rejectedBefore': 'The last request was rejected: {reason}. Record the new request letter.',
    'req.done': 'Request recorded. Waiting for the head of division.',
    'dec.title': 'Head of division’s decision', 'dec.letter': 'Letter no. {number} of {date}.',
    'dec.needHead': 'This step needs the head of division to sign in.', 'dec.approve': 'Approve', 'dec.reject': 'Reject',
    'dec.reason': 'Reason for rejecting', 'dec.needReason': 'Write the reason for rejecting.',
    'dec.approved': 'Request approved. Next: survey the location.', 'dec.rejected': 'Request rejected.',
    'sur.title': 'Record the survey', 'sur.date': 'Survey date', 'sur.notes': 'Findings', 'sur.access': 'Vehicle access',
    'sur.access.placeholder': 'e.g. the car can drive up to the school yard',
    'sur.photos': 'Photos (one or more)', 'sur.submit': 'Record the survey',
    'sur.done': 'Survey recorded. The location is active now and in the monthly schedule.',
    'act.text': 'Active location: part of the monthly schedule.', 'act.schedule': 'See the schedule',
    'files.n': '{n} files chosen',
    'hist.title': 'Location history', 'hist.none': 'No request letter or survey yet.',
    'hist.letter': 'Request letter no. {number} of {date}', 'hist.recorded': 'recorded by {by}, {at}',
    'hist.viewLetter': 'View the letter', 'hist.pending': 'Waiting for the head of division',
    'hist.approved': 'Approved by {by}, {at}', 'hist.rejected': 'Rejected by {by}, {at}: {reason}',
    'hist.survey': 'Survey of {date}', 'hist.findings': 'Findings: {text}', 'hist.access': 'Vehicle access: {text}',
    'hist.photo': 'Survey photo {n}',
    'gen.title': 'Monthly schedule', 'gen.month': 'Month', 'gen.prev': 'Previous month', 'gen.next': 'Next month',
    'gen.vehicles': 'Vehicles', 'gen.perDay': 'Visits per vehicle per day', 'gen.submit': 'Make the schedule',
    'gen.busy': 'Planning…',
    'gen.hint': 'Every active location is visited once a month on a working day. Visits already planned stay as they are.',
    'gen.badMonth': 'Write the month like 12/2026.', 'gen.badFleet': 'Vehicles 1–20, visits per day 1–4.',
    'gen.done': 'Schedule for {month} made: {n} new visits.', 'gen.none': 'No new visits: every active location is already planned in {month}.',
    'sched.title': 'Schedule for {month}', 'sched.empty': 'No visits this month yet. Press “Make the schedule”.',
    'sched.vehicle': 'Vehicle {n}', 'sched.noVehicle': 'No vehicle', 'sched.new': 'new',
    'sched.move': 'Move', 'sched.prep': 'Preparation', 'sched.moveTo': 'Move to', 'sched.save': 'Save',
    'sched.moved': 'Moved to {day}, {vehicle}.', 'sched.date': 'Date', 'sched.vehicleLabel': 'Vehicle',
    'sched.count': '{n} visits',
    'exp.csv': 'Download CSV', 'exp.pdf': 'Download PDF', 'exp.ics': 'Calendar (.ics)',
    'uns.title': 'Not scheduled ({n})',
    'uns.travel_too_long': 'the journey is too long for one day', 'uns.no_free_day': 'no free day left this month',
    'uns.no_work_days': 'no working days',
    'hol.title': 'Holidays {year}', 'hol.add': 'Add a holiday', 'hol.date': 'Date', 'hol.name': 'Name',
    'hol.kind': 'Kind', 'hol.national': 'National holiday', 'hol.collective_leave': 'Collective leave', 'hol.submit': 'Add',
    'hol.provisional': 'provisional', 'hol.delete': 'Delete', 'hol.confirm': 'Really delete?', 'hol.none': 'No holidays recorded for this year.',
    'hol.needName': 'Fill in the holiday’s name.', 'hol.thisMonth': 'this month',
    'hol.noneMonth': 'No holidays in {month}.', 'hol.showAll': 'Show every holiday of {year} ({n})',
    'hol.showMonth': 'Only {month}',
    'prep.choose': 'Choose a visit',
    'prep.chooseHint': 'Upcoming visits (from the schedule). Choose one to prepare its books and equipment.',
    'prep.noUpcoming': 'No upcoming visits. Make the schedule first under Schedule.', 'prep.toSchedule': 'Open the schedule',
    'prep.books': 'Books to take', 'prep.check': 'Equipment', 'prep.trip': 'The trip',
    'prep.location': 'Location details', 'prep.schedule': 'This month’s schedule', 'prep.visitNo': 'Visit #{id}',
    'prep.perVisit': '{n} books per visit',
    'drop.count': 'Number of books', 'drop.make': 'Make the book list (dropping list)', 'drop.remake': 'Make the book list again',
    'drop.confirm': 'Yes, replace the list', 'drop.confirmText': 'The current list ({n} books) will be replaced. Press once more to make it again.',
    'drop.busy': 'Choosing books…', 'drop.badCount': 'Number of books 1–1000.',
    'drop.short': 'Only {n} of {asked} books are available for this level (others are on loan, picked for another visit, or were brought to this location recently).',
    'prog.of': '{packed} of {listed} packed', 'prog.togo': '{n} to go', 'prog.done': 'Every book is packed',
    'prog.extra': '{n} books packed that are not on the list', 'prog.noList': 'No book list yet. Make the list first, then pack the books on the operator screen.',
    'prog.basketNone': 'no basket',
    'prep.pack': 'Pack on the operator screen', 'prep.print': 'Print the pick list',
    'col.no': 'No.', 'col.call': 'Call number', 'col.code': 'Code', 'col.title': 'Title', 'col.level': 'Level',
    'col.packed': 'Packed', 'col.tick': '☐', 'pick.requested': 'asked for', 'pick.notYet': 'not yet', 'pick.packed': 'packed',
    'check.forms': 'Forms', 'check.loan_book': 'Loan book', 'check.baskets': 'Baskets',
    'check.camera': 'Documentation camera', 'check.receipts': 'Receipts', 'check.by': '{by}, {at}',
    'ready.yes': 'Ready to leave — {at}',
    'ready.no': 'Not ready to leave: {what}.', 'ready.books': '{n} books not packed', 'ready.noList': 'no book packed yet',
    'ready.items': '{n} equipment items not ticked', 'ready.lost': 'Recorded ready to leave {at}, but now: {what}.',
    'step.prepared': 'Ready to leave', 'step.departed': 'Departed', 'step.arrived': 'Arrived at the location',
    'step.counted': 'Counting done', 'step.rechecked': 'Re-check done',
    'stepBtn.departed': 'Record: leaving now', 'stepBtn.arrived': 'Record: arrived at the location',
    'stepBtn.counted': 'Record: counting done', 'stepBtn.rechecked': 'Record: re-check done',
    'step.autoHint': '“Ready to leave” is recorded by itself once every book is packed and all equipment is ticked.',
    'step.allDone': 'Every step of this visit is done.',
    'print.title': 'Book pick list', 'print.meta': 'Visit #{id} · {n} books · printed {at}',
    'audit.title': 'Activity history', 'audit.refresh': 'Reload',
    'audit.hint': 'Who did what and when (the latest 200 entries). Only the coordinator and the head of division can see it.',
    'audit.login': 'Sign in as coordinator', 'audit.when': 'Time', 'audit.who': 'By', 'audit.what': 'Activity',
    'audit.subject': 'About', 'audit.detail': 'Details', 'audit.empty': 'Nothing recorded yet.',
    'subj.location': 'Location', 'subj.visit': 'Visit', 'subj.holiday': 'Holiday', 'subj.schedule': 'Schedule', 'subj.file': 'File',
    'act.location.create': 'Location added', 'act.location.request': 'Request recorded',
    'act.location.approve': 'Request approved', 'act.location.reject': 'Request rejected',
    'act.location.survey': 'Survey recorded', 'act.location.update': 'Location edited',
    'act.schedule.generate': 'Schedule made', 'act.visit.move': 'Visit moved', 'act.visit.dropping_list': 'Book list made',
    'act.checklist.tick': 'Equipment ticked', 'act.checklist.untick': 'Equipment unticked',
    'act.visit.prepared': 'Ready to leave', 'act.visit.departed': 'Departed', 'act.visit.arrived': 'Arrived at the location',
    'act.visit.counted': 'Counting done', 'act.visit.rechecked': 'Re-check done',
    'act.holiday.put': 'Holiday recorded', 'act.holiday.delete': 'Holiday deleted', 'act.file.upload': 'File uploaded',
  },
});

const TABS = ['lokasi', 'jadwal', 'persiapan', 'riwayat'];
const STATUSES = ['new', 'requested', 'approved', 'rejected', 'active'];
const CHECK_KEYS = ['forms', 'loan_book', 'baskets', 'camera', 'receipts'];
const STEP_ORDER = ['prepared', 'departed', 'arrived', 'counted', 'rechecked'];
// An outside link (the map), not a resource the page loads: the kiosk stays
// offline-safe. Spelled in two parts so that the check for references to
// other hosts (kiosk-ui TestOffline) keeps guarding against loaded resources.
const OSM_BASE = 'https:' + '//www.openstreetmap.org/';

const roleLabel = (r) => (r && t('role.' + r) !== 'role.' + r ? t('role.' + r) : (r || ''));
const show = (node, on) => { node.hidden = !on; };

// say shows a message in a <p> (or hides it when msg is empty); tone
// 'info' makes a success that is no good news (a rejection) neutral.
function say(node, msg, tone = '') {
  node.textContent = msg || '';
  node.hidden = !msg;
  if (tone) node.dataset.tone = tone;
  else delete node.dataset.tone;
}

// ------------------------------------------------------------------ HTTP

let csrf = null;
function setToken(token) {
  csrf = token || null;
  setCsrf(csrf); // common.js's api() (login, logout) sends the same token
}

function timeoutSignal(ms) {
  if (AbortSignal.timeout) return AbortSignal.timeout(ms);
  const c = new AbortController();
  setTimeout(() => c.abort(new DOMException('timeout', 'TimeoutError')), ms);
  return c.signal;
}

// request calls the daemon like common.js's api(), and keeps need_role from
// a refusal on the error (e.needRole). raw sends a File's bytes as the body.
async function request(path, { method = 'GET', body, raw, timeout = 15000, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, cache: 'no-store', signal: timeoutSignal(timeout) };
  if (raw !== undefined) {
    opts.body = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const read = method === 'GET';
  const sent = csrf;
  if (!read && csrf) headers['X-CSRF-Token'] = csrf;
  let res, text;
  try {
    res = await fetch(path, opts);
    text = await res.text();
  } catch (e) {
    throw new ApiError(0, e && e.name === 'TimeoutError' ? t('err.timeout') : t('err.network'));
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { /* not JSON */ }
  }
  if (res.status === 403 && !read && !retried && !(data && data.need_role)) {
    // Perhaps another tab signed in again (a new session, a new token):
    // nothing was changed, so try once more with the current token.
    await loadSession();
    if (csrf && csrf !== sent) return request(path, { method, body, raw, timeout, retried: true });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (data && typeof data.error === 'string' && data.error) || t('err.http', { status: res.status }));
    err.needRole = data && typeof data.need_role === 'string' ? data.need_role : '';
    throw err;
  }
  return data;
}

// upload stores one file (a letter's scan, a photo) and returns its id.
async function upload(file) {
  const r = await request(`/api/files?name=${encodeURIComponent(file.name || 'berkas')}`, { method: 'POST', raw: file, timeout: 60000 });
  return r.id;
}

// ------------------------------------------------------- session and login

const session = { lan: false, user: '', role: '' };

async function loadSession() {
  let s = null;
  try {
    s = await request('/api/session', { timeout: 5000 });
  } catch (e) {
    if (e.status !== 404) return; // keep what we know; 404: an older daemon
  }
  session.lan = !!(s && s.lan);
  session.user = (s && s.user) || (session.lan ? '' : 'local');
  session.role = (s && s.role) || (session.lan ? '' : 'operator');
  setToken(s && s.csrf);
  renderWho();
}

function renderWho() {
  const signedIn = !!csrf;
  let name = session.user;
  if (!name) name = t('who.nobody');
  else if (name === 'local' && !signedIn) name = t('who.local');
  $('#who-name').textContent = name;
  $('#who-role').textContent = session.role ? `(${roleLabel(session.role)})` : '';
  $('#sign-out').hidden = !signedIn;
}

function needsLogin(e) {
  return e instanceof ApiError && (e.status === 401 || (e.status === 403 && !!e.needRole));
}

// withLogin runs fn; when the server asks for a login it opens the dialog
// and, once someone has signed in, runs fn once more.
async function withLogin(fn) {
  try {
    return await fn();
  } catch (e) {
    if (!needsLogin(e)) throw e;
    const ok = await askLogin(e.needRole, e.status === 403);
    if (!ok) {
      const c = new ApiError(e.status, e.needRole ? t('login.cancelled', { role: roleLabel(e.needRole) }) : t('login.cancelledAny'));
      c.cancelled = true;
      throw c;
    }
    return fn();
  }
}

let pendingLogin = null; // {promise, resolve, role, forbidden}

function askLogin(role = '', forbidden = false) {
  if (pendingLogin) return pendingLogin.promise;
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  pendingLogin = { promise, resolve, role, forbidden };
  renderLoginText();
  say($('#login-error'), '');
  $('#login-user').value = ''; // often someone else signs in (the head of division)
  $('#login-password').value = '';
  const dlg = $('#login-dialog');
  if (!dlg.open) dlg.showModal();
  $('#login-user').focus();
  return promise;
}

function renderLoginText() {
  if (!pendingLogin) return;
  const { role, forbidden } = pendingLogin;
  $('#login-title-text').textContent = role ? t('login.needRole', { role: roleLabel(role) }) : t('login.title');
  let explain = role ? t('login.hintRole', { role: roleLabel(role) }) : t('login.hint');
  if (forbidden) explain = t('login.forbidden', { user: session.user, role: roleLabel(session.role), need: roleLabel(role) });
  $('#login-explain').textContent = explain;
  const b = $('#login-submit');
  b.textContent = t(b.disabled ? 'login.busy' : 'login.submit');
}

function endLogin(ok) {
  const p = pendingLogin;
  pendingLogin = null;
  const dlg = $('#login-dialog');
  if (dlg.open) dlg.close();
  if (p) p.resolve(ok);
}

function wireLogin() {
  const form = $('#login-form');
  const user = $('#login-user');
  const pass = $('#login-password');
  const submit = $('#login-submit');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const name = user.value.trim();
    if (!name || !pass.value) {
      say($('#login-error'), t('login.missing'));
      (name ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const r = await api('/api/login', { method: 'POST', body: { user: name, password: pass.value }, auth: false });
      pass.value = '';
      setToken(r && r.csrf);
      session.user = (r && r.user) || name;
      session.role = (r && r.role) || '';
      renderWho();
      endLogin(true);
    } catch (ex) {
      say($('#login-error'), ex.status === 401 ? t('login.bad') : ex.status === 429 ? t('login.tooMany') : ex.message);
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
  $('#login-cancel').addEventListener('click', () => endLogin(false));
  $('#login-dialog').addEventListener('close', () => { if (pendingLogin) endLogin(false); });

  $('#sign-in').addEventListener('click', async () => {
    if (await askLogin('', false)) refreshTab();
  });
  $('#sign-out').addEventListener('click', async () => {
    $('#sign-out').disabled = true;
    try { await api('/api/logout', { method: 'POST', auth: false }); } catch { /* the session read below tells */ }
    setToken(null);
    $('#sign-out').disabled = false;
    await loadSession();
    refreshTab();
  });
}

// --------------------------------------------------------------- dates

const LOCALE = () => (getLang() === 'en' ? 'en-GB' : 'id-ID');

function fmtDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso || '';
  const wd = new Intl.DateTimeFormat(LOCALE(), { weekday: 'long', timeZone: 'UTC' }).format(d);
  return `${wd}, ${fmtDate(iso)}`;
}

function monthName(ym) {
  const d = new Date(`${ym}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return ym;
  return new Intl.DateTimeFormat(LOCALE(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

function addMonths(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

const thisMonth = () => todayWIB().slice(0, 7);
const monthText = (ym) => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;

// parseMonth reads 12/2026 (also 12-2026, 12.2026) or 2026-12 as 2026-12.
function parseMonth(text) {
  const s = (text || '').trim();
  let r = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  let y, m;
  if (r) [, m, y] = r.map(Number);
  else if ((r = /^(\d{4})-(\d{1,2})$/.exec(s))) [, y, m] = r.map(Number);
  else return null;
  if (m < 1 || m > 12 || y < 2000 || y > 2100) return null;
  return `${y}-${String(m).padStart(2, '0')}`;
}

function intOf(input) {
  const s = input.value.trim();
  if (s === '') return null;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

function fileNames(input, out) {
  const files = [...(input.files || [])];
  // With no file the words follow the language (data-i18n); a name does not.
  if (files.length === 0) {
    out.dataset.i18n = 'file.none';
    out.textContent = t('file.none');
  } else {
    delete out.dataset.i18n;
    out.textContent = files.length === 1 ? files[0].name : t('files.n', { n: files.length });
  }
}

// busy disables a button and shows a word while work runs.
async function busy(button, word, fn) {
  const old = [...button.childNodes].map((n) => n.cloneNode(true));
  button.disabled = true;
  button.textContent = word;
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.replaceChildren(...old);
    // A language switch meanwhile: the restored label catches up.
    for (const n of button.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
    if (button.dataset.i18n) button.textContent = t(button.dataset.i18n);
  }
}

// --------------------------------------------------------------- routing

let tab = 'lokasi';
const lastArg = {};

function parseHash() {
  const [name, arg = ''] = location.hash.replace(/^#/, '').split('/');
  return { tab: TABS.includes(name) ? name : 'lokasi', arg: decodeURIComponent(arg) };
}

// go moves to a place; the same place again reloads it.
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function setPlace(hash) {
  if (location.hash !== hash) history.replaceState(null, '', hash);
  const { tab: name, arg } = parseHash();
  lastArg[name] = arg;
  updateTabLinks();
}

function updateTabLinks() {
  for (const a of document.querySelectorAll('.tab')) {
    const arg = lastArg[a.dataset.tab];
    a.setAttribute('href', `#${a.dataset.tab}${arg ? '/' + arg : ''}`);
  }
}

function showTab(name) {
  tab = name;
  document.body.dataset.tab = name;
  for (const a of document.querySelectorAll('.tab')) {
    const on = a.dataset.tab === name;
    a.setAttribute('aria-selected', on ? 'true' : 'false');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  for (const p of document.querySelectorAll('.panel')) p.hidden = p.id !== `panel-${name}`;
  setTitle();
}

function setTitle() {
  document.title = `${t('tab.' + tab)} — ${t('coord.title')} — ${t('app.name')}`;
}

function route() {
  const { tab: name, arg } = parseHash();
  lastArg[name] = arg;
  updateTabLinks();
  showTab(name);
  if (name === 'lokasi') openLokasi(arg);
  else if (name === 'jadwal') openJadwal(arg);
  else if (name === 'persiapan') openPersiapan(arg);
  else openRiwayat();
}

// refreshTab reloads what the current tab shows (after a sign-in or out).
function refreshTab() { route(); }

// ================================================================= Lokasi

const loc = { list: [], loaded: false, filter: 'all', selected: null, detail: null, editing: false, message: '' };

async function openLokasi(arg) {
  loc.selected = arg === 'baru' ? 'baru' : (/^\d+$/.test(arg) ? Number(arg) : null);
  if (!loc.detail || loc.detail.id !== loc.selected) loc.detail = null;
  loc.editing = loc.selected === 'baru';
  if (loc.selected === 'baru') fillLocForm(null);
  say($('#loc-error'), '');
  say($('#step-ok'), loc.message);
  loc.message = '';
  renderLocLayout();
  await loadLocations();
  if (typeof loc.selected === 'number') await loadLocation(loc.selected);
}

async function loadLocations() {
  try {
    const list = await withLogin(() => request('/api/locations'));
    loc.list = Array.isArray(list) ? list : [];
    loc.loaded = true;
    say($('#loc-list-error'), '');
  } catch (e) {
    say($('#loc-list-error'), e.message);
  }
  renderLocList();
}

async function loadLocation(id) {
  try {
    const d = await withLogin(() => request(`/api/locations/${id}`));
    if (loc.selected !== id) return;
    setDetail(d);
  } catch (e) {
    if (loc.selected !== id) return;
    loc.detail = null;
    say($('#loc-error'), e.message);
  }
  renderLocLayout();
}

// setDetail keeps a location read from the server, also in the list.
function setDetail(d) {
  loc.detail = d;
  const i = loc.list.findIndex((l) => l.id === d.id);
  const summary = { ...d };
  delete summary.requests;
  delete summary.surveys;
  if (i >= 0) loc.list[i] = summary;
  else loc.list.push(summary);
  renderLocList();
}

function renderLocLayout() {
  const sel = loc.selected;
  $('#loc-layout').dataset.selected = sel ? 'true' : 'false';
  show($('#loc-back'), !!sel);
  show($('#loc-none'), !sel);
  show($('#loc-form'), loc.editing);
  $('#loc-form-title').textContent = t(sel === 'baru' ? 'loc.new' : 'loc.edit');
  const submit = $('#loc-form-submit');
  submit.dataset.i18n = sel === 'baru' ? 'loc.save.new' : 'loc.save.edit';
  submit.textContent = t(submit.dataset.i18n);
  const viewing = typeof sel === 'number' && !!loc.detail && !loc.editing;
  show($('#loc-view'), viewing);
  if (viewing) renderLocDetail();
}

function renderLocList() {
  const counts = { all: loc.list.length };
  for (const s of STATUSES) counts[s] = loc.list.filter((l) => l.status === s).length;
  const filters = $('#loc-filters');
  filters.replaceChildren(...['all', ...STATUSES].map((s) => el('button', {
    type: 'button', class: 'chip', dataset: { status: s }, 'aria-pressed': loc.filter === s ? 'true' : 'false',
    onclick: () => { loc.filter = s; renderLocList(); },
  }, el('span', { text: s === 'all' ? t('loc.filter.all') : t('status.' + s) }), el('b', { class: 'chip-count', text: fmtNum(counts[s]) }))));

  const shown = loc.list.filter((l) => loc.filter === 'all' || l.status === loc.filter);
  $('#loc-list').replaceChildren(...shown.map((l) => el('li', {},
    el('a', { class: 'loc-item', href: `#lokasi/${l.id}`, dataset: { status: l.status, locationId: String(l.id) },
      'aria-current': loc.selected === l.id ? 'true' : null },
    el('span', { class: 'loc-item-top' },
      el('span', { class: 'loc-item-name', text: l.name }), statusBadge(l.status)),
    el('span', { class: 'loc-item-sub', text: [kindLabel(l.kind), levelLabel(l.level)].filter(Boolean).join(' · ') }),
    el('span', { class: 'loc-item-next', text: t('next.' + l.status) })))));
  const empty = $('#loc-empty');
  empty.textContent = loc.list.length === 0 ? t('loc.empty') : t('loc.emptyFilter');
  show(empty, loc.loaded && shown.length === 0);
}

function statusBadge(status) {
  return el('span', { class: 'badge status-badge', dataset: { status }, text: t('status.' + status) });
}

// The steps of the SOP and where a location stands in them.
function sopStates(d) {
  const s = d.status;
  const st = { request: 'todo', approve: 'todo', survey: 'todo', active: 'todo' };
  if (s === 'new') st.request = 'current';
  if (s === 'rejected') Object.assign(st, { request: 'current', approve: 'refused' });
  if (s === 'requested') Object.assign(st, { request: 'done', approve: 'current' });
  if (s === 'approved') Object.assign(st, { request: 'done', approve: 'done', survey: 'current' });
  if (s === 'active') Object.assign(st, { request: 'done', approve: 'done', survey: 'done', active: 'done' });
  return st;
}

function renderLocDetail() {
  const d = loc.detail;
  const reqs = d.requests || [];
  const surveys = d.surveys || [];
  const last = reqs[reqs.length - 1];
  const decided = [...reqs].reverse().find((r) => r.decision);

  $('#loc-head').replaceChildren(
    el('div', { class: 'loc-head-main' },
      el('h2', { id: 'loc-title', text: d.name }), statusBadge(d.status)),
    el('p', { class: 'loc-sub', text: [kindLabel(d.kind), levelLabel(d.level), d.address].filter(Boolean).join(' · ') }),
    el('button', { type: 'button', class: 'btn btn-small', id: 'loc-edit', onclick: () => {
      fillLocForm(d);
      loc.editing = true;
      say($('#step-ok'), '');
      renderLocLayout();
      $('#lf-name').focus();
    } }, t('loc.editBtn')));

  const states = sopStates(d);
  const notes = {
    request: last ? t('sop.letter', { number: last.letter_number, date: fmtDate(last.letter_date) }) : '',
    approve: states.approve === 'refused' && decided ? t('sop.refused', { reason: decided.reason })
      : states.approve === 'done' && decided ? t('sop.by', { by: decided.decided_by, at: fmtDateTime(decided.decided_at) }) : '',
    survey: surveys.length ? t('sop.surveyed', { date: fmtDate(surveys[surveys.length - 1].date) }) : '',
    active: d.status === 'active' ? t('sop.activeNote') : '',
  };
  if (d.status === 'rejected') notes.request = '';
  $('#sop-steps').replaceChildren(...['request', 'approve', 'survey', 'active'].map((k, i) => el('li', {
    class: 'sop-step', dataset: { step: k, state: states[k] }, 'aria-current': states[k] === 'current' ? 'step' : null,
  },
  el('span', { class: 'sop-mark', 'aria-hidden': 'true' },
    states[k] === 'done' ? icon('i-ok') : states[k] === 'refused' ? icon('i-bad') : String(i + 1)),
  el('span', { class: 'sop-body' },
    el('span', { class: 'sop-name', text: t('sop.' + k) }),
    el('span', { class: 'sop-state', text: t('sop.state.' + states[k]) }),
    notes[k] ? el('span', { class: 'sop-note', text: notes[k] }) : null))));

  const s = d.status;
  show($('#request-form'), s === 'new' || s === 'rejected');
  const rej = $('#req-rejected');
  say(rej, s === 'rejected' && decided ? t('req.rejectedBefore', { reason: decided.reason }) : '');
  show($('#decide-box'), s === 'requested');
  show($('#decide-box .role-note'), session.role !== 'head' && session.role !== 'admin');
  $('#dec-letter').textContent = last ? t('dec.letter', { number: last.letter_number, date: fmtDate(last.letter_date) }) : '';
  show($('#survey-form'), s === 'approved');
  if (s === 'approved' && !$('#sur-date').value) $('#sur-date').value = fmtDate(todayWIB());
  show($('#active-box'), s === 'active');

  renderFacts(d);
  renderHistory(d);
}

function renderFacts(d) {
  const rows = [];
  const row = (label, ...value) => rows.push(el('div', { class: 'fact' }, el('dt', { text: label }), el('dd', {}, ...value)));
  if (d.address) row(t('loc.address'), d.address);
  if (d.contact) row(t('loc.contact'), d.contact);
  if (d.phone) row(t('loc.phone'), el('a', { href: `tel:${d.phone.replace(/[^\d+]/g, '')}`, text: d.phone }));
  if (d.lat != null && d.lon != null) {
    const lat = +(+d.lat).toFixed(6);
    const lon = +(+d.lon).toFixed(6);
    row(t('loc.point'), el('span', { class: 'mono', id: 'loc-point', text: `${lat}, ${lon}` }), ' ',
      el('a', { href: `${OSM_BASE}?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`, target: '_blank', rel: 'noopener noreferrer',
        class: 'map-link' }, icon('i-pin'), t('loc.openMap')));
  } else {
    row(t('loc.point'), el('span', { class: 'muted', text: t('loc.noPoint') }));
  }
  if (d.travel_minutes) row(t('loc.travel'), t('loc.minutes', { n: fmtNum(d.travel_minutes) }));
  row(t('loc.books'), t('loc.booksN', { n: fmtNum(d.books_per_visit) }));
  if (d.wishes) row(t('loc.wishes'), el('span', { class: 'pre', text: d.wishes }));
  if (d.card_number) row(t('loc.card'), el('span', { class: 'mono', text: d.card_number }));
  if (d.member_id) row(t('loc.member'), el('span', { class: 'mono', text: d.member_id }));
  if (d.notes) row(t('loc.notes'), el('span', { class: 'pre', text: d.notes }));
  $('#loc-facts').replaceChildren(el('h2', { id: 'facts-heading', text: t('loc.facts') }), el('dl', { class: 'facts' }, ...rows));
}

function renderHistory(d) {
  const items = [];
  for (const r of d.requests || []) {
    let decision;
    if (r.decision === 'approved') decision = el('p', { class: 'hist-decision', dataset: { decision: 'approved' } }, icon('i-ok'), t('hist.approved', { by: r.decided_by, at: fmtDateTime(r.decided_at) }));
    else if (r.decision === 'rejected') decision = el('p', { class: 'hist-decision', dataset: { decision: 'rejected' } }, icon('i-bad'), t('hist.rejected', { by: r.decided_by, at: fmtDateTime(r.decided_at), reason: r.reason }));
    else decision = el('p', { class: 'hist-decision', dataset: { decision: 'pending' } }, icon('i-info'), t('hist.pending'));
    items.push({ at: r.at, node: el('li', { class: 'hist-item', dataset: { kind: 'request' } },
      el('p', { class: 'hist-title' }, icon('i-doc'), t('hist.letter', { number: r.letter_number, date: fmtDate(r.letter_date) })),
      el('p', { class: 'hist-meta' }, t('hist.recorded', { by: r.by, at: fmtDateTime(r.at) }),
        r.file_id ? el('a', { class: 'hist-file', href: `/api/files/${r.file_id}`, target: '_blank', rel: 'noopener' }, t('hist.viewLetter')) : null),
      decision) });
  }
  for (const s of d.surveys || []) {
    const photos = (s.photo_ids || []).map((id, i) => el('a', { href: `/api/files/${id}`, target: '_blank', rel: 'noopener', class: 'thumb-link' },
      el('img', { class: 'thumb', src: `/api/files/${id}`, alt: t('hist.photo', { n: i + 1 }), loading: 'lazy' })));
    items.push({ at: s.at, node: el('li', { class: 'hist-item', dataset: { kind: 'survey' } },
      el('p', { class: 'hist-title' }, icon('i-pin'), t('hist.survey', { date: fmtDate(s.date) })),
      el('p', { class: 'hist-meta', text: t('hist.recorded', { by: s.by, at: fmtDateTime(s.at) }) }),
      s.notes ? el('p', { class: 'pre', text: t('hist.findings', { text: s.notes }) }) : null,
      s.vehicle_access ? el('p', { text: t('hist.access', { text: s.vehicle_access }) }) : null,
      photos.length ? el('div', { class: 'thumbs' }, ...photos) : null) });
  }
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)); // newest first
  $('#loc-history').replaceChildren(el('h2', { id: 'history-heading', text: t('hist.title') }),
    items.length ? el('ul', { class: 'hist-list' }, ...items.map((x) => x.node)) : el('p', { class: 'note', text: t('hist.none') }));
}

// mapsError says in plain words why a pasted map link gave no point; the
// server's own words follow in English.
function mapsError(message) {
  if (getLang() === 'en') return message.replace(/^maps_link:\s*(geo:\s*)?/, 'Location point: ');
  const short = /short link/i.test(message);
  return t(short ? 'loc.maps.short' : 'loc.maps.bad');
}

function fillLocForm(d) {
  $('#lf-name').value = d ? d.name : '';
  $('#lf-kind').value = d ? d.kind : 'school';
  $('#lf-level').value = d ? d.level : 'SD';
  $('#lf-address').value = d ? d.address || '' : '';
  $('#lf-contact').value = d ? d.contact || '' : '';
  $('#lf-phone').value = d ? d.phone || '' : '';
  $('#lf-maps').value = d && d.lat != null && d.lon != null ? `${d.lat}, ${d.lon}` : '';
  $('#lf-travel').value = d && d.travel_minutes ? String(d.travel_minutes) : '';
  $('#lf-books').value = d ? String(d.books_per_visit || 50) : '50';
  $('#lf-wishes').value = d ? d.wishes || '' : '';
  $('#lf-card').value = d ? d.card_number || '' : '';
  $('#lf-member').value = d ? d.member_id || '' : '';
  $('#lf-notes').value = d ? d.notes || '' : '';
  say($('#loc-form-error'), '');
  $('#lf-maps').removeAttribute('aria-invalid');
}

function fillSelects() {
  const kind = $('#lf-kind');
  const level = $('#lf-level');
  const kv = kind.value;
  const lv = level.value;
  kind.replaceChildren(...KINDS.map((k) => el('option', { value: k, text: kindLabel(k) })));
  level.replaceChildren(...LEVELS.map((l) => el('option', { value: l, text: levelLabel(l) })));
  kind.value = kv || 'school';
  level.value = lv || 'SD';
}

function wireLokasi() {
  fillSelects();
  $('#loc-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#loc-form-error');
    const name = $('#lf-name').value.trim();
    if (!name) {
      say(err, t('loc.needName'));
      $('#lf-name').focus();
      return;
    }
    const travel = intOf($('#lf-travel'));
    const books = intOf($('#lf-books'));
    if (Number.isNaN(travel)) { say(err, t('loc.badNumber', { field: t('loc.travel') })); $('#lf-travel').focus(); return; }
    if (Number.isNaN(books)) { say(err, t('loc.badNumber', { field: t('loc.books') })); $('#lf-books').focus(); return; }
    const body = {
      name, kind: $('#lf-kind').value, level: $('#lf-level').value,
      address: $('#lf-address').value.trim(), contact: $('#lf-contact').value.trim(), phone: $('#lf-phone').value.trim(),
      maps_link: $('#lf-maps').value.trim(), lat: null, lon: null,
      travel_minutes: travel || 0, books_per_visit: books || 0,
      notes: $('#lf-notes').value.trim(), wishes: $('#lf-wishes').value.trim(),
      card_number: $('#lf-card').value.trim(), member_id: $('#lf-member').value.trim(),
    };
    const creating = loc.selected === 'baru';
    await busy($('#loc-form-submit'), t('saving'), async () => {
      try {
        if (creating) {
          const r = await withLogin(() => request('/api/locations', { method: 'POST', body }));
          say(err, '');
          loc.editing = false;
          await loadLocations();
          loc.message = t('loc.created');
          go(`#lokasi/${r.id}`);
        } else {
          const id = loc.selected;
          const d = await withLogin(() => request(`/api/locations/${id}`, { method: 'PUT', body }));
          say(err, '');
          loc.editing = false;
          setDetail(d);
          renderLocLayout();
          say($('#step-ok'), t('loc.saved'));
        }
      } catch (ex) {
        const maps = ex.status === 400 && /^maps_link:/.test(ex.message);
        $('#lf-maps').toggleAttribute('aria-invalid', maps);
        say(err, maps ? mapsError(ex.message) : ex.message);
        if (maps) $('#lf-maps').focus();
      }
    });
  });
  $('#lf-maps').addEventListener('input', () => $('#lf-maps').removeAttribute('aria-invalid'));
  $('#loc-form-cancel').addEventListener('click', () => {
    say($('#loc-form-error'), '');
    if (loc.selected === 'baru') { go('#lokasi'); return; }
    loc.editing = false;
    renderLocLayout();
  });

  // A step of the SOP: run it, show the answer (the location as it is now).
  async function step(button, errNode, okText, fn, tone = '') {
    say($('#step-ok'), '');
    await busy(button, t('saving'), async () => {
      try {
        const d = await fn();
        say(errNode, '');
        setDetail(d);
        renderLocLayout();
        say($('#step-ok'), okText, tone);
        return true;
      } catch (ex) {
        say(errNode, ex.message);
        return false;
      }
    });
  }

  const reqFile = $('#req-file');
  reqFile.addEventListener('change', () => fileNames(reqFile, $('#req-file-name')));
  $('#request-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const errNode = $('#req-error');
    const number = $('#req-number').value.trim();
    const date = parseDate($('#req-date').value);
    if (!number) { say(errNode, t('req.needNumber')); $('#req-number').focus(); return; }
    if (!date) { say(errNode, t('date.bad')); $('#req-date').focus(); return; }
    const id = loc.selected;
    await step($('#req-submit'), errNode, t('req.done'), async () => {
      const body = { letter_number: number, letter_date: date };
      const file = reqFile.files && reqFile.files[0];
      if (file) body.file_id = await withLogin(() => upload(file));
      const d = await withLogin(() => request(`/api/locations/${id}/request`, { method: 'POST', body }));
      $('#request-form').reset();
      fileNames(reqFile, $('#req-file-name'));
      return d;
    });
  });

  $('#approve').addEventListener('click', async () => {
    const id = loc.selected;
    await step($('#approve'), $('#dec-error'), t('dec.approved'),
      () => withLogin(() => request(`/api/locations/${id}/approve`, { method: 'POST' })));
  });
  $('#reject-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const reason = $('#reject-reason').value.trim();
    if (!reason) { say($('#dec-error'), t('dec.needReason')); $('#reject-reason').focus(); return; }
    const id = loc.selected;
    await step($('#reject'), $('#dec-error'), t('dec.rejected'), async () => {
      const d = await withLogin(() => request(`/api/locations/${id}/reject`, { method: 'POST', body: { reason } }));
      $('#reject-reason').value = '';
      return d;
    }, 'info');
  });

  const photos = $('#sur-photos');
  photos.addEventListener('change', () => fileNames(photos, $('#sur-photos-name')));
  $('#survey-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const errNode = $('#sur-error');
    const date = parseDate($('#sur-date').value);
    if (!date) { say(errNode, t('date.bad')); $('#sur-date').focus(); return; }
    const id = loc.selected;
    const button = $('#sur-submit');
    await step(button, errNode, t('sur.done'), async () => {
      const files = [...(photos.files || [])];
      const ids = [];
      for (const [i, f] of files.entries()) {
        button.textContent = t('uploading', { n: i + 1, total: files.length });
        ids.push(await withLogin(() => upload(f)));
      }
      button.textContent = t('saving');
      const d = await withLogin(() => request(`/api/locations/${id}/survey`, { method: 'POST', body: {
        date, notes: $('#sur-notes').value.trim(), vehicle_access: $('#sur-access').value.trim(), photo_ids: ids,
      } }));
      $('#survey-form').reset();
      fileNames(photos, $('#sur-photos-name'));
      return d;
    });
  });
}

// ================================================================= Jadwal

const sched = {
  month: '', visits: [], loaded: false, fleet: null, fleetShown: false,
  lastGen: null, // {month, newIds:Set, unscheduled:[]}
  moving: null, rowMsg: null, // {id, text, bad}
  holidays: [], holYear: 0, holArmed: null, holAll: false,
};

function nextMonth() { return addMonths(thisMonth(), 1); }

async function openJadwal(arg) {
  const m = parseMonth(arg) || sched.month || nextMonth();
  if (m !== sched.month) {
    sched.month = m;
    sched.visits = [];
    sched.loaded = false;
    sched.moving = null;
    sched.rowMsg = null;
    say($('#gen-ok'), '');
    say($('#gen-error'), '');
  }
  setPlace(`#jadwal/${m}`);
  $('#month-input').value = monthText(m);
  renderMonth();
  renderSchedule();
  const year = Number(m.slice(0, 4));
  await Promise.all([loadFleet(), loadVisits(), year !== sched.holYear ? loadHolidays(year) : renderHolidays()]);
}

async function loadFleet() {
  if (sched.fleetShown) return;
  try {
    const f = await request('/api/schedule/fleet');
    sched.fleet = f;
    sched.fleetShown = true;
    if (f && f.vehicles) $('#gen-vehicles').value = String(f.vehicles);
    if (f && f.per_day) $('#gen-perday').value = String(f.per_day);
  } catch { /* the defaults (1 and 1) stand */ }
}

async function loadVisits() {
  const month = sched.month;
  try {
    const vs = await withLogin(() => request(`/api/visits?month=${month}`));
    if (month !== sched.month) return;
    sched.visits = Array.isArray(vs) ? vs : [];
    sched.loaded = true;
    say($('#sched-error'), '');
  } catch (e) {
    if (month !== sched.month) return;
    say($('#sched-error'), e.message);
  }
  renderSchedule();
}

async function loadHolidays(year) {
  try {
    const hs = await request(`/api/holidays?year=${year}`);
    sched.holidays = Array.isArray(hs) ? hs : [];
    sched.holYear = year;
    say($('#hol-error'), '');
  } catch (e) {
    say($('#hol-error'), e.message);
  }
  renderHolidays();
}

function renderMonth() {
  $('#month-name').textContent = sched.month ? monthName(sched.month) : '';
}

function vehicleCount() {
  const n = Number($('#gen-vehicles').value) || (sched.fleet && sched.fleet.vehicles) || 1;
  return Math.max(n, ...sched.visits.map((v) => v.vehicle || 0));
}

function renderSchedule() {
  const month = sched.month;
  $('#sched-title').textContent = t('sched.title', { month: monthName(month) });
  const lang = getLang();
  $('#exports').replaceChildren(...['csv', 'pdf', 'ics'].map((f) => el('a', {
    class: 'btn btn-small', href: `/api/schedule/${month}/export?format=${f}&lang=${lang}`, download: `jadwal-${month}.${f}`,
  }, icon('i-download'), t('exp.' + f))));

  const gen = sched.lastGen && sched.lastGen.month === month ? sched.lastGen : null;
  const uns = $('#unscheduled');
  if (gen && gen.unscheduled.length) {
    uns.replaceChildren(el('h2', { id: 'unsched-heading' }, icon('i-warn'), t('uns.title', { n: gen.unscheduled.length })),
      el('ul', { class: 'uns-list' }, ...gen.unscheduled.map((u) => el('li', {},
        el('a', { href: `#lokasi/${u.location_id}`, text: u.location_name }), ' — ',
        el('span', { title: u.message, text: t('uns.' + u.reason) !== 'uns.' + u.reason ? t('uns.' + u.reason) : u.message })))));
    uns.hidden = false;
  } else {
    uns.hidden = true;
  }

  const byDate = new Map();
  for (const v of [...sched.visits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.vehicle - b.vehicle) || a.id - b.id))) {
    if (!byDate.has(v.date)) byDate.set(v.date, []);
    byDate.get(v.date).push(v);
  }
  const days = [...byDate.entries()].map(([date, vs]) => el('section', { class: 'day', dataset: { date } },
    el('h3', { class: 'day-head' }, el('span', { text: fmtDay(date) }), el('span', { class: 'day-count', text: t('sched.count', { n: vs.length }) })),
    el('ul', { class: 'day-visits' }, ...vs.map((v) => visitRow(v, gen)))));
  $('#sched-days').replaceChildren(...days);
  const empty = $('#sched-empty');
  empty.textContent = t('sched.empty');
  show(empty, sched.loaded && sched.visits.length === 0);
}

function visitRow(v, gen) {
  const name = (v.location && v.location.name) || `#${v.location_id}`;
  const msg = sched.rowMsg && sched.rowMsg.id === v.id ? sched.rowMsg : null;
  const li = el('li', { class: 'sv', dataset: { visitId: String(v.id), locationId: String(v.location_id) } },
    el('span', { class: 'sv-vehicle' }, icon('i-truck'), v.vehicle ? t('sched.vehicle', { n: v.vehicle }) : t('sched.noVehicle')),
    el('span', { class: 'sv-name' },
      el('a', { href: `#lokasi/${v.location_id}`, text: name }),
      gen && gen.newIds.has(v.id) ? el('span', { class: 'badge badge-new', text: t('sched.new') }) : null),
    el('span', { class: 'sv-actions' },
      el('button', { type: 'button', class: 'btn btn-small sv-move', 'aria-expanded': sched.moving === v.id ? 'true' : 'false', onclick: () => {
        sched.moving = sched.moving === v.id ? null : v.id;
        sched.rowMsg = null;
        renderSchedule();
        const f = document.querySelector(`.move-form[data-visit-id="${v.id}"] input`);
        if (f) f.focus();
      } }, t('sched.move')),
      el('a', { class: 'btn btn-small sv-prep', href: `#persiapan/${v.id}` }, icon('i-list'), t('sched.prep'))));
  if (sched.moving === v.id) li.append(moveForm(v));
  if (msg) li.append(el('p', { class: msg.bad ? 'form-error row-msg' : 'form-ok row-msg', role: msg.bad ? 'alert' : 'status', text: msg.text }));
  return li;
}

function moveForm(v) {
  const date = el('input', { type: 'text', class: 'date-input', inputmode: 'numeric', autocomplete: 'off', placeholder: 'dd/mm/yyyy',
    maxlength: '10', 'aria-label': t('sched.date') });
  date.value = fmtDate(v.date);
  const n = vehicleCount();
  const vehicle = el('select', { 'aria-label': t('sched.vehicleLabel') }, ...Array.from({ length: n }, (_, i) => el('option', { value: String(i + 1), text: t('sched.vehicle', { n: i + 1 }) })));
  vehicle.value = String(v.vehicle || 1);
  const save = el('button', { type: 'submit', class: 'btn btn-small btn-primary' }, t('sched.save'));
  const form = el('form', { class: 'move-form', dataset: { visitId: String(v.id) }, novalidate: true },
    el('span', { class: 'move-label', text: t('sched.moveTo') }),
    date, vehicle,
    save,
    el('button', { type: 'button', class: 'btn btn-small', onclick: () => { sched.moving = null; sched.rowMsg = null; renderSchedule(); } }, t('cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const iso = parseDate(date.value);
    if (!iso) {
      sched.rowMsg = { id: v.id, text: t('date.bad'), bad: true };
      renderSchedule();
      return;
    }
    const veh = Number(vehicle.value);
    await busy(save, t('saving'), async () => {
      try {
        await withLogin(() => request(`/api/visits/${v.id}/schedule`, { method: 'PUT', body: { date: iso, vehicle: veh } }));
        sched.moving = null;
        sched.rowMsg = { id: v.id, text: t('sched.moved', { day: fmtDay(iso), vehicle: t('sched.vehicle', { n: veh }) }), bad: false };
        await loadVisits();
      } catch (ex) {
        sched.rowMsg = { id: v.id, text: ex.message, bad: true };
        renderSchedule();
        const f = document.querySelector(`.move-form[data-visit-id="${v.id}"] input`);
        if (f) { f.value = date.value; }
      }
    });
  });
  return form;
}

function renderHolidays() {
  const year = sched.holYear || Number((sched.month || thisMonth()).slice(0, 4));
  $('#hol-title').textContent = t('hol.title', { year });
  const month = sched.month;
  const inMonth = sched.holidays.filter((h) => h.date.slice(0, 7) === month);
  // The month's holidays are what matter for its schedule; the year on request.
  const shown = sched.holAll ? sched.holidays : inMonth;
  $('#hol-list').replaceChildren(...shown.map((h) => {
    const armed = sched.holArmed === h.date;
    return el('li', { class: 'hol', dataset: { date: h.date, thisMonth: sched.holAll && h.date.slice(0, 7) === month ? 'true' : 'false' } },
      el('span', { class: 'hol-date', text: fmtDay(h.date) }),
      el('span', { class: 'hol-name', text: h.name }),
      el('span', { class: 'hol-kind', text: h.kind === 'collective_leave' ? t('hol.collective_leave') : t('hol.national') }),
      h.provisional ? el('span', { class: 'badge badge-provisional', text: t('hol.provisional') }) : el('span'),
      el('button', { type: 'button', class: armed ? 'btn btn-small btn-danger' : 'btn btn-small', onclick: () => deleteHoliday(h) },
        armed ? t('hol.confirm') : t('hol.delete')));
  }));
  if (!shown.length) {
    $('#hol-list').append(el('li', { class: 'note', text: sched.holAll ? t('hol.none') : t('hol.noneMonth', { month: monthName(month) }) }));
  }
  const toggle = $('#hol-toggle');
  toggle.textContent = sched.holAll ? t('hol.showMonth', { month: monthName(month) }) : t('hol.showAll', { year, n: sched.holidays.length });
  toggle.setAttribute('aria-expanded', sched.holAll ? 'true' : 'false');
  toggle.hidden = !sched.holidays.length;
}

let holTimer = 0;
async function deleteHoliday(h) {
  if (sched.holArmed !== h.date) { // first press: ask once more
    sched.holArmed = h.date;
    renderHolidays();
    clearTimeout(holTimer);
    holTimer = setTimeout(() => { sched.holArmed = null; renderHolidays(); }, 5000);
    return;
  }
  sched.holArmed = null;
  clearTimeout(holTimer);
  try {
    await withLogin(() => request(`/api/holidays/${h.date}`, { method: 'DELETE' }));
    say($('#hol-error'), '');
  } catch (e) {
    say($('#hol-error'), e.message);
  }
  await loadHolidays(sched.holYear);
}

function wireJadwal() {
  const input = $('#month-input');
  const moveTo = (m) => { if (m) go(`#jadwal/${m}`); };
  $('#month-prev').addEventListener('click', () => moveTo(addMonths(sched.month || nextMonth(), -1)));
  $('#month-next').addEventListener('click', () => moveTo(addMonths(sched.month || nextMonth(), 1)));
  input.addEventListener('change', () => {
    const m = parseMonth(input.value);
    if (!m) { say($('#gen-error'), t('gen.badMonth')); return; }
    say($('#gen-error'), '');
    moveTo(m);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); input.dispatchEvent(new Event('change')); }
  });

  $('#gen-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#gen-error');
    const month = parseMonth(input.value);
    if (!month) { say(err, t('gen.badMonth')); input.focus(); return; }
    const vehicles = intOf($('#gen-vehicles'));
    const perDay = intOf($('#gen-perday'));
    if (!vehicles || !perDay || vehicles > 20 || perDay > 4) { say(err, t('gen.badFleet')); return; }
    say($('#gen-ok'), '');
    await busy($('#gen-submit'), t('gen.busy'), async () => {
      try {
        const r = await withLogin(() => request('/api/schedule/generate', { method: 'POST', body: { month, vehicles, per_day: perDay }, timeout: 60000 }));
        say(err, '');
        const visits = (r && r.visits) || [];
        const fresh = visits.filter((v) => v.new);
        sched.lastGen = { month, newIds: new Set(fresh.map((v) => v.visit_id)), unscheduled: (r && r.unscheduled) || [] };
        sched.fleet = (r && r.fleet) || sched.fleet;
        if (month !== sched.month) {
          sched.month = month;
          setPlace(`#jadwal/${month}`);
          renderMonth();
          const year = Number(month.slice(0, 4));
          if (year !== sched.holYear) loadHolidays(year);
        }
        await loadVisits();
        say($('#gen-ok'), fresh.length ? t('gen.done', { month: monthName(month), n: fmtNum(fresh.length) }) : t('gen.none', { month: monthName(month) }));
      } catch (ex) {
        say(err, ex.message);
      }
    });
  });

  $('#hol-toggle').addEventListener('click', () => { sched.holAll = !sched.holAll; renderHolidays(); });

  $('#hol-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#hol-error');
    const date = parseDate($('#hol-date').value);
    const name = $('#hol-name').value.trim();
    if (!date) { say(err, t('date.bad')); $('#hol-date').focus(); return; }
    if (!name) { say(err, t('hol.needName')); $('#hol-name').focus(); return; }
    await busy($('#hol-submit'), t('saving'), async () => {
      try {
        await withLogin(() => request(`/api/holidays/${date}`, { method: 'PUT', body: { name, kind: $('#hol-kind').value } }));
        say(err, '');
        $('#hol-form').reset();
        await loadHolidays(Number(date.slice(0, 4)));
      } catch (ex) {
        say(err, ex.message);
      }
    });
  });
}

// ============================================================== Persiapan

const prep = { id: null, visit: null, data: null, loading: false, again: false, countFor: null, armed: false, inflight: new Set(), short: '' };

async function openPersiapan(arg) {
  const id = /^\d+$/.test(arg) ? Number(arg) : null;
  show($('#prep-choose'), id === null);
  show($('#prep-visit'), id !== null);
  if (id === null) {
    prep.id = null;
    await loadUpcoming();
    return;
  }
  if (id !== prep.id) {
    prep.id = id;
    prep.visit = null;
    prep.data = null;
    prep.armed = false;
    prep.short = '';
    say($('#drop-warn'), '');
    say($('#drop-error'), '');
    say($('#check-error'), '');
    say($('#step-error'), '');
    renderPrep();
  }
  await Promise.all([loadVisit(id), refreshPrep()]);
}

async function loadUpcoming() {
  const today = todayWIB();
  const months = [thisMonth(), addMonths(thisMonth(), 1)];
  try {
    const lists = await Promise.all(months.map((m) => withLogin(() => request(`/api/visits?month=${m}`))));
    const vs = lists.flat().filter((v) => v.date >= today)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.vehicle - b.vehicle) || a.id - b.id)).slice(0, 40);
    say($('#prep-choose-error'), '');
    $('#prep-upcoming').replaceChildren(...vs.map((v) => el('li', {},
      el('a', { class: 'upcoming-item', href: `#persiapan/${v.id}`, dataset: { visitId: String(v.id) } },
        el('span', { class: 'upcoming-date', text: fmtDay(v.date) }),
        el('span', { class: 'upcoming-name', text: (v.location && v.location.name) || `#${v.location_id}` }),
        el('span', { class: 'upcoming-sub', text: v.vehicle ? t('sched.vehicle', { n: v.vehicle }) : '' })))));
    if (!vs.length) $('#prep-upcoming').append(el('li', { class: 'note', text: t('prep.noUpcoming') }));
  } catch (e) {
    say($('#prep-choose-error'), e.message);
  }
}

async function loadVisit(id) {
  try {
    const v = await withLogin(() => request(`/api/visits/${id}`));
    if (prep.id !== id) return;
    prep.visit = v;
    if (prep.countFor !== id) { // the count starts at the location's own number, once per visit
      prep.countFor = id;
      $('#drop-count').value = String((v.location && v.location.books_per_visit) || 50);
    }
    say($('#prep-error'), '');
  } catch (e) {
    if (prep.id === id) say($('#prep-error'), e.message);
  }
  renderPrep();
}

// refreshPrep reads the preparation again; a call while one is on its way
// makes one more read after it (the answer may predate a change).
async function refreshPrep(asked = false) {
  const id = prep.id;
  if (!id) return;
  if (prep.loading) { prep.again = true; return; }
  prep.loading = true;
  prep.again = false;
  let err = null;
  try {
    const d = await request(`/api/visits/${id}/preparation`);
    if (prep.id === id) prep.data = d;
  } catch (e) {
    err = e;
  } finally {
    prep.loading = false;
  }
  if (prep.id !== id) return;
  if (err && needsLogin(err) && !asked) { // LAN mode with no session: ask, then read again
    if (await askLogin(err.needRole, err.status === 403)) return refreshPrep(true);
    say($('#prep-error'), t('login.cancelledAny'));
    return;
  }
  say($('#prep-error'), err ? err.message : '');
  renderPrep();
  if (prep.again) await refreshPrep();
}

function renderPrep() {
  const v = prep.visit;
  const d = prep.data;
  if (!prep.id) return;
  const head = $('#prep-head');
  if (v) {
    const l = v.location || {};
    head.replaceChildren(
      el('div', { class: 'prep-head-main' },
        el('h2', { id: 'prep-title', text: l.name || `#${v.location_id}` }),
        el('span', { class: 'prep-visit-no', text: t('prep.visitNo', { id: v.id }) })),
      el('p', { class: 'prep-when' }, el('span', { class: 'prep-date' }, icon('i-calendar'), fmtDay(v.date)),
        v.vehicle ? el('span', { class: 'prep-vehicle' }, icon('i-truck'), t('sched.vehicle', { n: v.vehicle })) : null),
      el('p', { class: 'prep-sub', text: [levelLabel(l.level), l.books_per_visit ? t('prep.perVisit', { n: l.books_per_visit }) : ''].filter(Boolean).join(' · ') }),
      el('p', { class: 'prep-links' },
        el('a', { href: `#lokasi/${v.location_id}`, text: t('prep.location') }),
        el('a', { href: `#jadwal/${v.date.slice(0, 7)}`, text: t('prep.schedule') })));
  } else {
    head.replaceChildren(el('p', { class: 'note', text: '…' }));
  }
  $('#pack-link').href = `/?visit=${prep.id}`;

  const listed = d ? d.listed : 0;
  const drop = $('#drop-submit');
  drop.textContent = prep.armed ? t('drop.confirm') : t(listed > 0 ? 'drop.remake' : 'drop.make');
  // One obvious next action: the list (none yet), then packing, then the trip.
  drop.classList.toggle('btn-danger', prep.armed);
  drop.classList.toggle('btn-primary', !prep.armed && listed === 0);
  $('#pack-link').classList.toggle('btn-primary', !!d && listed > 0 && d.to_go > 0);
  if (prep.armed) say($('#drop-warn'), t('drop.confirmText', { n: fmtNum(listed) }));
  else say($('#drop-warn'), prep.short);

  show($('#prep-actions'), !!d);
  show($('#print-list'), listed > 0);

  const progress = $('#progress');
  if (d && listed > 0) {
    progress.hidden = false;
    const done = d.to_go === 0;
    progress.dataset.done = done ? 'true' : 'false';
    $('#progress-big').replaceChildren(
      el('span', { class: 'progress-of', id: 'progress-of', text: t('prog.of', { packed: fmtNum(d.packed), listed: fmtNum(listed) }) }),
      el('span', { class: 'progress-togo', id: 'progress-togo' }, done ? icon('i-ok') : null, done ? t('prog.done') : t('prog.togo', { n: fmtNum(d.to_go) })));
    const bar = $('#progress-bar');
    bar.hidden = false;
    bar.max = listed;
    bar.value = d.packed;
    $('#progress-baskets').replaceChildren(...(d.by_basket || []).map((b) => el('li', { class: 'basket-pill' },
      icon('i-basket'), el('span', { text: b.code || t('prog.basketNone') }), el('b', { text: fmtNum(b.count) }))));
    say($('#progress-extra'), d.packed_extra > 0 ? t('prog.extra', { n: fmtNum(d.packed_extra) }) : '');
  } else {
    progress.hidden = !d;
    if (d) {
      progress.dataset.done = 'false';
      $('#progress-big').replaceChildren(el('span', { class: 'progress-none', text: t('prog.noList') }));
      $('#progress-bar').hidden = true;
      $('#progress-baskets').replaceChildren();
      say($('#progress-extra'), d.packed_extra > 0 ? t('prog.extra', { n: fmtNum(d.packed_extra) }) : '');
    }
  }

  const items = d ? sortedItems(d.items || []) : [];
  const table = $('#pick-table');
  table.hidden = items.length === 0;
  $('#pick-body').replaceChildren(...items.map((it, i) => el('tr', { dataset: { code: it.code, packed: it.packed ? 'true' : 'false' } },
    el('td', { class: 'num', text: String(i + 1) }),
    el('td', { class: 'mono', text: it.call_number || '—' }),
    el('td', { class: 'mono pick-code', text: it.code }),
    el('td', { class: 'pick-title' }, it.title || '', it.requested ? el('span', { class: 'badge badge-requested', text: t('pick.requested') }) : null),
    el('td', { text: levelLabel(it.level) }),
    el('td', { class: 'pick-packed' }, it.packed ? icon('i-ok') : null,
      el('span', { text: it.packed ? (it.basket || t('pick.packed')) : t('pick.notYet') })))));

  for (const key of CHECK_KEYS) {
    const mark = d && d.checklist ? d.checklist[key] : null;
    const label = document.querySelector(`.check[data-key="${key}"]`);
    const box = label.querySelector('input');
    if (!prep.inflight.has(key)) box.checked = !!mark;
    box.disabled = !d;
    label.dataset.done = mark ? 'true' : 'false';
    label.querySelector('.check-who').textContent = mark ? t('check.by', { by: mark.by, at: fmtDateTime(mark.at) }) : '';
  }

  renderReady(d);
  renderTimeline(d);
  renderPrintSheet(items);
}

function sortedItems(items) {
  const coll = new Intl.Collator('id', { numeric: true, sensitivity: 'base' });
  return [...items].sort((a, b) => coll.compare(a.call_number || '\uffff', b.call_number || '\uffff') || coll.compare(a.code, b.code));
}

function missingWhat(d) {
  const parts = [];
  if (d.listed > 0 && d.to_go > 0) parts.push(t('ready.books', { n: fmtNum(d.to_go) }));
  if (d.listed === 0 && !d.ready) parts.push(t('ready.noList'));
  const open = CHECK_KEYS.filter((k) => !(d.checklist && d.checklist[k])).length;
  if (open) parts.push(t('ready.items', { n: open }));
  return parts.join(' · ');
}

function renderReady(d) {
  const box = $('#prep-ready');
  if (!d) { box.hidden = true; return; }
  const prepared = d.steps && d.steps.prepared;
  box.hidden = false;
  if (d.ready && prepared) {
    box.dataset.ready = 'true';
    box.replaceChildren(icon('i-ok', 'icon ready-icon'), el('span', { id: 'ready-text', text: t('ready.yes', { at: fmtDateTime(prepared.at) }) }));
  } else if (prepared) {
    box.dataset.ready = 'lost';
    box.replaceChildren(icon('i-warn', 'icon ready-icon'), el('span', { id: 'ready-text', text: t('ready.lost', { at: fmtDateTime(prepared.at), what: missingWhat(d) }) }));
  } else {
    box.dataset.ready = 'false';
    box.replaceChildren(icon('i-info', 'icon ready-icon'), el('span', { id: 'ready-text', text: t('ready.no', { what: missingWhat(d) || '…' }) }));
  }
}

function renderTimeline(d) {
  const steps = (d && d.steps) || {};
  const order = (d && d.step_order) || STEP_ORDER;
  const next = order.find((s) => !steps[s]);
  $('#timeline').replaceChildren(...order.map((s) => {
    const m = steps[s];
    const state = m ? 'done' : s === next ? 'next' : 'todo';
    return el('li', { class: 'tl-step', dataset: { step: s, state }, 'aria-current': state === 'next' ? 'step' : null },
      el('span', { class: 'tl-mark', 'aria-hidden': 'true' }, m ? icon('i-ok') : null),
      el('span', { class: 'tl-name', text: t('step.' + s) }),
      el('span', { class: 'tl-time', text: m ? `${fmtDateTime(m.at)} · ${m.by}` : '—' }));
  }));
  const btn = $('#step-next');
  const hint = $('#step-hint');
  if (!d) { btn.hidden = true; hint.hidden = true; return; }
  if (!next) {
    btn.hidden = true;
    say(hint, t('step.allDone'));
  } else if (next === 'prepared') {
    btn.hidden = true;
    say(hint, t('step.autoHint'));
  } else {
    say(hint, '');
    btn.hidden = false;
    btn.dataset.step = next;
    if (!btn.disabled) btn.textContent = t('stepBtn.' + next);
  }
}

function renderPrintSheet(items) {
  const v = prep.visit;
  const sheet = $('#print-sheet');
  if (!v || !items.length) { sheet.replaceChildren(); return; }
  const l = v.location || {};
  sheet.replaceChildren(
    el('h1', { text: `${t('print.title')} — ${l.name || ''}` }),
    el('p', { class: 'print-meta', text: [fmtDay(v.date), v.vehicle ? t('sched.vehicle', { n: v.vehicle }) : '', levelLabel(l.level)].filter(Boolean).join(' · ') }),
    el('p', { class: 'print-meta', text: t('print.meta', { id: v.id, n: items.length, at: fmtDateTime(new Date().toISOString()) }) }),
    el('table', { class: 'print-table' },
      el('thead', {}, el('tr', {}, ...['col.no', 'col.call', 'col.code', 'col.title', 'col.level', 'col.tick'].map((k) => el('th', { scope: 'col', text: t(k) })))),
      el('tbody', {}, ...items.map((it, i) => el('tr', {},
        el('td', { text: String(i + 1) }), el('td', { text: it.call_number || '' }), el('td', { text: it.code }),
        el('td', { text: it.title || '' }), el('td', { text: levelLabel(it.level) }), el('td', { class: 'print-tick', text: '☐' }))))));
}

let armTimer = 0;
function wirePersiapan() {
  $('#drop-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = prep.id;
    const count = intOf($('#drop-count'));
    if (!count || count > 1000) { say($('#drop-error'), t('drop.badCount')); $('#drop-count').focus(); return; }
    if (prep.data && prep.data.listed > 0 && !prep.armed) { // replacing a list: ask once more
      prep.armed = true;
      renderPrep();
      clearTimeout(armTimer);
      armTimer = setTimeout(() => { prep.armed = false; renderPrep(); }, 8000);
      return;
    }
    prep.armed = false;
    clearTimeout(armTimer);
    prep.short = '';
    await busy($('#drop-submit'), t('drop.busy'), async () => {
      try {
        const r = await withLogin(() => request(`/api/visits/${id}/dropping-list`, { method: 'POST', body: { count }, timeout: 60000 }));
        const n = (r && r.items ? r.items.length : 0);
        const asked = (r && r.asked) || count;
        prep.short = n < asked ? t('drop.short', { n: fmtNum(n), asked: fmtNum(asked) }) : '';
        say($('#drop-error'), '');
      } catch (ex) {
        say($('#drop-error'), ex.message);
      }
    });
    await refreshPrep();
    renderPrep();
  });

  for (const box of document.querySelectorAll('[data-check]')) {
    box.addEventListener('change', async () => {
      const key = box.dataset.check;
      const id = prep.id;
      const done = box.checked;
      prep.inflight.add(key);
      try {
        const d = await withLogin(() => request(`/api/visits/${id}/checklist/${key}`, { method: 'PUT', body: { done } }));
        if (prep.id === id) prep.data = d;
        say($('#check-error'), '');
      } catch (ex) {
        box.checked = !done;
        say($('#check-error'), ex.message);
      } finally {
        prep.inflight.delete(key);
      }
      renderPrep();
    });
  }

  const stepBtn = $('#step-next');
  stepBtn.addEventListener('click', async () => {
    const id = prep.id;
    const step = stepBtn.dataset.step;
    if (!step) return;
    stepBtn.disabled = true;
    stepBtn.textContent = t('saving');
    try {
      const d = await withLogin(() => request(`/api/visits/${id}/steps`, { method: 'POST', body: { step } }));
      if (prep.id === id) prep.data = d;
      say($('#step-error'), '');
    } catch (ex) {
      say($('#step-error'), ex.message);
    } finally {
      stepBtn.disabled = false;
    }
    renderPrep();
  });

  $('#print-list').addEventListener('click', () => window.print());

  // Packing happens on the operator screen: follow it while this is shown.
  setInterval(() => {
    if (tab === 'persiapan' && prep.id && !document.hidden) refreshPrep();
  }, 3000);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && tab === 'persiapan' && prep.id) refreshPrep();
  });
  window.addEventListener('focus', () => { if (tab === 'persiapan' && prep.id) refreshPrep(); });
}

// ================================================================ Riwayat

const audit = { rows: null };

async function openRiwayat() {
  await loadAudit();
}

async function loadAudit() {
  const err = $('#audit-error');
  try {
    const rows = await withLogin(() => request('/api/audit?limit=200'));
    audit.rows = Array.isArray(rows) ? rows : [];
    say(err, '');
    $('#audit-login').hidden = true;
    if (!loc.loaded) await loadLocations(); // location names for the "about" column
  } catch (e) {
    audit.rows = null;
    say(err, e.message);
    $('#audit-login').hidden = !(e.cancelled || needsLogin(e));
  }
  renderAudit();
}

function auditSubject(r) {
  const label = t('subj.' + r.subject) !== 'subj.' + r.subject ? t('subj.' + r.subject) : r.subject;
  if (r.subject === 'location' && r.subject_id) {
    const l = loc.list.find((x) => x.id === r.subject_id);
    return el('a', { href: `#lokasi/${r.subject_id}`, text: l ? l.name : `${label} #${r.subject_id}` });
  }
  if (r.subject === 'visit' && r.subject_id) return el('a', { href: `#persiapan/${r.subject_id}`, text: `${label} #${r.subject_id}` });
  if (r.subject === 'file' && r.subject_id) return el('a', { href: `/api/files/${r.subject_id}`, target: '_blank', rel: 'noopener', text: `${label} #${r.subject_id}` });
  return el('span', { text: r.subject_id ? `${label} #${r.subject_id}` : label });
}

function auditDetail(r) {
  if (r.action === 'checklist.tick' || r.action === 'checklist.untick') return t('check.' + r.detail) !== 'check.' + r.detail ? t('check.' + r.detail) : r.detail;
  return r.detail || '';
}

function renderAudit() {
  const table = $('#audit-table');
  const rows = audit.rows;
  table.hidden = !rows;
  if (!rows) return;
  const body = $('#audit-body');
  if (!rows.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '5', class: 'note', text: t('audit.empty') })));
    return;
  }
  body.replaceChildren(...rows.map((r) => el('tr', { dataset: { action: r.action } },
    el('td', { class: 'audit-when', text: fmtDateTime(r.at) }),
    el('td', {}, el('span', { class: 'audit-user', text: r.user }), el('span', { class: 'audit-role', text: roleLabel(r.role) })),
    el('td', { class: 'audit-what', text: t('act.' + r.action) !== 'act.' + r.action ? t('act.' + r.action) : r.action }),
    el('td', {}, auditSubject(r)),
    el('td', { class: 'audit-detail', text: auditDetail(r) }))));
}

function wireRiwayat() {
  $('#audit-refresh').addEventListener('click', () => loadAudit());
  $('#audit-login').addEventListener('click', async () => {
    if (await askLogin('coordinator', !!csrf)) loadAudit();
  });
}

// ================================================================== start

async function start() {
  initLang($('#lang-switch'));
  wireLogin();
  wireLokasi();
  wireJadwal();
  wirePersiapan();
  wireRiwayat();
  onLangChange(() => {
    fillSelects();
    renderWho();
    renderLoginText();
    setTitle();
    renderLocList();
    renderLocLayout();
    if (sched.month) { renderMonth(); renderSchedule(); renderHolidays(); }
    renderPrep();
    renderAudit();
  });
  window.addEventListener('hashchange', route);
  await loadSession();
  if (session.lan && !session.user) await askLogin('', false);
  route();
}

start();
