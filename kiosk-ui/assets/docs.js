// The papers of a visit on the operator page: documentation photos (taken
// with the laptop's or a phone's camera, or picked from files), the loan
// receipt, the re-check and the activity report downloads, and the
// hand-off files for Koha and SLiMS. Also the panel a scanned receipt code
// opens: what that location must return, and a button to start taking it
// back.

import { $, el, t, addDict, api, ApiError, csrfHeader, fmtDate, fmtDateTime, fmtNum, getLang } from '{{asset:common.js}}';

addDict({
  id: {
    'docs.open': 'Dokumen & foto', 'docs.title': 'Dokumen & foto kunjungan', 'docs.close': 'Tutup',
    'docs.photos': 'Foto dokumentasi', 'docs.addPhoto': 'Ambil / pilih foto', 'docs.caption': 'Keterangan foto (boleh kosong)',
    'docs.noPhotos': 'Belum ada foto.', 'docs.uploading': 'Mengunggah {n} foto…', 'docs.uploaded': '{n} foto tersimpan.',
    'docs.papers': 'Unduh', 'docs.receipt': 'Bukti peminjaman (PDF)', 'docs.receiptWait': 'Bukti peminjaman: setelah kedua pihak tanda tangan',
    'docs.reconVisit': 'Pengecekan kembali kunjungan ini', 'docs.reconDay': 'Pengecekan kembali hari ini (semua kunjungan)',
    'docs.report': 'Laporan kegiatan kunjungan ini', 'docs.reportMonth': 'Laporan kegiatan bulan ini',
    'docs.handoff': 'Kirim ke sistem perpustakaan', 'docs.koc': 'File Koha (.koc)', 'docs.slims': 'CSV untuk SLiMS',
    'docs.handoffNote': 'Hanya baris yang belum pernah diekspor; salinannya disimpan di folder data.',
    'docs.exported': '{n} baris baru diekspor ke {file}.',
    'rc.title': 'Bukti kunjungan {number}', 'rc.must': '{place} masih meminjam {n} buku:',
    'rc.none': '{place} tidak sedang meminjam buku.', 'rc.open': 'Buka layar pengembalian', 'rc.close': 'Tutup',
    'rc.old': 'Bukti ini dari tanda tangan yang sudah dibuka kembali — angka terbaru yang berlaku.',
  },
  en: {
    'docs.open': 'Papers & photos', 'docs.title': "The visit's papers & photos", 'docs.close': 'Close',
    'docs.photos': 'Documentation photos', 'docs.addPhoto': 'Take / pick photos', 'docs.caption': 'Caption (optional)',
    'docs.noPhotos': 'No photos yet.', 'docs.uploading': 'Uploading {n} photos…', 'docs.uploaded': '{n} photos saved.',
    'docs.papers': 'Download', 'docs.receipt': 'Loan receipt (PDF)', 'docs.receiptWait': 'Loan receipt: once both parties have signed',
    'docs.reconVisit': "This visit's re-check", 'docs.reconDay': "Today's re-check (every visit)",
    'docs.report': "This visit's activity report", 'docs.reportMonth': "This month's activity report",
    'docs.handoff': 'Send to the library system', 'docs.koc': 'Koha file (.koc)', 'docs.slims': 'CSV for SLiMS',
    'docs.handoffNote': 'Only lines never exported before; a copy is kept in the data folder.',
    'docs.exported': '{n} new lines exported to {file}.',
    'rc.title': 'Receipt {number}', 'rc.must': '{place} still has {n} books on loan:',
    'rc.none': '{place} has no books on loan.', 'rc.open': 'Open the return screen', 'rc.close': 'Close',
    'rc.old': 'This receipt is from a sign-off that was reopened — the newest numbers stand.',
  },
});

function link(href, text, id) {
  return el('a', { class: 'btn btn-small', href, id, download: '', text });
}

