// Shared by the operator and viewer pages: language, formatting, the API and
// WebSocket clients, outcome wording and the scan sounds.

export const MODES = ['pack', 'lend', 'return', 'recount'];

export const MODE_ICON = { pack: 'i-pack', lend: 'i-lend', return: 'i-return', recount: 'i-recount' };

// The tally numbers that matter in each mode; the operator page highlights them.
export const RELEVANT = {
  pack: ['packed'],
  lend: ['lent', 'outstanding'],
  return: ['returned', 'outstanding'],
  recount: ['expected_in_vehicle', 'recounted', 'missing', 'extra'],
};

export const KINDS = ['school', 'university', 'institution', 'orphanage', 'children_home', 'community'];
export const LEVELS = ['SD', 'SMP', 'SMA', 'umum'];

// ---------------------------------------------------------------- language

const DICT = {
  id: {
    'app.name': 'ANTER KOPER Buku',
    'lang.switch': 'English',
    'lang.switch.label': 'Switch the language to English',
    'mode.label': 'Mode',
    'mode.choose': 'Pilih mode',
    'mode.pack': 'Kemas', 'mode.lend': 'Pinjamkan', 'mode.return': 'Kembalikan', 'mode.recount': 'Hitung ulang',
    'mode.active': 'aktif',
    'tally.title': 'Jumlah',
    'tally.packed': 'Dikemas', 'tally.lent': 'Dipinjamkan', 'tally.returned': 'Dikembalikan',
    'tally.outstanding': 'Masih di sekolah', 'tally.expected_in_vehicle': 'Di mobil',
    'tally.outstanding.place': 'Masih di lokasi',
    'tally.missing': 'Hilang', 'tally.extra': 'Lebih', 'tally.recounted': 'Terhitung ulang',
    'tally.rejected': 'Ditolak', 'tally.duplicate': 'Duplikat', 'tally.unknown': 'Tidak dikenal',
    'tally.other_location': 'Lokasi lain',
    'conn.connected': 'Terhubung', 'conn.disconnected': 'Terputus, menyambung ulang…',
    'conn.connecting': 'Menyambung…',
    'kind.school': 'Sekolah', 'kind.university': 'Perguruan tinggi', 'kind.institution': 'Instansi',
    'kind.orphanage': 'Panti asuhan', 'kind.children_home': 'Panti anak terlantar', 'kind.community': 'Masyarakat umum',
    'level.SD': 'SD', 'level.SMP': 'SMP', 'level.SMA': 'SMA', 'level.umum': 'Umum',
    'accepted.pack': 'Dikemas', 'accepted.lend': 'Dipinjamkan', 'accepted.return': 'Dikembalikan',
    'accepted.recount': 'Ada di mobil', 'outcome.accepted': 'Diterima',
    'reason.accepted.pack': 'Masuk keranjang {basket}', 'reason.accepted.packNoBasket': 'Masuk daftar muatan kunjungan ini',
    'reason.accepted.lend': 'Dipinjamkan ke {name}', 'reason.accepted.return': 'Kembali dari {name}',
    'reason.accepted.recount': 'Tercatat ada di mobil', 'reason.accepted': 'Tercatat',
    'outcome.duplicate': 'Duplikat', 'reason.duplicate': 'Sudah dipindai',
    'outcome.unknown': 'Tidak dikenal', 'reason.unknown': 'Kode tidak dikenal di katalog',
    'outcome.not_packed': 'Tidak dikemas', 'reason.not_packed': 'Buku ini tidak dikemas untuk kunjungan ini',
    'outcome.already_lent': 'Sudah dipinjamkan', 'outcome.on_loan': 'Sedang dipinjam',
    'reason.lentTo': 'Buku ini sudah dipinjamkan ke {name}', 'reason.lent': 'Buku ini sedang dipinjamkan',
    'outcome.not_on_loan': 'Tidak dipinjam', 'reason.not_on_loan': 'Buku ini tidak sedang dipinjam',
    'outcome.other_location': 'Lokasi lain', 'reason.other_location': 'Dikembalikan, tetapi dipinjam oleh {name}',
    'reason.other_location.unnamed': 'Dikembalikan, tetapi dipinjam oleh lokasi lain',
    'outcome.isbn': 'ISBN', 'reason.isbn': 'Ini ISBN, pindai barcode eksemplar/label buku',
    'outcome.extra': 'Lebih', 'reason.extra': 'Tidak seharusnya ada di mobil',
    'outcome.basket': 'Keranjang', 'reason.basket': 'Keranjang aktif sekarang: {basket}',
    'outcome.invalid': 'Tidak valid', 'reason.invalid': 'Kode kosong atau tidak terbaca',
    'outcome.no_visit': 'Tanpa kunjungan', 'reason.no_visit': 'Tidak ada kunjungan aktif untuk pemindai',
    'outcome.other': 'Ditolak',
    'err.code.sealed': 'Angka kunjungan ini sudah ditandatangani kedua pihak dan disegel — buka kembali (dengan alasan) untuk mengubahnya.',
    'err.code.numbers_changed': 'Angka berubah saat menandatangani — periksa lagi lalu tanda tangani.',
    'err.code.already_signed': 'Pihak ini sudah menandatangani.',
    'err.code.step_order': 'Langkah ini belum bisa dilakukan: urutannya tidak sesuai SOP untuk status lokasi sekarang.',
    'err.code.holiday': 'Tanggal itu hari libur nasional atau cuti bersama.',
    'err.code.weekend': 'Tanggal itu bukan hari kerja.',
    'err.code.double_booked': 'Kendaraan itu sudah penuh pada tanggal itu.',
    'err.code.other_month': 'Kunjungan hanya bisa dipindah di dalam bulannya sendiri.',
    'err.code.bad_vehicle': 'Nomor kendaraan itu tidak ada.',
    'err.code.not_ready': 'Belum siap berangkat: kemas semua buku di daftar dan centang seluruh perlengkapan.',
    'err.code.timeline_order': 'Langkah ini tidak sesuai urutan (atau sudah tercatat).',
    'outcome.member': 'Kartu anggota', 'reason.member': 'Buku berikutnya dipinjamkan ke anggota ini',
    'outcome.limit': 'Batas pinjam', 'reason.limit': 'Anggota ini sudah meminjam sebanyak batasnya — buku tidak dipinjamkan',
    'code': 'Kode',
    'voided': 'dibatalkan',
    'err.network': 'server tidak dapat dihubungi', 'err.timeout': 'server tidak menjawab',
    'err.http': 'galat server ({status})',
  },
  en: {
    'app.name': 'ANTER KOPER Buku',
    'lang.switch': 'Bahasa Indonesia',
    'lang.switch.label': 'Ganti bahasa ke Bahasa Indonesia',
    'mode.label': 'Mode',
    'mode.choose': 'Choose the mode',
    'mode.pack': 'Pack', 'mode.lend': 'Lend', 'mode.return': 'Return', 'mode.recount': 'Recount',
    'mode.active': 'active',
    'tally.title': 'Counts',
    'tally.packed': 'Packed', 'tally.lent': 'Lent', 'tally.returned': 'Returned',
    'tally.outstanding': 'Still at school', 'tally.expected_in_vehicle': 'In the vehicle',
    'tally.outstanding.place': 'Still at the location',
    'tally.missing': 'Missing', 'tally.extra': 'Extra', 'tally.recounted': 'Recounted',
    'tally.rejected': 'Rejected', 'tally.duplicate': 'Duplicates', 'tally.unknown': 'Unknown',
    'tally.other_location': 'Other location',
    'conn.connected': 'Connected', 'conn.disconnected': 'Disconnected, reconnecting…',
    'conn.connecting': 'Connecting…',
    'kind.school': 'School', 'kind.university': 'University', 'kind.institution': 'Institution',
    'kind.orphanage': 'Orphanage', 'kind.children_home': 'Home for neglected children', 'kind.community': 'General public',
    'level.SD': 'Primary (SD)', 'level.SMP': 'Junior high (SMP)', 'level.SMA': 'Senior high (SMA)', 'level.umum': 'General',
    'accepted.pack': 'Packed', 'accepted.lend': 'Lent', 'accepted.return': 'Returned',
    'accepted.recount': 'In the vehicle', 'outcome.accepted': 'Accepted',
    'reason.accepted.pack': 'Into basket {basket}', 'reason.accepted.packNoBasket': "Added to this visit's load",
    'reason.accepted.lend': 'Lent to {name}', 'reason.accepted.return': 'Back from {name}',
    'reason.accepted.recount': 'Counted in the vehicle', 'reason.accepted': 'Recorded',
    'outcome.duplicate': 'Duplicate', 'reason.duplicate': 'Already scanned',
    'outcome.unknown': 'Unknown', 'reason.unknown': 'Code not found in the catalogue',
    'outcome.not_packed': 'Not packed', 'reason.not_packed': 'This book was not packed for this visit',
    'outcome.already_lent': 'Already lent', 'outcome.on_loan': 'On loan',
    'reason.lentTo': 'This book is already lent to {name}', 'reason.lent': 'This book is out on loan',
    'outcome.not_on_loan': 'Not on loan', 'reason.not_on_loan': 'This book is not on loan',
    'outcome.other_location': 'Other location', 'reason.other_location': 'Returned, but it was lent to {name}',
    'reason.other_location.unnamed': 'Returned, but it was lent to another location',
    'outcome.isbn': 'ISBN', 'reason.isbn': "This is an ISBN; scan the copy's barcode or label",
    'outcome.extra': 'Extra', 'reason.extra': 'Should not be in the vehicle',
    'outcome.basket': 'Basket', 'reason.basket': 'Current basket is now {basket}',
    'outcome.invalid': 'Invalid', 'reason.invalid': 'Empty or unreadable code',
    'outcome.no_visit': 'No visit', 'reason.no_visit': 'No active visit for the scanners',
    'outcome.other': 'Rejected',
    'err.code.sealed': "This visit's numbers are signed by both parties and sealed — reopen it (with a reason) to change them.",
    'err.code.numbers_changed': 'The numbers changed while signing — check them again, then sign.',
    'err.code.already_signed': 'This party has already signed.',
    'err.code.step_order': "This step cannot be taken yet: it is out of the SOP's order for the location's current status.",
    'err.code.holiday': 'That date is a national holiday or collective leave day.',
    'err.code.weekend': 'That date is not a working day.',
    'err.code.double_booked': 'That vehicle is already fully booked that day.',
    'err.code.other_month': 'A visit can only be moved within its own month.',
    'err.code.bad_vehicle': 'There is no vehicle with that number.',
    'err.code.not_ready': 'Not ready to leave: pack every listed book and tick the whole checklist.',
    'err.code.timeline_order': 'This step is out of order (or already recorded).',
    'outcome.member': 'Member card', 'reason.member': 'The next books are lent to this member',
    'outcome.limit': 'Loan limit', 'reason.limit': 'This member already has as many books as allowed — not lent',
    'code': 'Code',
    'voided': 'undone',
    'err.network': 'cannot reach the server', 'err.timeout': 'the server did not answer',
    'err.http': 'server error ({status})',
  },
};

