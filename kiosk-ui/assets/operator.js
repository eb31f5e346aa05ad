// The operator page: without ?visit= a visit picker; with ?visit=ID the
// scanning screen (mode buttons, scan field, flash, last scans, tally,
// devices). In LAN mode a sign-in form comes first (session.js) and the
// school screen is paired by QR code (pair.js).

import {
  $, el, icon, t, addDict, initLang, onLangChange, api, VisitSocket, renderTally, renderConn, fitText,
  fmtDate, fmtTime, fmtNum, todayWIB, parseDate, addDays, kindLabel, levelLabel, modeLabel, MODES, MODE_ICON, RELEVANT, KINDS, LEVELS,
  outcomeCategory, outcomeWord, outcomeReason, itemTitle, CATEGORY_ICON, tone, toneFor, unlockAudio,
  nameOutstanding,
} from '{{asset:common.js}}';
import { initSignoff } from '{{asset:signoff.js}}';
import { initDocs, showReceipt } from '{{asset:docs.js}}';
import { initMembers } from '{{asset:members.js}}';
import { startSession, onResume, loginShown, checkSession, placeSessionUi, session } from '{{asset:session.js}}';
import { initPair, openPair, pairOpen, closePair } from '{{asset:pair.js}}';
import { initCamera } from '{{asset:camera.js}}';

addDict({
  id: {
    'picker.title': 'Pilih kunjungan', 'picker.visits': 'Kunjungan', 'picker.date': 'Tanggal',
    'picker.none': 'Belum ada kunjungan pada tanggal ini.',
    'picker.active': 'Pemindai perangkat sedang mengisi: {name} (#{id})',
    'picker.activeBadge': 'aktif untuk pemindai',
    'visit.new': 'Kunjungan baru', 'visit.location': 'Lokasi', 'visit.date': 'Tanggal', 'visit.create': 'Buat kunjungan',
    'visit.noLocations': '— Tambahkan lokasi dahulu —', 'visit.chooseLocation': 'Pilih lokasi kunjungan.',
    'picker.badDate': 'Tanggal tidak valid — tulis seperti 27/11/2026.',
    'picker.prev': 'Hari sebelumnya', 'picker.next': 'Hari berikutnya', 'picker.today': 'Hari ini',
    'visit.pickLocation': '— Pilih lokasi —',
    'loc.new': 'Lokasi baru', 'loc.name': 'Nama', 'loc.kind': 'Jenis', 'loc.level': 'Jenjang', 'loc.address': 'Alamat',
    'loc.contact': 'Kontak', 'loc.create': 'Tambah lokasi', 'loc.created': 'Lokasi “{name}” ditambahkan.',
    'loc.nameRequired': 'Isi nama lokasi.',
    'scan.label': 'Pindai atau ketik kode buku', 'scan.placeholder': 'Pindai barcode…', 'scan.send': 'Kirim',
    'scan.manual': 'Diketik manual — tekan Kirim untuk mengirim',
    'scan.windowBlur': 'Jendela ini tidak aktif — klik di sini agar pemindaian masuk',
    'scan.sending': 'Mengirim…',
    'basket.current': 'Keranjang:', 'basket.none': 'tanpa keranjang', 'baskets': 'Per keranjang',
    'baskets.none': 'Belum ada buku dikemas.',
    'last.title': 'Pemindaian terakhir', 'last.empty': 'Belum ada pemindaian.',
    'undo': 'Batalkan', 'undo.label': 'Batalkan pemindaian terakhir (Ctrl+Z): {title}',
    'flash.voided': 'Dibatalkan', 'flash.notSaved': 'Tidak tersimpan', 'flash.ready': 'Siap memindai',
    'flash.readyHint': 'Pindai barcode buku atau label keranjang',
    'flash.more': '+{n} lainnya',
    'viewer.open': 'Layar sekolah', 'demo.barcodes': 'Kode batang demo', 'visit.change': 'Ganti kunjungan',
    'coordinator.open': 'Koordinator', 'coordinator.pageLink': 'Koordinator: lokasi, jadwal, persiapan',
    'pack.progress': '{packed} dari {listed} dikemas, {togo} lagi', 'pack.done': 'Semua {listed} buku daftar sudah dikemas',
    'pack.extra': '{n} buku di luar daftar', 'pack.prep': 'Daftar buku & persiapan',
    'devices': 'Perangkat', 'dev.connected': 'Terhubung', 'dev.disconnected': 'Terputus', 'dev.error': 'Galat',
    'dev.none': 'Tidak ada perangkat terpasang — gunakan kolom pindai.',
    'dev.detail': '{driver} {path} · {scans} pindaian · {errors} galat',
    'banner.ws': 'Koneksi ke server terputus — menyambung ulang… Angka di layar mungkin belum terbaru.',
    'banner.devDisconnected': 'Perangkat “{name}” terputus — periksa kabel atau colokan USB.',
    'banner.devError': 'Perangkat “{name}” galat: {error}',
    'banner.scan': 'Pemindaian TIDAK tersimpan: {error} — kode {codes}. Kirim ulang atau pindai ulang.',
    'banner.retry': 'Kirim ulang', 'banner.dismiss': 'Abaikan', 'banner.tryAgain': 'Coba lagi',
    'banner.active': 'Pemindai perangkat belum diarahkan ke kunjungan ini: {error}',
    'banner.activeOther': 'Pemindai perangkat sedang mengisi kunjungan lain (#{id}), bukan kunjungan ini.',
    'banner.makeActive': 'Arahkan ke kunjungan ini',
    'banner.undo': 'Pembatalan gagal: {error}', 'banner.mode': 'Mode tidak berubah: {error}',
    'banner.load': 'Kunjungan tidak dapat dimuat: {error}',
    'visit.notFound': 'Kunjungan #{id} tidak ditemukan.',
    'storage.disk_full': 'Disk laptop penuh — pemindaian TIDAK tersimpan. Kosongkan ruang disk; kios pulih sendiri.',
    'storage.read_only': 'Basis data tidak dapat ditulis — pemindaian TIDAK tersimpan.',
    'storage.other': 'Penyimpanan bermasalah — pemindaian TIDAK tersimpan.',
    'scan.placeholderStorage': 'TIDAK tersimpan — lihat pesan merah',
    'source.page': 'kolom pindai', 'source.manual': 'ketikan manual',
    'scanError.reason': 'Dari {source}: {error}',
    'banner.scanError': 'Pemindaian dari {source} TIDAK tersimpan: {codes} — {error}. Pindai ulang setelah masalahnya teratasi.',
    'noVisit.reason': 'Dari {source} tanpa kunjungan aktif — tidak dihitung',
    'banner.noVisit': 'Pemindaian dari {source} tanpa kunjungan aktif: {codes} — tidak dihitung di kunjungan ini.',
    'banner.noVisitNowActive': 'Pemindaian dari {source} tanpa kunjungan aktif: {codes} — kunjungan ini sekarang aktif: pindai ulang buku itu.',
    'banner.makeThisActive': 'Jadikan kunjungan ini aktif',
    'rfid.field': 'Di area baca sekarang', 'rfid.unit': 'tag', 'rfid.unitOne': 'tag',
    'rfid.settled': 'stabil', 'rfid.changing': 'berubah…',
    'rfid.bind': 'Pasangkan tag', 'rfid.cancel': 'Batal', 'rfid.bindOne': 'Pasangkan',
    'rfid.bindOneLabel': 'Pasangkan tag {epc} ke sebuah buku',
    'rfid.unmapped': 'Tag tanpa buku', 'rfid.more': '+{n} lainnya',
    'rfid.awaitBarcode': 'Pindai barcode buku',
    'rfid.awaitBarcodeFor': 'Pindai barcode buku untuk tag {epc}',
    'rfid.placeholder': 'Pindai barcode buku untuk tag…',
    'rfid.arming': 'Mencari buku {code}…',
    'rfid.awaitTag': 'Tempelkan tag buku “{title}” ke pembaca',
    'rfid.othersNear': 'Tag lain tanpa buku juga terbaca: jauhkan dari pembaca, sisakan satu tag saja.',
    'rfid.left': 'sisa {s} detik',
    'rfid.escHint': 'Esc atau Batal untuk membatalkan',
    'rfid.bound': 'Tag {epc} dipasangkan ke “{title}”',
    'rfid.boundWord': 'Tag dipasangkan',
    'rfid.failWord': 'Tag tidak dipasangkan',
    'rfid.failed': 'Tag {epc} tidak dipasangkan ke “{title}”: {error}',
    'rfid.notFound': 'Tidak ada buku dengan kode {code} di katalog.',
    'rfid.armFailed': 'Pemasangan tidak dimulai ({code}): {error}',
    'rfid.timeout': 'Waktu habis: tidak ada tag tanpa buku yang terbaca. Coba lagi.',
    'rfid.cancelled': 'Pemasangan tag dibatalkan.',
    'rfid.takenOver': 'Pemasangan tag dibatalkan atau diambil alih dari layar lain.',
    'rfid.cancelFailed': 'Pembatalan di server gagal: {error} — pemasangan berakhir sendiri dalam 30 detik.',
  },
  en: {
    'picker.title': 'Choose a visit', 'picker.visits': 'Visits', 'picker.date': 'Date',
    'picker.none': 'No visits on this date yet.',
    'picker.active': 'Hardware scanners are feeding: {name} (#{id})',
    'picker.activeBadge': 'active for scanners',
    'visit.new': 'New visit', 'visit.location': 'Location', 'visit.date': 'Date', 'visit.create': 'Create visit',
    'visit.noLocations': '— Add a location first —', 'visit.chooseLocation': 'Choose the location to visit.',
    'picker.badDate': 'Not a valid date — write it like 27/11/2026.',
    'picker.prev': 'Previous day', 'picker.next': 'Next day', 'picker.today': 'Today',
    'visit.pickLocation': '— Choose a location —',
    'loc.new': 'New location', 'loc.name': 'Name', 'loc.kind': 'Kind', 'loc.level': 'Level', 'loc.address': 'Address',
    'loc.contact': 'Contact', 'loc.create': 'Add location', 'loc.created': 'Location “{name}” added.',
    'loc.nameRequired': 'Fill in the name of the location.',
    'scan.label': 'Scan or type a book code', 'scan.placeholder': 'Scan a barcode…', 'scan.send': 'Send',
    'scan.manual': 'Typed by hand — press Send to send it',
    'scan.windowBlur': 'This window is not active — click here so that scans arrive',
    'scan.sending': 'Sending…',
    'basket.current': 'Basket:', 'basket.none': 'no basket', 'baskets': 'Per basket',
    'baskets.none': 'Nothing packed yet.',
    'last.title': 'Last scans', 'last.empty': 'No scans yet.',
    'undo': 'Undo', 'undo.label': 'Undo the last scan (Ctrl+Z): {title}',
    'flash.voided': 'Undone', 'flash.notSaved': 'Not saved', 'flash.ready': 'Ready to scan',
    'flash.readyHint': 'Scan a book barcode or a basket label',
    'flash.more': '+{n} more',
    'viewer.open': 'School screen', 'demo.barcodes': 'Demo barcodes', 'visit.change': 'Change visit',
    'coordinator.open': 'Coordinator', 'coordinator.pageLink': 'Coordinator: locations, schedule, preparation',
    'pack.progress': '{packed} of {listed} packed, {togo} to go', 'pack.done': 'All {listed} books of the list are packed',
    'pack.extra': '{n} books not on the list', 'pack.prep': 'Book list & preparation',
    'devices': 'Devices', 'dev.connected': 'Connected', 'dev.disconnected': 'Disconnected', 'dev.error': 'Error',
    'dev.none': 'No devices configured — use the scan field.',
    'dev.detail': '{driver} {path} · {scans} scans · {errors} errors',
    'banner.ws': 'Lost the connection to the server — reconnecting… The numbers may be out of date.',
    'banner.devDisconnected': 'Device “{name}” is disconnected — check the cable or USB plug.',
    'banner.devError': 'Device “{name}” failed: {error}',
    'banner.scan': 'Scan NOT saved: {error} — code {codes}. Resend or scan again.',
    'banner.retry': 'Resend', 'banner.dismiss': 'Dismiss', 'banner.tryAgain': 'Try again',
    'banner.active': 'Hardware scanners are not yet feeding this visit: {error}',
    'banner.activeOther': 'Hardware scanners are feeding another visit (#{id}), not this one.',
    'banner.makeActive': 'Feed this visit',
    'banner.undo': 'Undo failed: {error}', 'banner.mode': 'Mode not changed: {error}',
    'banner.load': 'The visit could not be loaded: {error}',
    'visit.notFound': 'Visit #{id} not found.',
    'storage.disk_full': "The laptop's disk is full — scans are NOT saved. Free some disk space; the kiosk recovers by itself.",
    'storage.read_only': 'The database cannot be written — scans are NOT saved.',
    'storage.other': 'Storage trouble — scans are NOT saved.',
    'scan.placeholderStorage': 'NOT saved — see the red message',
    'source.page': 'the scan field', 'source.manual': 'typed by hand',
    'scanError.reason': 'From {source}: {error}',
    'banner.scanError': 'Scan from {source} NOT saved: {codes} — {error}. Scan again once the problem is fixed.',
    'noVisit.reason': 'From {source} with no active visit — not counted',
    'banner.noVisit': 'Scan from {source} with no active visit: {codes} — not counted in this visit.',
    'banner.noVisitNowActive': 'Scan from {source} with no active visit: {codes} — this visit is active now: scan those books again.',
    'banner.makeThisActive': 'Make this visit active',
    'rfid.field': "In the reader's field now", 'rfid.unit': 'tags', 'rfid.unitOne': 'tag',
    'rfid.settled': 'steady', 'rfid.changing': 'changing…',
    'rfid.bind': 'Bind a tag', 'rfid.cancel': 'Cancel', 'rfid.bindOne': 'Bind',
    'rfid.bindOneLabel': 'Bind tag {epc} to a book',
    'rfid.unmapped': 'Tags with no book', 'rfid.more': '+{n} more',
    'rfid.awaitBarcode': "Scan the book's barcode",
    'rfid.awaitBarcodeFor': "Scan the barcode of the book for tag {epc}",
    'rfid.placeholder': "Scan the book's barcode for the tag…",
    'rfid.arming': 'Looking up book {code}…',
    'rfid.awaitTag': 'Hold the tag of “{title}” to the reader',
    'rfid.othersNear': 'Other tags with no book are in the field too: move them away, leave only one.',
    'rfid.left': '{s} s left',
    'rfid.escHint': 'Esc or Cancel to stop',
    'rfid.bound': 'Tag {epc} bound to “{title}”',
    'rfid.boundWord': 'Tag bound',
    'rfid.failWord': 'Tag not bound',
    'rfid.failed': 'Tag {epc} not bound to “{title}”: {error}',
    'rfid.notFound': 'No book with code {code} in the catalogue.',
    'rfid.armFailed': 'Binding not started ({code}): {error}',
    'rfid.timeout': 'Time is up: no tag without a book was read. Try again.',
    'rfid.cancelled': 'Tag binding cancelled.',
    'rfid.takenOver': 'Tag binding was cancelled or taken over from another screen.',
    'rfid.cancelFailed': 'Cancelling on the server failed: {error} — the binding ends by itself within 30 seconds.',
  },
});