// initDocs adds the papers dialog to the operator page.
export function initDocs({ visitId, visit, sections = [] }) {
  const dialog = el('dialog', { class: 'docs-dialog', id: 'docs-dialog', 'aria-labelledby': 'docs-title' });
  document.body.append(dialog);
  const status = el('p', { class: 'note', role: 'status', id: 'docs-status' });

  async function upload(files, caption) {
    status.textContent = t('docs.uploading', { n: files.length });
    let done = 0;
    for (const f of files) {
      const q = new URLSearchParams({ caption, taken: new Date(f.lastModified || Date.now()).toISOString().replace(/\.\d+Z$/, 'Z') });
      const res = await fetch(`/api/visits/${visitId}/photos?${q}`, { method: 'POST', body: f, headers: csrfHeader() });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        status.textContent = body.error || `HTTP ${res.status}`;
        return;
      }
      done++;
    }
    status.textContent = t('docs.uploaded', { n: done });
    render();
  }

  async function handoff(kind) {
    status.textContent = '…';
    const res = await fetch(`/api/exports/${kind}`, { method: 'POST', headers: csrfHeader() });
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      status.textContent = body.error || `HTTP ${res.status}`;
      return;
    }
    const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || `export.${kind}`;
    const blob = await res.blob();
    const a = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.append(a);
    a.click();
    a.remove();
    status.textContent = t('docs.exported', { n: res.headers.get('X-Export-Lines') || '0', file: name });
  }

  async function render() {
    const v = visit();
    const lang = getLang();
    let photos = [];
    let sealed = false;
    try {
      [photos, sealed] = await Promise.all([api(`/api/visits/${visitId}/photos`),
        api(`/api/visits/${visitId}/signoff`).then((s) => s.sealed)]);
    } catch (e) { status.textContent = e.message; }
    const caption = el('input', { type: 'text', id: 'docs-caption', maxlength: '300' });
    const input = el('input', { type: 'file', id: 'docs-file', accept: 'image/jpeg,image/png', capture: 'environment', multiple: true, class: 'visually-hidden' });
    input.addEventListener('change', () => { if (input.files.length) upload([...input.files], caption.value.trim()); });
    const pick = el('label', { class: 'btn btn-primary', for: 'docs-file', text: t('docs.addPhoto') });
    const month = (v && v.date ? v.date : '').slice(0, 7);
    const day = v && v.date ? v.date : '';
    const close = el('button', { type: 'button', class: 'btn btn-small', text: t('docs.close') });
    close.addEventListener('click', () => dialog.close());
    const extra = await Promise.all(sections.map((f) => f().catch(() => null)));
    const koc = el('button', { type: 'button', class: 'btn btn-small', id: 'docs-koc', text: t('docs.koc') });
    koc.addEventListener('click', () => handoff('koc'));
    const slims = el('button', { type: 'button', class: 'btn btn-small', id: 'docs-slims', text: t('docs.slims') });
    slims.addEventListener('click', () => handoff('slims'));
    dialog.replaceChildren(...[
      el('div', { class: 'so-head' }, el('h2', { id: 'docs-title', text: t('docs.title') }), close),
      el('section', {}, el('h3', { text: t('docs.photos') }),
        el('label', { class: 'field' }, el('span', { text: t('docs.caption') }), caption), input, pick,
        photos.length ? el('ul', { class: 'photo-list' }, ...photos.map((p) => el('li', {},
          el('img', { src: `/api/photos/${p.id}`, alt: p.caption || '', loading: 'lazy' }),
          el('span', { text: `${p.caption ? p.caption + ' · ' : ''}${fmtDateTime(p.taken_at)}` }))))
          : el('p', { class: 'note', text: t('docs.noPhotos') })),
      el('section', {}, el('h3', { text: t('docs.papers') }),
        el('div', { class: 'docs-links' },
          sealed ? link(`/api/visits/${visitId}/receipt.pdf?lang=${lang}`, t('docs.receipt'), 'docs-receipt')
            : el('span', { class: 'note', text: t('docs.receiptWait') }),
          el('span', { class: 'docs-pair' }, t('docs.reconVisit'), ' ',
            link(`/api/exports/reconciliation?visit=${visitId}&format=xlsx&lang=${lang}`, 'XLSX'), ' ',
            link(`/api/exports/reconciliation?visit=${visitId}&format=csv&lang=${lang}`, 'CSV')),
          day ? el('span', { class: 'docs-pair' }, t('docs.reconDay'), ' ',
            link(`/api/exports/reconciliation?date=${day}&format=xlsx&lang=${lang}`, 'XLSX'), ' ',
            link(`/api/exports/reconciliation?date=${day}&format=csv&lang=${lang}`, 'CSV')) : null,
          el('span', { class: 'docs-pair' }, t('docs.report'), ' ',
            link(`/api/exports/report?visit=${visitId}&format=pdf&lang=${lang}`, 'PDF'), ' ',
            link(`/api/exports/report?visit=${visitId}&format=xlsx&lang=${lang}`, 'XLSX')),
          month ? el('span', { class: 'docs-pair' }, t('docs.reportMonth'), ' ',
            link(`/api/exports/report?month=${month}&format=pdf&lang=${lang}`, 'PDF'), ' ',
            link(`/api/exports/report?month=${month}&format=xlsx&lang=${lang}`, 'XLSX')) : null)),
      el('section', {}, el('h3', { text: t('docs.handoff') }), el('p', { class: 'note', text: t('docs.handoffNote') }),
        el('div', { class: 'docs-links' }, koc, slims)),
      ...extra,
      status].filter(Boolean));
  }

  return {
    async open() {
      await render();
      if (!dialog.open) dialog.showModal();
    },
  };
}