const LANG_KEY = 'anterkoper.lang';
let lang = 'id';
const langListeners = [];

function readLang() {
  try {
    const v = localStorage.getItem(LANG_KEY);
    if (v === 'id' || v === 'en') return v;
  } catch { /* storage may be disabled */ }
  return 'id';
}

export function getLang() { return lang; }

// addDict lets a page add its own strings.
export function addDict(extra) {
  for (const l of Object.keys(extra)) Object.assign(DICT[l], extra[l]);
}

// t translates key, filling {name} style parameters. A key missing in
// English falls back to Indonesian, then to the key itself.
export function t(key, params) {
  let s = DICT[lang][key] ?? DICT.id[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? '') + '');
  return s;
}

export function hasKey(key) { return key in DICT.id; }

// applyI18n fills elements marked data-i18n (text) and data-i18n-<attr>.
export function applyI18n(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const data = 'i18n' + attr.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('');
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data]));
  }
}

export function onLangChange(fn) { langListeners.push(fn); }

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'id';
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* ignore */ }
  applyI18n();
  for (const fn of langListeners) fn(lang);
}

// initLang reads the remembered language, translates the page and wires
// the switch button.
export function initLang(button) {
  lang = readLang();
  applyI18n();
  if (!button) return;
  const label = () => {
    button.textContent = t('lang.switch');
    button.setAttribute('aria-label', t('lang.switch.label'));
    button.lang = lang === 'id' ? 'en' : 'id';
  };
  label();
  onLangChange(label);
  button.addEventListener('click', () => setLang(lang === 'id' ? 'en' : 'id'));
  // Another tab switched the language: follow it.
  window.addEventListener('storage', (e) => {
    if (e.key === LANG_KEY && (e.newValue === 'id' || e.newValue === 'en') && e.newValue !== lang) setLang(e.newValue);
  });
}