// sourceName says where a scan came from: "device:Pemindai-1" is the
// device's name.
function sourceName(src) {
  if (typeof src !== 'string' || !src) return '?';
  if (src.startsWith('device:')) return src.slice(7);
  if (src === 'page' || src === 'manual') return t('source.' + src);
  return src;
}

const params = new URLSearchParams(location.search);
const visitParam = params.get('visit');

initLang($('#lang-switch'));
startSession(() => {
  if (visitParam !== null && /^[1-9]\d*$/.test(visitParam)) {
    startVisit(Number(visitParam));
  } else {
    startPicker();
  }
});

// =================================================================== picker

function startPicker() {
  document.body.dataset.view = 'picker';
  $('#picker-tools').append($('#lang-switch'));
  placeSessionUi($('#picker-tools'), $('#picker-footer'));
  $('#picker').hidden = false;
  document.title = `${t('app.name')} — ${t('picker.title')}`;

  // Dates are typed and shown as 27/11/2026 whatever the browser's locale
  // (a native date field would follow the laptop's language instead).
  const dateInput = $('#picker-date');
  const visitDate = $('#new-visit-date');
  let day = todayWIB();
  dateInput.value = fmtDate(day);
  visitDate.value = fmtDate(day);

  let locations = [];
  let visits = [];
  let active = null;

  const kindSel = $('#loc-kind');
  const levelSel = $('#loc-level');
  const locSel = $('#new-visit-location');

  function renderSelects() {
    const keep = (sel) => sel.value;
    const k = keep(kindSel) || 'school';
    const l = keep(levelSel) || 'SD';
    kindSel.replaceChildren(...KINDS.map((v) => el('option', { value: v, text: kindLabel(v) })));
    levelSel.replaceChildren(...LEVELS.map((v) => el('option', { value: v, text: levelLabel(v) })));
    kindSel.value = k;
    levelSel.value = l;
    renderLocationOptions();
  }

  function renderLocationOptions(selectId) {
    const cur = selectId != null ? String(selectId) : locSel.value;
    if (!locations.length) {
      locSel.replaceChildren(el('option', { value: '', text: t('visit.noLocations') }));
      return;
    }
    const sorted = [...locations].sort((a, b) => a.name.localeCompare(b.name, 'id'));
    locSel.replaceChildren(el('option', { value: '', text: t('visit.pickLocation') }), ...sorted.map((l) => el('option', {
      value: String(l.id), text: `${l.name} — ${kindLabel(l.kind)}, ${levelLabel(l.level)}`,
    })));
    locSel.value = cur && sorted.some((l) => String(l.id) === cur) ? cur : '';
  }

  function renderVisits() {
    const list = $('#visit-list');
    $('#visits-heading').textContent = `${t('picker.visits')} ${fmtDate(day)}`;
    list.replaceChildren(...visits.map((v) => {
      const loc = v.location || locations.find((l) => l.id === v.location_id) || {};
      const isActive = active === v.id;
      return el('li', {},
        el('a', { class: 'visit-card', href: `/?visit=${v.id}`, dataset: { visitId: String(v.id), mode: v.mode || '' } },
          el('span', { class: 'visit-card-main' },
            el('span', { class: 'visit-card-name', text: loc.name || `#${v.location_id}` }),
            el('span', { class: 'visit-card-sub', text: [kindLabel(loc.kind), levelLabel(loc.level), fmtDate(v.date), `#${v.id}`].filter(Boolean).join(' · ') })),
          isActive ? el('span', { class: 'badge badge-active', text: t('picker.activeBadge') }) : null,
          v.mode ? el('span', { class: 'badge badge-mode', dataset: { mode: v.mode } }, icon(MODE_ICON[v.mode] || 'i-info'), modeLabel(v.mode)) : null));
    }));
    $('#visits-empty').hidden = visits.length > 0;
  }

  function renderActive() {
    const p = $('#active-visit');
    if (!active) { p.hidden = true; return; }
    const v = visits.find((x) => x.id === active);
    const name = v && v.location ? v.location.name : '';
    p.replaceChildren(el('a', { href: `/?visit=${active}`, text: t('picker.active', { name: name || '…', id: active }) }));
    p.hidden = false;
  }

  function showError(node, msg) {
    node.textContent = msg || '';
    node.hidden = !msg;
  }

  async function loadLocations(selectId) {
    try {
      locations = (await api('/api/locations')) || [];
      renderLocationOptions(selectId);
      renderVisits();
    } catch (e) {
      showError($('#visit-form-error'), e.message);
    }
  }

  let visitsReq = 0;
  async function loadVisits() {
    const req = ++visitsReq;
    try {
      const [vs, act] = await Promise.all([
        api(`/api/visits?date=${encodeURIComponent(day)}`),
        api('/api/active').catch(() => null),
      ]);
      if (req !== visitsReq) return;
      visits = vs || [];
      active = act && act.visit_id != null ? act.visit_id : null;
      showError($('#visits-error'), '');
    } catch (e) {
      if (req !== visitsReq) return;
      visits = [];
      showError($('#visits-error'), e.message);
    }
    renderVisits();
    renderActive();
  }

  function setDay(d) {
    const changed = d !== day;
    day = d;
    dateInput.value = fmtDate(day);
    visitDate.value = fmtDate(day);
    showError($('#visits-error'), '');
    if (changed) loadVisits();
    renderVisits();
  }

  dateInput.addEventListener('change', () => {
    const d = parseDate(dateInput.value);
    if (d) setDay(d);
    else showError($('#visits-error'), t('picker.badDate'));
  });
  dateInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); dateInput.dispatchEvent(new Event('change')); }
  });
  $('#picker-prev').addEventListener('click', () => setDay(addDays(day, -1)));
  $('#picker-next').addEventListener('click', () => setDay(addDays(day, 1)));
  $('#picker-today').addEventListener('click', () => setDay(todayWIB()));

  $('#visit-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#visit-form-error');
    const locationId = Number(locSel.value);
    if (!locationId) { showError(err, t('visit.chooseLocation')); locSel.focus(); return; }
    const date = parseDate(visitDate.value);
    if (!date) { showError(err, t('picker.badDate')); visitDate.focus(); return; }
    const btn = e.submitter || $('#visit-form button[type=submit]');
    btn.disabled = true;
    try {
      const res = await api('/api/visits', { method: 'POST', body: { location_id: locationId, date } });
      location.assign(`/?visit=${res.id}`);
    } catch (ex) {
      showError(err, ex.message);
      btn.disabled = false;
    }
  });

  $('#location-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const err = $('#location-form-error');
    const ok = $('#location-form-ok');
    showError(ok, '');
    const body = {
      name: $('#loc-name').value.trim(),
      kind: kindSel.value,
      level: levelSel.value,
      address: $('#loc-address').value.trim(),
      contact: $('#loc-contact').value.trim(),
    };
    if (!body.name) { showError(err, t('loc.nameRequired')); $('#loc-name').focus(); return; }
    const btn = e.submitter || $('#location-form button[type=submit]');
    btn.disabled = true;
    try {
      const res = await api('/api/locations', { method: 'POST', body });
      showError(err, '');
      showError(ok, t('loc.created', { name: body.name }));
      e.target.reset();
      renderSelects();
      await loadLocations(res && res.id);
      locSel.focus();
    } catch (ex) {
      showError(err, ex.message);
    } finally {
      btn.disabled = false;
    }
  });

  onLangChange(() => {
    document.title = `${t('app.name')} — ${t('picker.title')}`;
    renderSelects();
    renderVisits();
    renderActive();
  });

  // Signed in again after the session ended: read afresh what failed.
  onResume(() => {
    document.title = `${t('app.name')} — ${t('picker.title')}`;
    loadLocations();
    loadVisits();
  });

  renderSelects();
  loadLocations();
  loadVisits();
}