// showReceipt opens the panel for a scanned receipt code (rv is the
// server's receipt view, or null to look the code up).
export async function showReceipt(code, rv = null) {
  if (!rv) {
    try { rv = await api(`/api/receipts/${encodeURIComponent(code)}`); } catch (e) { if (e instanceof ApiError) return false; throw e; }
  }
  let dialog = $('#receipt-dialog');
  if (!dialog) {
    dialog = el('dialog', { class: 'docs-dialog', id: 'receipt-dialog', 'aria-labelledby': 'rc-title' });
    document.body.append(dialog);
  }
  const place = rv.location.name;
  const open = el('button', { type: 'button', class: 'btn btn-primary', id: 'rc-open', text: t('rc.open') });
  open.addEventListener('click', async () => {
    try {
      const r = await api(`/api/receipts/${encodeURIComponent(rv.code)}/open`, { method: 'POST' });
      location.assign(`/?visit=${r.visit_id}`);
    } catch (e) { window.alert(e.message); }
  });
  const close = el('button', { type: 'button', class: 'btn btn-small', text: t('rc.close') });
  close.addEventListener('click', () => dialog.close());
  const number = `AKB/${rv.date.slice(0, 4)}/${rv.date.slice(5, 7)}/${String(rv.visit_id).padStart(4, '0')}`;
  dialog.replaceChildren(...[
    el('div', { class: 'so-head' }, el('h2', { id: 'rc-title', text: t('rc.title', { number }) }), close),
    el('p', { text: `${place} · ${fmtDate(rv.date)}` }),
    rv.current ? null : el('p', { class: 'note', text: t('rc.old') }),
    el('p', { class: 'rc-must', text: rv.outstanding.length ? t('rc.must', { place, n: fmtNum(rv.outstanding.length) }) : t('rc.none', { place }) }),
    rv.outstanding.length ? el('ol', { class: 'rc-list' }, ...rv.outstanding.map((i) => el('li', {}, el('code', { text: i.code }), ' ', i.title || ''))) : null,
    el('div', { class: 'so-actions' }, open)].filter(Boolean));
  if (!dialog.open) dialog.showModal();
  return true;
}