// -------------------------------------------------------------- formatting

const numFmt = new Intl.NumberFormat('id-ID');
export function fmtNum(n) { return numFmt.format(Number.isFinite(n) ? n : 0); }

const TZ = 'Asia/Jakarta';
const timeFmts = {
  id: new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: TZ }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: TZ }),
};
const dateFmt = new Intl.DateTimeFormat('id-ID', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TZ });

// fmtTime shows an RFC 3339 time as a WIB clock time: "14.05.09 WIB".
export function fmtTime(iso) {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${timeFmts[lang].format(d)} WIB`;
}

// fmtDate shows "2026-11-27" (or an RFC 3339 time) as 27/11/2026.
export function fmtDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? (s || '') : dateFmt.format(d);
}

const stampFmt = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TZ,
});

// fmtDateTime shows an RFC 3339 time as "27/11/2026 14:05 WIB".
export function fmtDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(stampFmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute} WIB`;
}

// parseDate reads a date typed as 27/11/2026 (also with - or . between the
// parts) or as 2026-11-27, and returns it as YYYY-MM-DD, or null when it is
// no real date.
export function parseDate(text) {
  const s = (text || '').trim();
  let y, m, d;
  let r = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (r) [, d, m, y] = r.map(Number);
  else if ((r = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [, y, m, d] = r.map(Number);
  else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

// addDays moves a YYYY-MM-DD date by n days.
export function addDays(iso, n) {
  const dt = new Date(`${iso}T00:00:00Z`);
  dt.setUTCDate(dt.getUTCDate() + n);
  return dt.toISOString().slice(0, 10);
}

// todayWIB is today's date in Central Java as YYYY-MM-DD.
export function todayWIB(now = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

// nameOutstanding words the "still out on loan" number for the kind of
// place: at a school it is "Masih di sekolah", elsewhere "Masih di lokasi".
export function nameOutstanding(kind, root = document) {
  const key = !kind || kind === 'school' ? 'tally.outstanding' : 'tally.outstanding.place';
  for (const n of root.querySelectorAll('[data-i18n="tally.outstanding"], [data-i18n="tally.outstanding.place"]')) {
    n.dataset.i18n = key;
    n.textContent = t(key);
  }
}

export function kindLabel(k) { return hasKey('kind.' + k) ? t('kind.' + k) : (k || ''); }
export function levelLabel(l) { return hasKey('level.' + l) ? t('level.' + l) : (l || ''); }
export function modeLabel(m) { return hasKey('mode.' + m) ? t('mode.' + m) : (m || '—'); }

// ------------------------------------------------------------------- DOM

export const $ = (sel, root = document) => root.querySelector(sel);

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c != null && c !== false) e.append(c);
  return e;
}

// icon returns an <svg> that uses one of the page's sprite symbols. The
// markup is constant: nothing from the network goes through innerHTML.
export function icon(id, cls = 'icon') {
  const span = document.createElement('span');
  span.innerHTML = `<svg class="${cls}" aria-hidden="true" focusable="false"><use href="#${id}"></use></svg>`;
  return span.firstChild;
}

// fitText shrinks a number's font only when it would overflow its box
// (a four-digit count on a phone); otherwise the CSS size stands.
export function fitText(node) {
  node.style.fontSize = '';
  const avail = node.clientWidth;
  if (!avail || node.scrollWidth <= avail) return;
  const size = parseFloat(getComputedStyle(node).fontSize);
  node.style.fontSize = `${Math.floor((size * avail) / node.scrollWidth)}px`;
}

export const TALLY_KEYS = ['packed', 'lent', 'returned', 'recounted', 'outstanding', 'expected_in_vehicle',
  'missing', 'extra', 'unknown', 'duplicate', 'rejected', 'other_location'];

// renderTally writes every [data-tally] number below root.
export function renderTally(tally, root = document) {
  if (!tally) return;
  for (const node of root.querySelectorAll('[data-tally]')) {
    const text = fmtNum(tally[node.dataset.tally] ?? 0);
    if (node.textContent !== text) {
      node.textContent = text;
      node.classList.remove('bump');
      void node.offsetWidth; // restart the animation
      node.classList.add('bump');
    }
    if (/-num\b/.test(node.className)) fitText(node);
  }
}

// ---------------------------------------------------------------- outcomes

// Outcome categories: ok (green), warn (amber), bad (red), info (blue).
const CATEGORY = {
  accepted: 'ok',
  other_location: 'warn', duplicate: 'warn', isbn: 'warn', extra: 'warn',
  basket: 'info', member: 'info',
  limit: 'bad',
  unknown: 'bad', not_packed: 'bad', already_lent: 'bad', on_loan: 'bad', not_on_loan: 'bad',
  invalid: 'bad', no_visit: 'bad',
};
export function outcomeCategory(outcome) { return CATEGORY[outcome] || 'bad'; }

export const CATEGORY_ICON = { ok: 'i-ok', warn: 'i-warn', bad: 'i-bad', info: 'i-basket', void: 'i-undo', idle: 'i-info' };

// outcomeWord is the one or two words shown in capitals on the flash.
export function outcomeWord(ev) {
  if (ev.outcome === 'accepted') return hasKey('accepted.' + ev.mode) ? t('accepted.' + ev.mode) : t('outcome.accepted');
  return hasKey('outcome.' + ev.outcome) ? t('outcome.' + ev.outcome) : (ev.outcome || t('outcome.other'));
}

// outcomeReason is the one-line reason in plain words. place is the
// visit's location name (for "Dipinjamkan ke …").
export function outcomeReason(ev, place = '') {
  const other = ev.other_location && ev.other_location.name;
  switch (ev.outcome) {
    case 'accepted':
      if (ev.mode === 'pack') return ev.basket ? t('reason.accepted.pack', { basket: ev.basket }) : t('reason.accepted.packNoBasket');
      if ((ev.mode === 'lend' || ev.mode === 'return') && place) return t('reason.accepted.' + ev.mode, { name: place });
      if (ev.mode === 'recount') return t('reason.accepted.recount');
      return t('reason.accepted');
    case 'already_lent':
    case 'on_loan':
      return other ? t('reason.lentTo', { name: other }) : t('reason.lent');
    case 'other_location':
      return other ? t('reason.other_location', { name: other }) : t('reason.other_location.unnamed');
    case 'basket':
      // A basket scan's own "basket" is the one it replaced; its code is the new one.
      return t('reason.basket', { basket: ev.code || '' });
    default:
      return hasKey('reason.' + ev.outcome) ? t('reason.' + ev.outcome) : '';
  }
}

// itemTitle is what a scan is called on screen: the title when the catalog
// knows the item, else the ISBN's first candidate, else the scanned code.
export function itemTitle(ev) {
  if (ev.item && ev.item.title) return ev.item.title;
  if (ev.outcome === 'isbn' && ev.candidates && ev.candidates[0] && ev.candidates[0].title) return ev.candidates[0].title;
  if (ev.outcome === 'basket') return ev.code || '';
  if (ev.outcome === 'member') return t('outcome.member'); // no card number on any screen's list
  return ev.code || '';
}

// ------------------------------------------------------------------- HTTP

// errorText is what to show for a refused request: the page's own words for
// a refusal the server names with a code, else the server's message.
export function errorText(data, status) {
  if (data && typeof data.code === 'string' && hasKey('err.code.' + data.code)) return t('err.code.' + data.code);
  return (data && typeof data.error === 'string' && data.error) || t('err.http', { status });
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status; // 0: no answer (network error or timeout)
  }
}

function timeoutSignal(ms) {
  if (AbortSignal.timeout) return AbortSignal.timeout(ms);
  const c = new AbortController();
  setTimeout(() => c.abort(new DOMException('timeout', 'TimeoutError')), ms);
  return c.signal;
}

// In LAN mode the server wants a CSRF token on every state-changing
// request (the session itself is an HttpOnly cookie the browser sends), and
// a paired phone names its viewer token on every read.
let csrf = null;
let viewerToken = null;
let onUnauthorized = null;
let refreshCsrf = null;

export function setCsrf(token) { csrf = token || null; }

// csrfHeader is the header a raw fetch() that changes something sends (a
// photo upload, a file export), like api() does.
export function csrfHeader() { return csrf ? { 'X-CSRF-Token': csrf } : {}; }

// setCsrfRefresher names how to learn the session's current CSRF token
// (another tab may have signed in again, which makes a new session): a
// change refused with 403 is retried once if the token turns out to differ.
export function setCsrfRefresher(fn) { refreshCsrf = fn; }

// setViewerToken makes every GET, and the WebSocket, carry ?token=T.
export function setViewerToken(token) { viewerToken = token || null; }

// setUnauthorizedHandler names what to do when the server answers 401 (the
// operator's session ended): the call still fails as usual.
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

// withToken adds the viewer token, if any, to a path's query.
export function withToken(path) {
  if (!viewerToken) return path;
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(viewerToken)}`;
}

// api calls the daemon and returns the decoded JSON (null for an empty
// body). Any failure, including a non-2xx answer, throws an ApiError whose
// message can be shown to a person. auth: false keeps a 401 to the caller
// (a wrong password is not an ended session).
export async function api(path, { method = 'GET', body, timeout = 10000, auth = true, retried = false } = {}) {
  const opts = { method, headers: { Accept: 'application/json' }, cache: 'no-store', signal: timeoutSignal(timeout) };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const read = method === 'GET' || method === 'HEAD';
  const sent = csrf;
  if (read) path = withToken(path);
  else if (csrf) opts.headers['X-CSRF-Token'] = csrf;
  let res, text;
  try {
    res = await fetch(path, opts);
    text = await res.text();
  } catch (e) {
    throw new ApiError(0, e && e.name === 'TimeoutError' ? t('err.timeout') : t('err.network'));
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { /* not JSON: an error page from something else */ }
  }
  if (res.status === 403 && !read && !retried && refreshCsrf) {
    // Nothing was changed; with a newer token the change may go through.
    let fresh = null;
    try { fresh = await refreshCsrf(); } catch { /* keep the 403 */ }
    if (fresh && fresh !== sent) return api(path, { method, body, timeout, auth, retried: true });
  }
  if (!res.ok) {
    if (res.status === 401 && auth && onUnauthorized) onUnauthorized();
    throw new ApiError(res.status, errorText(data, res.status));
  }
  return data;
}

// --------------------------------------------------------------- WebSocket

const RETRY_FIRST = 500;
const RETRY_MAX = 5000;

// VisitSocket follows one visit's event stream. It remembers the last seq
// it passed on; after a drop it reconnects with ?since=<seq> (0.5 s
// doubling to 5 s) and the server replays what was missed, so the page
// converges without a reload. Events at or below the last seq are dropped.
//
// onMessage(msg) gets snapshot, scan, void, mode, devices, storage,
// scan_error, no_visit and frame_ack messages (a snapshot after resync carries
// reset: true); onState(state) gets 'connected' or 'disconnected';
// onClose(code), if given, hears each close code (a browser cannot see why
// a handshake was refused: the page asks the server with a plain GET).
//
// Storage trouble is told on connect only while it lasts, right after the
// devices message. So a page that saw {"type":"storage","ok":false} and
// reconnects to a server that says nothing of it gets a synthetic
// {"type":"storage","ok":true,"implied":true}: the disk recovered meanwhile.
export class VisitSocket {
  constructor(visitId, { onMessage, onState, onClose }) {
    this.visitId = visitId;
    this.onMessage = onMessage;
    this.onState = onState;
    this.onClose = onClose;
    this.lastSeq = null;
    this.ws = null;
    this.delay = RETRY_FIRST;
    this.timer = 0;
    this.state = 'disconnected';
    this.stopped = false;
    this.storageBad = false;
    this.storageCheck = 0; // 0: nothing to check; 1: wait for devices; 2: the next message decides
    this.storageTimer = 0;
  }

  start() {
    this.connect();
    // A phone that wakes up or a laptop back on the hotspot: try at once.
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => { if (!document.hidden) this.reconnectNow(); });
  }

  // stop closes the connection for good (a revoked viewer link).
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.storageTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws) ws.close();
    this.setState('disconnected');
  }

  // resync forgets the last seq and reconnects for a fresh snapshot: for a
  // server whose log is behind what this page saw (a restored backup).
  resync() {
    this.lastSeq = null;
    this.resyncing = true; // the next snapshot says reset: true
    if (this.ws) this.ws.close(); // onclose reconnects
    else this.reconnectNow();
  }

  reconnectNow() {
    if (this.ws || this.stopped) return;
    this.delay = RETRY_FIRST;
    this.connect();
  }

  url() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let u = `/api/visits/${encodeURIComponent(this.visitId)}/ws`;
    if (this.lastSeq !== null) u += `?since=${this.lastSeq}`;
    return `${proto}//${location.host}${withToken(u)}`;
  }

  connect() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.retry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.storageCheck = this.storageBad ? 1 : 0;
      this.setState('connected');
    };
    ws.onmessage = (e) => { if (this.ws === ws) this.receive(e.data); };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.storageCheck = 0;
      clearTimeout(this.storageTimer);
      this.setState('disconnected');
      if (this.onClose) this.onClose(e.code);
      if (!this.stopped) this.retry();
    };
  }

  // sendBinary sends one binary message (a camera frame) on the open
  // connection; false when there is none to send it on.
  sendBinary(buf) {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try { ws.send(buf); } catch { return false; }
    return true;
  }

  retry() {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.connect(), this.delay);
    this.delay = Math.min(this.delay * 2, RETRY_MAX);
  }

  setState(s) {
    if (s === this.state) return;
    this.state = s;
    this.onState(s);
  }

  // storageSettled ends the check after a reconnect: no storage message
  // came where the server would have put it, so the disk is fine again.
  storageSettled() {
    this.storageCheck = 0;
    clearTimeout(this.storageTimer);
    if (!this.storageBad) return;
    this.storageBad = false;
    this.onMessage({ type: 'storage', ok: true, implied: true });
  }

  receive(data) {
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (!msg || typeof msg !== 'object') return;
    this.delay = RETRY_FIRST; // the server talks: the connection is healthy
    if (msg.type === 'frame_ack') { // an answer to a camera frame: not part of the event stream
      this.onMessage(msg);
      return;
    }
    if (msg.type === 'storage') {
      this.storageCheck = 0;
      clearTimeout(this.storageTimer);
      this.storageBad = msg.ok === false;
    } else if (this.storageCheck === 2) {
      this.storageSettled();
    } else if (this.storageCheck === 1 && msg.type === 'devices') {
      this.storageCheck = 2;
      this.storageTimer = setTimeout(() => this.storageSettled(), 1500);
    }
    if (msg.type === 'snapshot') {
      this.lastSeq = msg.seq ?? 0;
      if (this.resyncing) {
        msg.reset = true; // replace everything, even what looks newer
        this.resyncing = false;
      }
    } else if (typeof msg.seq === 'number') {
      if (this.lastSeq !== null && msg.seq <= this.lastSeq) return;
      this.lastSeq = msg.seq;
    }
    this.onMessage(msg);
  }
}