// ============================================================= one visit

// Keyboard-wedge detection: a scanner types a whole code in a burst, keys
// a few milliseconds apart, then Enter. A person is far slower.
const FAST_GAP_MS = 50; // a scanner's keys come closer together than this
const HICCUP_MS = 1000; // one slower gap is forgiven (a busy laptop, a slow first key)
const MIN_SCAN_LEN = 3; // shorter bursts are people, not barcodes

const KEEP_SCANS = 50; // scans kept in memory (10 shown) so undo can reach back

function startVisit(visitId) {
  document.body.dataset.view = 'visit';
  $('#visit-app').hidden = false;
  placeSessionUi($('#visit-tools'), $('.op-footer'));

  const input = $('#scan-input');
  const coarse = matchMedia('(pointer: coarse)').matches;

  const state = {
    visit: null, // {id, location_id, date, location}
    mode: null, modeSeq: -1,
    basket: '', basketSeq: -1,
    tally: null, tallySeq: -1,
    scans: new Map(), // seq → scan event
    flashed: new Set(), // seqs already flashed (scans and voids)
    devices: [],
    conn: 'disconnected', everConnected: false,
    storage: null, // null: writes succeed; else 'disk_full', 'read_only', …
    activeId: undefined, // the visit device scans go to, as last heard (null: none)
  };

  // ----------------------------------------------------------- problems

  // Each problem is a line of the full-width banner; it stays until the
  // cause is gone (or, for things only a person can judge, is dismissed).
  // A line is red, or amber with level 'warn' (a warning, not a failure).
  // quiet: the caller sounds its own tone (with a flash) instead of the alarm.
  const problems = new Map(); // key → {text: () => string, actions: [{label: () => string, run}], level}

  function setProblem(key, text, actions = [], { quiet = false, level = 'bad' } = {}) {
    const isNew = !problems.has(key);
    problems.set(key, { text, actions, level });
    renderBanner();
    if (isNew && !quiet) tone('alarm');
  }

  function clearProblem(key) {
    if (problems.delete(key)) renderBanner();
  }

  function renderBanner() {
    const b = $('#banner');
    // Scans not being saved at all goes first: it explains the lines below.
    const lines = [...problems].sort(([a], [c]) => (c === 'storage') - (a === 'storage'));
    b.replaceChildren(...lines.map(([key, p]) => el('div', { class: 'banner-line', dataset: { problem: key, level: p.level } },
      icon(key === 'storage' ? 'i-disk' : 'i-warn', 'icon banner-icon'),
      el('span', { class: 'banner-text', text: p.text() }),
      ...(typeof p.actions === 'function' ? p.actions() : p.actions)
        .map((a) => el('button', { type: 'button', class: 'btn btn-small btn-on-dark', text: a.label(), onclick: a.run })))));
    b.hidden = problems.size === 0;
    document.body.dataset.trouble = problems.size ? 'true' : 'false';
  }

  // ------------------------------------------------------------- header

  function placeName() { return (state.visit && state.visit.location && state.visit.location.name) || ''; }

  function renderHeader() {
    const loc = (state.visit && state.visit.location) || {};
    $('#visit-location').textContent = loc.name || `#${visitId}`;
    nameOutstanding(loc.kind);
    $('#visit-sub').textContent = [kindLabel(loc.kind), levelLabel(loc.level), state.visit ? fmtDate(state.visit.date) : '']
      .filter(Boolean).join(' · ');
    $('#mode-word').textContent = state.mode ? modeLabel(state.mode) : '—';
    $('#mode-icon-use').setAttribute('href', '#' + (MODE_ICON[state.mode] || 'i-info'));
    document.title = `${state.mode ? modeLabel(state.mode) + ' · ' : ''}${loc.name || '#' + visitId} — ${t('app.name')}`;
    for (const btn of document.querySelectorAll('[data-mode-button]')) {
      const on = btn.dataset.modeButton === state.mode;
      btn.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    const relevant = RELEVANT[state.mode] || [];
    for (const cell of document.querySelectorAll('.tally-cell')) {
      cell.dataset.relevant = relevant.includes(cell.dataset.cell) ? 'true' : 'false';
    }
    if (state.mode) document.body.dataset.mode = state.mode;
  }

  function applyMode(mode, seq) {
    if (!mode || (typeof seq === 'number' && seq < state.modeSeq)) return;
    const changed = mode !== state.mode;
    state.mode = mode;
    if (typeof seq === 'number') state.modeSeq = seq;
    renderHeader();
    if (members) members.render();
    if (changed) {
      const h = $('#visit-header');
      h.classList.remove('mode-changed');
      void h.offsetWidth;
      h.classList.add('mode-changed');
      renderTallyAll(); // relevant numbers may need refitting
    }
  }

  // -------------------------------------------------------------- tally

  function setTally(tally, seq, deferred = false) {
    if (!tally) return;
    if (typeof seq === 'number') {
      if (seq < state.tallySeq) return;
      state.tallySeq = seq;
    }
    state.tally = tally;
    if (deferred) later('tally');
    else renderTallyAll();
  }

  // Scans from the socket can come hundreds a second (an RFID reader
  // counting a basket): their list, tally and baskets are redrawn once per
  // animation frame, not once per scan.
  const dirty = { tally: false, scans: false };
  let renderFrame = 0;
  function later(what) {
    dirty[what] = true;
    if (!renderFrame) renderFrame = requestAnimationFrame(renderDirty);
  }
  function renderDirty() {
    cancelAnimationFrame(renderFrame);
    renderFrame = 0;
    if (dirty.tally) { dirty.tally = false; renderTallyAll(); }
    if (dirty.scans) { dirty.scans = false; renderScans(); }
  }

  function renderTallyAll() {
    if (state.tally) renderTally(state.tally, $('#visit-app'));
    renderBaskets();
    renderPackProgress();
  }

  // ------------------------------------------------------- pack progress

  // In pack mode, a visit with a dropping list shows how much of the list
  // is in the baskets. The numbers come from the server (it matches packed
  // items against the list), re-read shortly after each pack scan.
  let prep = null;
  let prepTimer = 0;
  function loadPreparation(delay = 300) {
    clearTimeout(prepTimer);
    prepTimer = setTimeout(async () => {
      try {
        prep = await api(`/api/visits/${visitId}/preparation`);
      } catch {
        return; // not shown is better than wrong; the next scan retries
      }
      renderPackProgress();
    }, delay);
  }

  function renderPackProgress() {
    const box = $('#pack-progress');
    const show = state.mode === 'pack' && prep && prep.listed > 0;
    box.hidden = !show;
    $('#prep-link').href = `/coordinator#persiapan/${visitId}`;
    if (!show) return;
    const done = prep.to_go === 0;
    box.dataset.done = done ? 'true' : 'false';
    $('#pack-line').textContent = done ? t('pack.done', { listed: fmtNum(prep.listed) })
      : t('pack.progress', { packed: fmtNum(prep.packed), listed: fmtNum(prep.listed), togo: fmtNum(prep.to_go) });
    const bar = $('#pack-bar');
    bar.max = prep.listed;
    bar.value = prep.packed;
    const parts = (prep.by_basket || []).map((b) => `${b.code || t('basket.none')}: ${fmtNum(b.count)}`);
    if (prep.packed_extra > 0) parts.push(t('pack.extra', { n: fmtNum(prep.packed_extra) }));
    $('#pack-by-basket').textContent = parts.join(' · ');
  }

  function setBasket(basket, seq, deferred = false) {
    if (typeof seq === 'number') {
      if (seq < state.basketSeq) return;
      state.basketSeq = seq;
    }
    state.basket = basket || '';
    if (deferred) later('tally');
    else renderBaskets();
  }

  function renderBaskets() {
    $('#current-basket').textContent = state.basket || '—';
    const list = $('#basket-list');
    const baskets = (state.tally && state.tally.baskets) || [];
    if (!baskets.length) {
      list.replaceChildren(el('li', { class: 'note', text: t('baskets.none') }));
      return;
    }
    list.replaceChildren(...baskets.map((b) => {
      const current = b.code !== '' && b.code === state.basket;
      return el('li', { class: 'basket-chip', dataset: { basket: b.code, current: current ? 'true' : 'false' }, 'aria-current': current ? 'true' : null },
        current ? icon('i-basket') : null,
        el('span', { class: 'basket-code', text: b.code || t('basket.none') }),
        el('b', { class: 'basket-count', text: fmtNum(b.count) }));
    }));
  }

  // -------------------------------------------------------------- scans

  function trimScans() {
    if (state.scans.size <= KEEP_SCANS) return;
    const seqs = [...state.scans.keys()].sort((a, b) => a - b);
    for (const s of seqs.slice(0, seqs.length - KEEP_SCANS)) state.scans.delete(s);
  }

  function undoTarget() {
    let best = null;
    for (const s of state.scans.values()) if (!s.voided && (!best || s.seq > best.seq)) best = s;
    return best;
  }

  let undoBusy = false;

  function renderScans() {
    const list = $('#last-scans');
    const undoBtn = $('#undo');
    $('#undo-home').append(undoBtn); // back home before the list is rebuilt
    const shown = [...state.scans.values()].sort((a, b) => b.seq - a.seq).slice(0, 10);
    const target = undoTarget();
    let targetLi = null;
    list.replaceChildren(...shown.map((ev) => {
      const cat = outcomeCategory(ev.outcome);
      const reason = outcomeReason(ev, placeName());
      const li = el('li', {
        class: 'scan', dataset: { seq: String(ev.seq), outcome: ev.outcome || '', category: cat, voided: ev.voided ? 'true' : 'false' },
      },
      el('span', { class: 'scan-icon' }, icon(CATEGORY_ICON[cat])),
      el('div', { class: 'scan-body' },
        el('div', { class: 'scan-top' },
          el('span', { class: 'scan-word', text: outcomeWord(ev) }),
          el('span', { class: 'scan-title', text: itemTitle(ev) }),
          ev.voided ? el('span', { class: 'scan-voided', text: t('voided') }) : null),
        el('div', { class: 'scan-sub' },
          ev.code && ev.code !== itemTitle(ev) ? el('span', { class: 'scan-code', text: ev.code }) : null,
          reason ? el('span', { class: 'scan-reason', text: reason }) : null,
          el('span', { class: 'scan-time', text: fmtTime(ev.time) }))));
      if (target && ev.seq === target.seq) targetLi = li;
      return li;
    }));
    $('#last-empty').hidden = shown.length > 0;
    undoBtn.disabled = !target || undoBusy;
    undoBtn.setAttribute('aria-label', target ? t('undo.label', { title: itemTitle(target) }) : t('undo'));
    if (targetLi) targetLi.append(undoBtn);
  }

  function applyScan(ev, own) {
    if (!ev || typeof ev.seq !== 'number') return;
    if (ev.visit_id && ev.visit_id !== visitId) return;
    const prev = state.scans.get(ev.seq);
    state.scans.set(ev.seq, prev ? { ...prev, ...ev, voided: prev.voided || !!ev.voided } : { ...ev });
    trimScans();
    const deferred = !own;
    setTally(ev.tally, ev.seq, deferred);
    if (ev.outcome === 'basket') setBasket(ev.code, ev.seq, deferred);
    else if (typeof ev.basket === 'string') setBasket(ev.basket, ev.seq, deferred);
    if (!state.flashed.has(ev.seq)) {
      state.flashed.add(ev.seq);
      if (state.flashed.size > 2000) state.flashed = new Set([...state.flashed].slice(-500));
      queueFlash(ev, own);
      if (members) members.onEvent(ev);
    }
    if (deferred) later('scans');
    else renderScans();
  }

  function applyVoid(m) {
    if (!m || typeof m.target !== 'number') return;
    const target = state.scans.get(m.target);
    if (target) target.voided = true;
    setTally(m.tally, m.seq);
    renderScans();
    const key = `v${m.seq}`;
    if (!state.flashed.has(key)) {
      state.flashed.add(key);
      flash(() => ({
        category: 'void', outcome: 'void', word: t('flash.voided'),
        title: target ? itemTitle(target) : `#${m.target}`, reason: target ? target.code : '',
      }));
      tone('void');
    }
    // Undoing a basket label brings back the basket before it: ask the server.
    if (target && target.outcome === 'basket') refreshVisit();
  }

  function applySnapshot(m) {
    if (m.visit) state.visit = m.visit;
    if (m.reset) {
      // The server's log is behind this page's: forget what came from it.
      state.scans = new Map();
      state.flashed = new Set();
      state.modeSeq = state.tallySeq = state.basketSeq = -1;
      flashIdle();
    }
    const newer = [...state.scans.values()].filter((s) => s.seq > m.seq);
    state.scans = new Map();
    for (const ev of m.recent || []) {
      state.scans.set(ev.seq, { ...ev });
      state.flashed.add(ev.seq); // history: no flash, no sound
    }
    for (const ev of newer) state.scans.set(ev.seq, ev);
    applyMode(m.mode, m.seq);
    setBasket(m.basket, m.seq);
    setTally(m.tally, m.seq);
    renderHeader();
    renderScans();
  }

  // ------------------------------------------------------------- flash

  let lastFlash = null; // a function producing the flash's content, for re-translation
  let pendingFlash = [];
  let flashFrame = 0;

  // queueFlash shows a scan's result. Our own scans flash at once; scans
  // from the socket are gathered for one frame, so a catch-up replay or an
  // RFID reader's burst flashes the newest once instead of strobing.
  function queueFlash(ev, now) {
    pendingFlash.push(ev);
    if (now) { flushFlash(); return; }
    if (!flashFrame) flashFrame = requestAnimationFrame(flushFlash);
  }

  function flushFlash() {
    cancelAnimationFrame(flashFrame);
    flashFrame = 0;
    const batch = pendingFlash;
    pendingFlash = [];
    if (!batch.length) return;
    const newest = batch.reduce((a, b) => (b.seq > a.seq ? b : a));
    flashScan(newest, batch.length - 1);
    scanTone(batch.map((e) => toneFor(e.outcome)).reduce(worseTone));
  }

  // Scan sounds never machine-gun: at most one tone per TONE_GAP (longer
  // after a long tone, so two never overlap); what comes meanwhile is
  // merged, and the worst outcome decides the tone that plays next.
  const TONE_RANK = { ok: 0, info: 1, flag: 2, bad: 3 };
  const TONE_GAP = { ok: 150, info: 200, flag: 380, bad: 460 };
  let toneReady = 0; // performance.now() after which the next tone may play
  let tonePending = null;
  let toneTimer = 0;

  function worseTone(a, b) { return (TONE_RANK[b] ?? 3) > (TONE_RANK[a] ?? 3) ? b : a; }

  function scanTone(kind) {
    tonePending = tonePending ? worseTone(tonePending, kind) : kind;
    if (toneTimer) return;
    const wait = toneReady - performance.now();
    if (wait <= 0) playTone();
    else toneTimer = setTimeout(playTone, wait);
  }

  function playTone() {
    toneTimer = 0;
    const kind = tonePending;
    tonePending = null;
    if (!kind) return;
    tone(kind);
    toneReady = performance.now() + (TONE_GAP[kind] || 150);
  }

  function flashScan(ev, others) {
    flash(() => {
      const title = itemTitle(ev);
      let reason = outcomeReason(ev, placeName());
      if (title !== ev.code && ev.code) reason = reason ? `${reason} · ${ev.code}` : ev.code;
      if (others > 0) reason += ` (${t('flash.more', { n: others })})`;
      return { category: outcomeCategory(ev.outcome), outcome: ev.outcome, word: outcomeWord(ev), title, reason, seq: ev.seq };
    });
  }

  function flashIdle() {
    flash(() => ({ category: 'idle', word: t('flash.ready'), title: '', reason: t('flash.readyHint') }), false);
  }

  // flash shows what produce() returns on the big panel; produce is kept so
  // that a language switch can redraw the panel in the other language.
  function flash(produce, pulse = true) {
    lastFlash = produce;
    const c = produce();
    const f = $('#flash');
    f.dataset.category = c.category;
    f.dataset.outcome = c.outcome || '';
    f.dataset.seq = c.seq != null ? String(c.seq) : '';
    $('.flash-icon', f).replaceChildren(icon(c.icon || CATEGORY_ICON[c.category] || 'i-info', 'icon flash-svg'));
    $('#flash-word').textContent = c.word || '';
    $('#flash-title').textContent = c.title || '';
    $('#flash-reason').textContent = c.reason || '';
    if (pulse) {
      f.classList.remove('pulse');
      void f.offsetWidth; // restart the animation
      f.classList.add('pulse');
    }
  }

  // ---------------------------------------------------- sending scans

  const queue = [];
  let sending = false;
  const failed = []; // scans the server did not take: {code, source}
  let lastError = '';

  function submitScan(code, source) {
    code = code.trim();
    if (!code) return;
    queue.push({ code, source });
    pump();
  }

  // Scans are sent one at a time, in the order they were made: the
  // outcome of a scan can depend on the ones before it.
  async function pump() {
    if (sending) return;
    sending = true;
    try {
      while (queue.length) await sendOne(queue.shift());
    } finally {
      sending = false;
    }
  }

  async function sendOne(s) {
    const slow = setTimeout(() => flash(() => ({ category: 'idle', word: t('scan.sending'), title: s.code, reason: '' }), false), 150);
    try {
      const res = await api(`/api/visits/${visitId}/scans`, { method: 'POST', body: { code: s.code, source: s.source } });
      clearTimeout(slow);
      if (res && res.receipt) {
        // Last month's loan receipt: not a book, it shows what that
        // location must return.
        flashIdle();
        showReceipt(res.receipt.code, res.receipt);
        return;
      }
      const ev = (res && res.event && typeof res.event.seq === 'number') ? res.event : {
        type: 'scan', seq: res.seq, visit_id: visitId, time: new Date().toISOString(), code: s.code,
        mode: state.mode, outcome: res.outcome, item: res.item, basket: state.basket, source: s.source,
        other_location: null, voided: false, tally: res.tally,
      };
      if (!ev.tally && res.tally) ev.tally = res.tally;
      applyScan(ev, true);
      if (state.storage) setStorage(true); // a committed scan: the disk writes again
    } catch (e) {
      clearTimeout(slow);
      failed.push(s);
      lastError = e.message;
      const msg = e.message;
      flash(() => ({ category: 'bad', outcome: 'not_saved', word: t('flash.notSaved'), title: s.code, reason: msg }));
      tone('bad');
      // 507: the disk is full; 503: the database cannot be written. The
      // server tells every screen too, but this one knows first.
      if (e.status === 507 || e.status === 503) setStorage(false, e.status === 507 ? 'disk_full' : 'read_only', true);
      setProblem('scan', () => t('banner.scan', { error: lastError, codes: failed.map((f) => f.code).join(', ') }), [
        { label: () => t('banner.retry'), run: retryFailed },
        { label: () => t('banner.dismiss'), run: () => { failed.length = 0; clearProblem('scan'); } },
      ]);
      // The problem line already exists when several fail: refresh its text.
      renderBanner();
    }
  }

  function retryFailed() {
    const again = failed.splice(0);
    clearProblem('scan');
    for (const s of again) queue.push(s);
    pump();
  }

  // ---------------------------------------------- trouble from the server

  // setStorage follows whether the server can record scans. While it
  // cannot, a red line says so and the header and scan field turn red
  // (body[data-storage="bad"]); the line goes only when a write succeeds.
  function setStorage(ok, problem, quiet = false) {
    if (ok) {
      state.storage = null;
      document.body.dataset.storage = 'ok';
      clearProblem('storage');
    } else {
      const key = ['disk_full', 'read_only'].includes(problem) ? problem : 'other';
      state.storage = key;
      document.body.dataset.storage = 'bad';
      setProblem('storage', () => t('storage.' + key), [], { quiet });
      renderBanner(); // the kind of trouble may have changed
      if (socket) socket.storageBad = true;
    }
    renderPlaceholder();
  }

  // A hardware scan the server could not record (it belongs to no visit's
  // log): red flash, error tone, and a line listing the codes until dismissed.
  const deviceFailed = { codes: [], source: '', error: '' };
  function onScanError(m) {
    const code = String(m.code || '');
    deviceFailed.codes = [...deviceFailed.codes.filter((c) => c !== code), code].slice(-8);
    deviceFailed.source = m.source;
    deviceFailed.error = String(m.error || '');
    const src = m.source;
    const err = deviceFailed.error;
    flash(() => ({ category: 'bad', outcome: 'scan_error', word: t('flash.notSaved'), title: code, reason: t('scanError.reason', { source: sourceName(src), error: err }) }));
    tone('bad');
    setProblem('scan_error', () => t('banner.scanError', { source: sourceName(deviceFailed.source), codes: deviceFailed.codes.join(', '), error: deviceFailed.error }), [
      { label: () => t('banner.dismiss'), run: () => { deviceFailed.codes = []; clearProblem('scan_error'); } },
    ], { quiet: true });
    renderBanner();
  }

  // A hardware scan that arrived while no visit was active: logged by the
  // server but counted nowhere, so it never enters this visit's list or
  // tally. An amber warning offers to point the scanners here.
  const strays = { codes: [], source: '' };
  function onNoVisit(m) {
    state.activeId = null; // the server had no active visit for it
    const code = String(m.code || '');
    strays.codes = [...strays.codes.filter((c) => c !== code), code].slice(-8);
    strays.source = m.source;
    const src = m.source;
    const title = (m.item && m.item.title) || code;
    flash(() => ({
      category: 'warn', outcome: 'no_visit', word: t('outcome.no_visit'), title,
      reason: `${t('noVisit.reason', { source: sourceName(src) })}${title !== code ? ' · ' + code : ''}`,
    }));
    tone('bad');
    setProblem('no_visit', () => t(state.activeId === visitId ? 'banner.noVisitNowActive' : 'banner.noVisit',
      { source: sourceName(strays.source), codes: strays.codes.join(', ') }), () => [
      state.activeId === visitId ? null : { label: () => t('banner.makeThisActive'), run: claimActive },
      { label: () => t('banner.dismiss'), run: () => { strays.codes = []; clearProblem('no_visit'); } },
    ].filter(Boolean), { quiet: true, level: 'warn' });
    renderBanner();
  }

  // ----------------------------------------------------- the scan field

  let keyTimes = []; // timestamps of the printable keys that typed the field's value
  let edited = false; // the value changed other than by typing at its end

  function resetField(value = '') {
    input.value = value;
    keyTimes = [];
    edited = value !== '';
  }

  function showManualHint(on) {
    const h = $('#manual-hint');
    h.textContent = on ? t('scan.manual') : '';
    h.hidden = !on;
    $('#send-manual').classList.toggle('attention', on);
  }

  function recordKey(e) {
    if (input.selectionStart !== input.value.length || input.selectionEnd !== input.value.length) edited = true;
    keyTimes.push(e.timeStamp);
  }

  // classify decides whether the field's content, ended by a key at endTs,
  // came from a scanner (a fast burst) or from a person. Only a value typed
  // key by key at its end, every gap fast but at most one, is a scan: a
  // pasted or edited value, or one typed at a person's pace, is not.
  function classify(endTs) {
    const value = input.value;
    if (!value.trim()) return { kind: 'empty' };
    const n = keyTimes.length;
    if (edited || n !== value.length || n < MIN_SCAN_LEN) return { kind: 'manual' };
    const gaps = [];
    for (let i = 1; i < n; i++) gaps.push(keyTimes[i] - keyTimes[i - 1]);
    gaps.push(endTs - keyTimes[n - 1]);
    const slow = gaps.filter((g) => g > FAST_GAP_MS);
    if (slow.length === 0 || (slow.length === 1 && slow[0] <= HICCUP_MS)) return { kind: 'scan', code: value };
    return { kind: 'manual' };
  }

  const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn']);

  input.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing) return;
    if (e.key === 'Enter' || e.key === 'Tab') {
      const c = classify(e.timeStamp);
      if (e.key === 'Tab' && c.kind !== 'scan') return; // ordinary Tab: move focus
      e.preventDefault();
      if (c.kind === 'scan') {
        resetField();
        showManualHint(false);
        takeScan(c.code, 'page');
      } else if (c.kind === 'manual') {
        showManualHint(true);
        tone('info');
      }
      return;
    }
    if (e.key === 'Escape') {
      resetField();
      showManualHint(false);
      if (rfid.bind !== 'idle') { e.preventDefault(); cancelBind(); }
      return;
    }
    if (MODIFIERS.has(e.key)) return;
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      recordKey(e);
      return;
    }
    edited = true; // Backspace, arrows, paste, …
  });

  input.addEventListener('input', () => {
    if (input.value === '') {
      keyTimes = [];
      edited = false;
      showManualHint(false);
    }
  });

  $('#send-manual').addEventListener('click', () => {
    const v = input.value.trim();
    if (v) {
      takeScan(v, 'manual');
      resetField();
      showManualHint(false);
    }
    focusScan();
  });

  // While the sign-in form or the pairing dialog is up, they hold the focus.
  // openDialog is a dialog other than the pairing QR (sign-off, papers, a
  // scanned receipt): its fields get the keys, not the scan field.
  function openDialog() { return [...document.querySelectorAll('dialog[open]')].find((d) => d.id !== 'pair-dialog') || null; }
  function modalUp() { return loginShown() || pairOpen() || !!openDialog(); }

  function focusScan() {
    if (modalUp()) return;
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  }

  // The scan field keeps the focus: keys typed anywhere go to it, a click
  // on anything that is not a control brings it back, and so does leaving
  // a button. Keyboard users can still Tab to the buttons and use them.
  document.addEventListener('keydown', (e) => {
    unlockAudio();
    if (loginShown() || openDialog()) return; // typing a name and password, or in a dialog
    const dialog = pairOpen();
    if (!dialog && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      undo();
      return;
    }
    if (e.target === input || e.isComposing) return;
    if (e.key === 'Escape' && !dialog && rfid.bind !== 'idle') { e.preventDefault(); cancelBind(); return; }
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ' && e.target.closest && e.target.closest('button, a')) return; // Space presses the button
    // A scanner's burst while the QR code is up: the dialog gives way, so
    // the scan lands in the field instead of nowhere.
    if (dialog) closePair();
    input.focus({ preventScroll: true });
    input.setSelectionRange(input.value.length, input.value.length);
    recordKey(e); // this key lands in the field, but its keydown was not the field's
  }, true);

  document.addEventListener('pointerdown', unlockAudio, true);

  document.addEventListener('click', (e) => {
    if (modalUp()) return;
    const control = e.target.closest && e.target.closest('a, input, select, textarea, label, [tabindex]');
    const button = e.target.closest && e.target.closest('button');
    if (button) { setTimeout(focusScan, 0); return; }
    if (control || coarse) return;
    focusScan();
  });

  input.addEventListener('blur', () => {
    setTimeout(() => {
      const a = document.activeElement;
      if (!coarse && (!a || a === document.body) && !modalUp()) focusScan();
    }, 0);
  });

  window.addEventListener('blur', () => { $('#focus-warning').hidden = false; });
  window.addEventListener('focus', () => {
    $('#focus-warning').hidden = true;
    focusScan();
    checkActive();
  });
  $('#focus-warning').addEventListener('click', focusScan);

  // ------------------------------------------------------ undo and mode

  async function undo() {
    const target = undoTarget();
    if (!target || undoBusy) return;
    undoBusy = true;
    renderScans();
    try {
      const res = await api(`/api/visits/${visitId}/scans/${target.seq}`, { method: 'DELETE' });
      applyVoid({ seq: res && res.seq, target: res && typeof res.target === 'number' ? res.target : target.seq, tally: res && res.tally });
      clearProblem('undo');
    } catch (e) {
      setProblem('undo', () => t('banner.undo', { error: e.message }), [
        { label: () => t('banner.dismiss'), run: () => clearProblem('undo') },
      ]);
    } finally {
      undoBusy = false;
      renderScans();
      focusScan();
    }
  }

  $('#undo').addEventListener('click', undo);

  let modeBusy = false;
  async function chooseMode(mode) {
    if (modeBusy || mode === state.mode) return;
    modeBusy = true;
    for (const b of document.querySelectorAll('[data-mode-button]')) b.disabled = true;
    try {
      const res = await api(`/api/visits/${visitId}/mode`, { method: 'PUT', body: { mode } });
      applyMode((res && res.mode) || mode, res && res.seq);
      if (res) setTally(res.tally, res.seq);
      clearProblem('mode');
    } catch (e) {
      setProblem('mode', () => t('banner.mode', { error: e.message }), [
        { label: () => t('banner.dismiss'), run: () => clearProblem('mode') },
      ]);
    } finally {
      modeBusy = false;
      for (const b of document.querySelectorAll('[data-mode-button]')) b.disabled = false;
      focusScan();
    }
  }

  for (const b of document.querySelectorAll('[data-mode-button]')) {
    b.addEventListener('click', () => chooseMode(b.dataset.modeButton));
  }

  // ------------------------------------------------------------ devices

  function renderDevices() {
    const list = $('#devices');
    const devs = state.devices;
    if (!devs.length) {
      list.replaceChildren(el('li', { class: 'note', text: t('dev.none') }));
    } else {
      list.replaceChildren(...devs.map((d) => {
        const st = ['connected', 'disconnected', 'error'].includes(d.state) ? d.state : 'error';
        const detail = t('dev.detail', { driver: d.driver || '', path: d.path || '', scans: fmtNum(d.scans || 0), errors: fmtNum(d.errors || 0) }) +
          (d.last_scan ? ` · ${fmtTime(d.last_scan)}` : '') + (d.error ? ` · ${d.error}` : '');
        return el('li', { class: 'device', dataset: { state: st, device: d.name }, title: detail },
          el('span', { class: 'dot', 'aria-hidden': 'true' }),
          el('span', { class: 'device-name', text: d.name }),
          el('span', { class: 'device-state', text: t('dev.' + st) }));
      }));
    }
    rfid.reader = devs.some((d) => RFID_DRIVERS.includes(String(d.driver || '').toLowerCase()));
    renderRfidVisible();
    const troubled = new Set();
    for (const d of devs) {
      if (d.state === 'connected') continue;
      const key = `device:${d.name}`;
      troubled.add(key);
      const name = d.name;
      const err = d.error || '';
      const text = d.state === 'disconnected' ? () => t('banner.devDisconnected', { name })
        : () => t('banner.devError', { name, error: err || t('dev.error') });
      const p = problems.get(key);
      if (p) { p.text = text; renderBanner(); } else setProblem(key, text);
    }
    for (const key of [...problems.keys()]) {
      if (key.startsWith('device:') && !troubled.has(key)) clearProblem(key);
    }
  }

  async function loadDevices() {
    try {
      state.devices = (await api('/api/devices')) || [];
      renderDevices();
    } catch { /* the socket reports connection trouble; the list comes with it too */ }
  }

  // ------------------------------------------------------- active visit

  async function claimActive() {
    try {
      await api('/api/active', { method: 'PUT', body: { visit_id: visitId } });
      state.activeId = visitId;
      clearProblem('active');
      if (problems.has('no_visit')) renderBanner(); // the offer to make it active is done
    } catch (e) {
      setProblem('active', () => t('banner.active', { error: e.message }), [
        { label: () => t('banner.tryAgain'), run: claimActive },
      ]);
    }
  }

  async function checkActive() {
    let r;
    try { r = await api('/api/active'); } catch { return; } // connection trouble has its own banner
    const id = r ? r.visit_id : null;
    const was = state.activeId;
    state.activeId = id;
    if (was !== id && problems.has('no_visit')) renderBanner();
    if (id == null) {
      await claimActive(); // e.g. the daemon restarted: this open visit takes the scanners again
    } else if (id !== visitId) {
      setProblem('active', () => t('banner.activeOther', { id }), [
        { label: () => t('banner.makeActive'), run: claimActive },
      ]);
    } else {
      clearProblem('active');
    }
  }

  // ------------------------------------------------------------ loading

  // refreshVisit reads the visit afresh; it answers 'ok', 'missing' (no such
  // visit) or 'error' (the daemon is unreachable or failed).
  async function refreshVisit() {
    try {
      const v = await api(`/api/visits/${visitId}`);
      state.visit = { id: v.id, location_id: v.location_id, date: v.date, location: v.location };
      if (socket.lastSeq !== null && v.seq < socket.lastSeq) socket.resync(); // the log went back in time
      applyMode(v.mode, v.seq);
      setBasket(v.basket, v.seq);
      setTally(v.tally, v.seq);
      renderHeader();
      loadPreparation(0);
      clearProblem('load');
      return 'ok';
    } catch (e) {
      if (e.status === 404) {
        setProblem('load', () => t('visit.notFound', { id: visitId }), [
          { label: () => t('visit.change'), run: () => location.assign('/') },
        ]);
        return 'missing';
      }
      if (e.status !== 0) {
        setProblem('load', () => t('banner.load', { error: e.message }), [
          { label: () => t('banner.tryAgain'), run: refreshVisit },
        ]);
      }
      return 'error';
    }
  }

  // ------------------------------------------------------------ socket

  let wsGrace = 0;
  let camera = null; // set once the socket exists
  let members = null; // the member bar, set once the socket exists
  function onConn(s) {
    state.conn = s;
    if (camera) camera.onConn(s);
    renderConn($('#conn-state'), s, state.everConnected);
    clearTimeout(wsGrace);
    if (s === 'connected') {
      if (state.everConnected) {
        checkActive();
        refreshVisit();
      }
      loadField();
      state.everConnected = true;
      renderConn($('#conn-state'), s, true);
      clearProblem('ws');
    } else {
      // A short blip that the reconnect fixes at once is not worth an alarm.
      wsGrace = setTimeout(() => {
        if (state.conn !== 'connected') {
          setProblem('ws', () => t('banner.ws'));
          // In LAN mode a refused WebSocket may be an ended session.
          if (session.lan) checkSession();
        }
      }, state.everConnected ? 1000 : 2500);
    }
  }

  const socket = new VisitSocket(visitId, {
    onState: onConn,
    onMessage(m) {
      switch (m.type) {
        case 'snapshot': applySnapshot(m); break;
        case 'scan': applyScan(m, false); if (m.mode === 'pack') loadPreparation(); break;
        case 'void': applyVoid(m); loadPreparation(); break;
        case 'mode': applyMode(m.mode, m.seq); setTally(m.tally, m.seq); if (m.mode === 'pack') loadPreparation(0); if (members) members.onEvent(m); break;
        case 'devices': state.devices = Array.isArray(m.devices) ? m.devices : []; renderDevices(); break;
        case 'storage': setStorage(m.ok !== false, m.error); break;
        case 'scan_error': onScanError(m); break;
        case 'no_visit': onNoVisit(m); break;
        case 'rfid_field': applyField(m); break;
        case 'tag_bound': onTagBound(m); break;
        case 'bind_failed': onBindFailed(m); break;
        case 'frame_ack': if (camera) camera.onAck(m); break;
        case 'signoff': if (m.visit_id === visitId) signoff.refresh(); break;
        case 'receipt': if (state.activeId === visitId) showReceipt(m.code); break;
        default: break; // e.g. {"type":"error"}: nothing to show
      }
    },
  });

  // The page's own camera: frames go to the server on this socket.
  camera = initCamera(socket);

  // Sign-off and papers. The laptop offers both parties' signatures (the
  // school may sign here or on its own phone) and may reopen sealed counts.
  const signoff = initSignoff({ visitId, parties: ['school', 'officer'], canReopen: true });
  $('#signoff-open').addEventListener('click', () => signoff.open().catch((e) => setProblem('signoff', () => e.message, [
    { label: () => t('banner.dismiss'), run: () => clearProblem('signoff') }])));
  members = initMembers({ visitId, visit: () => state.visit, mode: () => state.mode, submitScan });
  const docs = initDocs({ visitId, visit: () => state.visit, sections: [() => members.loansSection()] });
  $('#docs-open').addEventListener('click', () => docs.open());

  // --------------------------------------------------------------- RFID

  // A UHF reader counts a whole basket: the panel shows how many tags are
  // in its field now (the number settles as the basket is read), lists the
  // tags that belong to no book, and binds a new tag to a book: the next
  // scan from the scan field names the book, then the reader's next tag
  // with no book is bound to it (the server does that within 30 s).
  const RFID_DRIVERS = ['chafon', 'r2000'];
  const SHOW_UNMAPPED = 10;
  const rfid = {
    reader: false, // a reader is configured
    seen: false, // tags were seen: the panel stays for the rest of the visit
    count: 0, unmapped: [], binding: null, changed: 0,
    bind: 'idle', // idle | await-barcode | await-tag
    forEpc: '', // the unmapped tag whose button started binding, if any
    code: '', item: null, deadline: 0, armedSeen: false, busy: false, gen: 0,
    result: null, // {ok, text: () => string}
    listKey: null,
  };
  let bindTimer = 0;
  let settleTimer = 0;
  let resultTimer = 0;

  function renderRfidVisible() {
    $('#rfid-panel').hidden = !(rfid.reader || rfid.seen || rfid.bind !== 'idle');
  }

  function applyField(m) {
    if (!m) return;
    const n = Number.isFinite(m.count) ? m.count : 0;
    if (n !== rfid.count) rfid.changed = performance.now();
    rfid.count = n;
    rfid.unmapped = Array.isArray(m.unmapped) ? m.unmapped.map(String) : [];
    rfid.binding = typeof m.binding === 'string' ? m.binding : null;
    if (n > 0) rfid.seen = true;
    // Our binding ended on the server with no tag_bound for it: another
    // screen cancelled it or armed another book.
    if (rfid.bind === 'await-tag' && rfid.item) {
      if (rfid.binding === rfid.item.code) rfid.armedSeen = true;
      else if (rfid.armedSeen) {
        const gen = rfid.gen;
        setTimeout(() => { if (rfid.gen === gen && rfid.bind === 'await-tag') endBind(false, () => t('rfid.takenOver')); }, 600);
      }
    }
    renderRfid();
  }

  async function loadField() {
    try { applyField(await api('/api/rfid/field')); } catch { /* the socket brings it too */ }
  }

  // renderRfid redraws the panel; the list of unmapped tags only when it
  // changed (or all, for a language switch), so a keyboard user's focus on
  // one of its buttons survives the field's updates.
  function renderRfid(all = false) {
    renderRfidVisible();
    const panel = $('#rfid-panel');
    panel.dataset.bind = rfid.bind;
    document.body.dataset.rfidBind = rfid.bind;
    const num = $('#rfid-field-count');
    const text = fmtNum(rfid.count);
    if (num.textContent !== text) num.textContent = text;
    $('#rfid-unit').textContent = t(rfid.count === 1 ? 'rfid.unitOne' : 'rfid.unit');
    renderSettled();

    const key = `${rfid.unmapped.join(',')}|${rfid.bind}`;
    if (all || key !== rfid.listKey) {
      rfid.listKey = key;
      const box = $('#rfid-unmapped-box');
      const list = $('#rfid-unmapped');
      const shown = rfid.unmapped.slice(0, SHOW_UNMAPPED);
      const hadFocus = list.contains(document.activeElement) ? document.activeElement.closest('li').dataset.epc : null;
      list.replaceChildren(...shown.map((epc) => el('li', { class: 'rfid-tag', dataset: { epc } },
        el('code', { class: 'rfid-epc', text: epc }),
        el('button', {
          type: 'button', class: 'btn btn-small rfid-bind-one', text: t('rfid.bindOne'),
          'aria-label': t('rfid.bindOneLabel', { epc }), disabled: rfid.bind !== 'idle',
          onclick: () => startBind(epc),
        }))));
      if (hadFocus) {
        const b = list.querySelector(`li[data-epc="${CSS.escape(hadFocus)}"] button`);
        if (b && !b.disabled) b.focus();
      }
      $('#rfid-unmapped-n').textContent = rfid.unmapped.length ? `(${fmtNum(rfid.unmapped.length)})` : '';
      const more = rfid.unmapped.length - shown.length;
      $('#rfid-unmapped-more').textContent = more > 0 ? t('rfid.more', { n: fmtNum(more) }) : '';
      $('#rfid-unmapped-more').hidden = more <= 0;
      box.hidden = rfid.unmapped.length === 0;
    }

    const bindBtn = $('#rfid-bind');
    bindBtn.hidden = rfid.bind !== 'idle';
    $('#rfid-bind-cancel').hidden = rfid.bind === 'idle';
    $('#rfid-bind-cancel').disabled = rfid.busy && rfid.bind === 'await-barcode';
    const bindBox = $('#rfid-bind-box');
    bindBox.hidden = rfid.bind === 'idle';
    if (rfid.bind !== 'idle') {
      const status = bindStatus();
      if ($('#rfid-bind-status').textContent !== status) $('#rfid-bind-status').textContent = status;
      renderCountdown();
    }
    const res = $('#rfid-bind-result');
    res.hidden = !rfid.result || rfid.bind !== 'idle';
    if (rfid.result) {
      res.textContent = rfid.result.text();
      res.dataset.result = rfid.result.ok ? 'ok' : 'bad';
    }
    renderPlaceholder();
  }

  // "stabil" once the count has not changed for the reader's window.
  function renderSettled() {
    const s = $('#rfid-settled');
    clearTimeout(settleTimer);
    if (!rfid.count) {
      s.textContent = '';
      s.dataset.settled = 'none';
      return;
    }
    const quiet = performance.now() - rfid.changed;
    const settled = quiet >= 2000;
    s.dataset.settled = settled ? 'true' : 'false';
    s.textContent = t(settled ? 'rfid.settled' : 'rfid.changing');
    if (!settled) settleTimer = setTimeout(renderSettled, 2000 - quiet + 20);
  }

  function bindStatus() {
    if (rfid.bind === 'await-barcode') {
      if (rfid.busy) return t('rfid.arming', { code: rfid.code });
      return rfid.forEpc ? t('rfid.awaitBarcodeFor', { epc: rfid.forEpc }) : t('rfid.awaitBarcode');
    }
    const title = (rfid.item && (rfid.item.title || rfid.item.code)) || rfid.code;
    let s = t('rfid.awaitTag', { title });
    // The server binds the first tag with no book it hears: say so when
    // there is more than one in the field.
    if (rfid.unmapped.length > 1) s += ` ${t('rfid.othersNear')}`;
    return s;
  }

  function renderCountdown() {
    const c = $('#rfid-bind-countdown');
    if (rfid.bind !== 'await-tag') {
      c.textContent = t('rfid.escHint');
      return;
    }
    const left = Math.max(0, Math.ceil((rfid.deadline - Date.now()) / 1000));
    c.textContent = `${t('rfid.left', { s: fmtNum(left) })} · ${t('rfid.escHint')}`;
    c.dataset.low = left <= 5 ? 'true' : 'false';
  }

  function renderPlaceholder() {
    input.placeholder = t(state.storage ? 'scan.placeholderStorage'
      : rfid.bind === 'await-barcode' ? 'rfid.placeholder' : 'scan.placeholder');
  }

  function bindFlash() {
    const forTag = rfid.bind === 'await-tag';
    flash(() => ({
      category: 'info', outcome: 'rfid_bind', icon: 'i-link', word: t('rfid.bind'),
      title: forTag ? t('rfid.awaitTag', { title: (rfid.item && (rfid.item.title || rfid.item.code)) || rfid.code })
        : (rfid.forEpc ? t('rfid.awaitBarcodeFor', { epc: rfid.forEpc }) : t('rfid.awaitBarcode')),
      reason: t('rfid.escHint'),
    }));
  }

  function startBind(epc = '') {
    if (rfid.bind !== 'idle') return;
    rfid.gen++;
    rfid.bind = 'await-barcode';
    rfid.forEpc = epc;
    rfid.code = '';
    rfid.item = null;
    rfid.busy = false;
    rfid.armedSeen = false;
    rfid.result = null;
    clearTimeout(resultTimer);
    renderRfid();
    bindFlash();
    tone('info');
    setTimeout(focusScan, 0);
  }

  // takeScan: a code from the scan field is a scan, unless a tag binding
  // waits for the book's barcode.
  function takeScan(code, source) {
    if (rfid.bind === 'await-barcode' && !rfid.busy) {
      armBind(code.trim());
      return;
    }
    submitScan(code, source);
  }

  async function armBind(code) {
    if (!code) return;
    const gen = rfid.gen;
    rfid.code = code;
    rfid.busy = true;
    rfid.early = null;
    renderRfid();
    try {
      const res = await api('/api/rfid/bind', { method: 'POST', body: { item_code: code } });
      if (gen !== rfid.gen || rfid.bind !== 'await-barcode') {
        // Cancelled while the server armed it: disarm (the DELETE sent on
        // cancel may have overtaken this request).
        api('/api/rfid/bind', { method: 'DELETE' }).catch(() => {});
        return;
      }
      rfid.busy = false;
      rfid.item = (res && res.item) || { code, title: code };
      // The server's clock decides; a laptop's clock that is off by more
      // than the window would show nonsense, so fall back to 30 s then.
      let left = Date.parse(res && res.until) - Date.now();
      if (!(left > 0 && left <= 35000)) left = 30000;
      rfid.deadline = Date.now() + left;
      rfid.bind = 'await-tag';
      clearInterval(bindTimer);
      bindTimer = setInterval(() => {
        if (rfid.bind !== 'await-tag') { clearInterval(bindTimer); return; }
        if (Date.now() >= rfid.deadline + 500) endBind(false, () => t('rfid.timeout'));
        else renderCountdown();
      }, 250);
      renderRfid();
      bindFlash();
      const m = rfid.early;
      rfid.early = null;
      if (m) (m.type === 'tag_bound' ? onTagBound : onBindFailed)(m);
    } catch (e) {
      if (gen !== rfid.gen) return;
      const msg = e.message;
      endBind(false, e.status === 404 ? () => t('rfid.notFound', { code }) : () => t('rfid.armFailed', { code, error: msg }));
    }
  }

  // endBind leaves bind mode with a result line (and a flash and a tone).
  function endBind(ok, text, { quiet = false } = {}) {
    rfid.gen++;
    rfid.bind = 'idle';
    rfid.busy = false;
    rfid.forEpc = '';
    clearInterval(bindTimer);
    rfid.result = { ok, text };
    clearTimeout(resultTimer);
    resultTimer = setTimeout(() => { rfid.result = null; renderRfid(); }, ok ? 15000 : 30000);
    renderRfid();
    if (!quiet) {
      flash(() => ({ category: ok ? 'ok' : 'bad', outcome: ok ? 'tag_bound' : 'bind_failed', word: t(ok ? 'rfid.boundWord' : 'rfid.failWord'), title: text(), reason: '' }));
      scanTone(ok ? 'ok' : 'bad');
    }
  }

  async function cancelBind() {
    if (rfid.bind === 'idle') return;
    const armed = rfid.bind === 'await-tag' || rfid.busy;
    endBind(false, () => t('rfid.cancelled'), { quiet: true });
    flash(() => ({ category: 'void', outcome: 'bind_cancelled', word: t('rfid.cancel'), title: t('rfid.cancelled'), reason: '' }));
    tone('void');
    if (!armed) return;
    try {
      await api('/api/rfid/bind', { method: 'DELETE' });
    } catch (e) {
      const msg = e.message;
      rfid.result = { ok: false, text: () => t('rfid.cancelFailed', { error: msg }) };
      renderRfid();
    }
  }

  function ours(m) {
    return rfid.bind === 'await-tag' && rfid.item && m && m.item && m.item.code === rfid.item.code;
  }

  // With the basket on the reader, the server may bind a tag before this
  // page has the answer to its own bind request: keep such a message for
  // when the answer comes.
  function early(m) {
    if (rfid.busy && m && m.item && m.item.code === rfid.code) { rfid.early = m; return true; }
    return false;
  }

  function onTagBound(m) {
    if (early(m)) return;
    if (!ours(m)) return; // another screen's binding
    const epc = String(m.epc || '');
    const title = m.item.title || m.item.code;
    endBind(true, () => t('rfid.bound', { epc, title }));
  }

  function onBindFailed(m) {
    if (early(m)) return;
    if (!ours(m)) return;
    const epc = String(m.epc || '');
    const title = m.item.title || m.item.code;
    const error = String(m.error || '');
    endBind(false, () => t('rfid.failed', { epc, title, error }));
  }

  $('#rfid-bind').addEventListener('click', () => startBind());
  $('#rfid-bind-cancel').addEventListener('click', () => { cancelBind(); setTimeout(focusScan, 0); });

  // ----------------------------------------------------------- language

  onLangChange(() => {
    renderHeader();
    renderScans();
    renderBaskets();
    renderBanner();
    renderDevices();
    renderConn($('#conn-state'), state.conn, state.everConnected);
    if (!$('#manual-hint').hidden) showManualHint(true);
    $('#focus-warning').textContent = t('scan.windowBlur');
    renderPlaceholder();
    if (lastFlash) flash(lastFlash, false);
    renderTallyAll();
    renderRfid(true);
  });

  // -------------------------------------------------------------- start

  $('#open-viewer').href = `/viewer?visit=${visitId}`;
  // In LAN mode the school screen is the teacher's phone: pair it by QR.
  initPair(visitId, () => setTimeout(focusScan, 0));
  $('#open-viewer').addEventListener('click', (e) => {
    if (!session.lan) return; // a new tab, as the link says
    e.preventDefault();
    openPair();
  });
  // Signed in again after the session ended: catch up with what was missed.
  onResume(() => {
    renderHeader();
    if (socket.state !== 'connected') socket.reconnectNow();
    refreshVisit();
    checkActive();
    loadDevices();
    loadField();
    setTimeout(focusScan, 0);
  });
  $('#focus-warning').textContent = t('scan.windowBlur');
  renderHeader();
  renderScans();
  renderBaskets();
  renderDevices();
  renderRfid();
  flashIdle();
  renderConn($('#conn-state'), 'disconnected', false);
  if (!coarse) focusScan();
  window.addEventListener('resize', () => renderTallyAll());
  refreshVisit().then((found) => {
    if (found === 'missing') { // nothing to follow: say so, and only that
      $('#conn-state').hidden = true;
      return;
    }
    onConn('disconnected');
    socket.start();
    loadDevices();
    loadField();
    claimActive();
    setInterval(checkActive, 15000);
  });
}