// ------------------------------------------------------------------- sound

let audio = null;

// unlockAudio creates or resumes the audio context; browsers allow sound
// only after a user gesture (a key press from a wedge scanner counts).
export function unlockAudio() {
  const AC = window.AudioContext || window.webkitAudioContext;
  if (!AC) return;
  if (!audio) {
    try { audio = new AC(); } catch { return; }
  }
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

function beep(freq, at, dur, type = 'sine', vol = 0.3) {
  const t0 = audio.currentTime + at;
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = type;
  osc.frequency.setValueAtTime(freq, t0);
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(vol, t0 + 0.01);
  gain.gain.setValueAtTime(vol, t0 + dur - 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + dur);
  osc.connect(gain).connect(audio.destination);
  osc.start(t0);
  osc.stop(t0 + dur + 0.02);
}

// tone plays one of the kiosk's sounds:
// ok: short high tone; bad: low double tone; flag (accepted but flagged):
// high then low; info (basket): neutral tone; void: falling pair;
// alarm (trouble banner): three low pulses.
export function tone(kind) {
  unlockAudio();
  if (!audio || audio.state !== 'running') return;
  switch (kind) {
    case 'ok': beep(1760, 0, 0.09); break;
    case 'bad': beep(220, 0, 0.16, 'square', 0.2); beep(220, 0.24, 0.16, 'square', 0.2); break;
    case 'flag': beep(1760, 0, 0.08); beep(330, 0.14, 0.18, 'square', 0.18); break;
    case 'info': beep(660, 0, 0.14, 'triangle', 0.35); break;
    case 'void': beep(880, 0, 0.08, 'triangle'); beep(587, 0.1, 0.12, 'triangle'); break;
    case 'alarm': for (let i = 0; i < 3; i++) beep(i % 2 ? 330 : 440, i * 0.22, 0.18, 'sawtooth', 0.15); break;
    default: break;
  }
}

// toneFor picks the sound for a scan outcome.
export function toneFor(outcome) {
  if (outcome === 'accepted') return 'ok';
  if (outcome === 'other_location') return 'flag';
  if (outcome === 'basket') return 'info';
  return 'bad';
}

// ------------------------------------------------------------- connection

// renderConn shows the WebSocket state in a #conn-state element.
export function renderConn(node, state, everConnected) {
  node.dataset.state = state;
  const text = node.querySelector('.conn-text') || node;
  text.textContent = state === 'connected' ? t('conn.connected') : (everConnected ? t('conn.disconnected') : t('conn.connecting'));
}
