// The sign-off both parties make when the counting is done (UI.md: the
// viewer "at sign-off shows the final numbers and the signature pad"). The
// panel shows the numbers and the books behind them; each party types a
// name and draws a signature with a finger or the mouse. When both have
// signed the server seals the counts and the loan receipt (PDF) can be
// downloaded here. The operator page can also reopen sealed counts, with a
// reason that is logged.

import { $, el, t, addDict, onLangChange, api, withToken, fmtNum, fmtDateTime } from '{{asset:common.js}}';

addDict({
  id: {
    'so.open': 'Selesai & tanda tangan', 'so.title': 'Penghitungan selesai — periksa lalu tanda tangani',
    'so.close': 'Tutup', 'so.lent': 'Dipinjamkan', 'so.returned': 'Dikembalikan', 'so.outstanding': 'Masih dipinjam lokasi',
    'so.list': 'Lihat daftar buku ({n})', 'so.none': '— tidak ada —',
    'so.school': 'Pihak sekolah / lembaga', 'so.officer': 'Petugas perpustakaan',
    'so.name': 'Nama lengkap', 'so.clear': 'Hapus coretan', 'so.sign': 'Tanda tangani',
    'so.signHere': 'Tanda tangan di kotak ini dengan jari atau mouse',
    'so.signed': 'Ditandatangani {name} · {time}', 'so.waiting': 'Menunggu tanda tangan',
    'so.needName': 'Isi nama lengkap.', 'so.needInk': 'Tanda tangan masih kosong.',
    'so.sealed': 'Tersegel: kedua pihak sudah menandatangani ({time}). Angka tidak dapat diubah lagi.',
    'so.receipt': 'Unduh bukti peminjaman (PDF)', 'so.code': 'Kode bukti: {code}',
    'so.reopen': 'Buka kembali…', 'so.reopenAsk': 'Mengapa angka yang sudah ditandatangani harus diubah? (dicatat)',
    'so.reopened': 'Dibuka kembali {n}×; tanda tangan lama tetap tercatat.',
  },
  en: {
    'so.open': 'Done & sign', 'so.title': 'Counting done — check, then sign',
    'so.close': 'Close', 'so.lent': 'Lent', 'so.returned': 'Returned', 'so.outstanding': 'Still on loan at the location',
    'so.list': 'Show the books ({n})', 'so.none': '— none —',
    'so.school': 'School / institution', 'so.officer': 'Library officer',
    'so.name': 'Full name', 'so.clear': 'Clear', 'so.sign': 'Sign',
    'so.signHere': 'Sign in this box with a finger or the mouse',
    'so.signed': 'Signed by {name} · {time}', 'so.waiting': 'Waiting for a signature',
    'so.needName': 'Fill in the full name.', 'so.needInk': 'The signature is still empty.',
    'so.sealed': 'Sealed: both parties signed ({time}). The numbers can no longer change.',
    'so.receipt': 'Download the loan receipt (PDF)', 'so.code': 'Receipt code: {code}',
    'so.reopen': 'Reopen…', 'so.reopenAsk': 'Why must the signed numbers change? (logged)',
    'so.reopened': 'Reopened {n}×; the earlier signatures stay on record.',
  },
});

// pad makes a signature pad on a canvas: pointer strokes in black on white.
function pad(canvas) {
  const ctx = canvas.getContext('2d');
  let ink = 0;
  let last = null;
  function reset() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ink = 0;
  }
  function point(e) {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * canvas.width) / r.width, y: ((e.clientY - r.top) * canvas.height) / r.height };
  }
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = point(e);
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = point(e);
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 4;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    ink += Math.hypot(p.x - last.x, p.y - last.y);
    last = p;
    e.preventDefault();
  });
  const end = () => { last = null; };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  reset();
  return { reset, inked: () => ink > 30, png: () => canvas.toDataURL('image/png') };
}

// initSignoff wires the sign-off panel into a page. parties are the forms
// this screen offers (the viewer: school; the laptop: both); canReopen
// offers reopening.
export function initSignoff({ visitId, parties, canReopen = false, token = null, onSealed = null }) {
  const dialog = el('dialog', { class: 'signoff-dialog', id: 'signoff-dialog', 'aria-labelledby': 'so-title' });
  document.body.append(dialog);
  let summary = null;
  let status = null;
  const pads = {};
  const names = {};

  async function load() {
    [summary, status] = await Promise.all([
      api(`/api/visits/${visitId}/summary`), api(`/api/visits/${visitId}/signoff`),
    ]);
    render();
    if (status.sealed && onSealed) onSealed(status);
  }

  function list(title, items) {
    return el('details', { class: 'so-list' },
      el('summary', { text: `${title}: ${t('so.list', { n: fmtNum(items.length) })}` }),
      items.length ? el('ol', {}, ...items.map((i) => el('li', {}, el('code', { text: i.code }), ' ', i.title || ''))) : el('p', { class: 'note', text: t('so.none') }));
  }

  function partyBlock(party) {
    const signed = status.signed && status.signed[party];
    const box = el('section', { class: 'so-party', dataset: { party, signed: signed ? 'true' : 'false' } },
      el('h3', { text: t(party === 'school' ? 'so.school' : 'so.officer') }));
    if (signed) {
      box.append(el('p', { class: 'so-signed', text: t('so.signed', { name: signed.name, time: fmtDateTime(signed.at) }) }));
      return box;
    }
    if (status.sealed || !parties.includes(party)) {
      box.append(el('p', { class: 'note', text: t('so.waiting') }));
      return box;
    }
    // The pad and the name survive a redraw (the other party signing, a
    // language switch): a half-drawn signature is never wiped.
    if (!pads[party]) {
      const c = el('canvas', { class: 'so-pad', id: `so-pad-${party}`, width: '600', height: '220' });
      const n = el('input', { type: 'text', class: 'so-name', id: `so-name-${party}`, maxlength: '100', autocomplete: 'name' });
      pads[party] = { ...pad(c), canvas: c };
      names[party] = n;
    }
    const canvas = pads[party].canvas;
    canvas.setAttribute('aria-label', t('so.signHere'));
    const name = names[party];
    const err = el('p', { class: 'form-error', role: 'alert', hidden: true });
    const submit = el('button', { type: 'button', class: 'btn btn-primary so-submit', id: `so-sign-${party}`, text: t('so.sign') });
    submit.addEventListener('click', async () => {
      err.hidden = true;
      if (!name.value.trim()) { err.textContent = t('so.needName'); err.hidden = false; return; }
      if (!pads[party].inked()) { err.textContent = t('so.needInk'); err.hidden = false; return; }
      submit.disabled = true;
      const tly = summary.tally;
      let path = `/api/visits/${visitId}/signoff`;
      if (token) path += `?token=${encodeURIComponent(token)}`;
      try {
        await api(path, { method: 'POST', timeout: 20000, body: {
          party, name: name.value.trim(), signature: pads[party].png(),
          seen: { lent: tly.lent, returned: tly.returned, outstanding: tly.outstanding },
        } });
        delete pads[party];
        delete names[party];
        await load();
      } catch (e) {
        submit.disabled = false;
        err.textContent = e.message; // the server's refusals come translated (err.code.*)
        err.hidden = false;
        if (e.status === 409) load();
      }
    });
    const clear = el('button', { type: 'button', class: 'btn btn-small', text: t('so.clear') });
    clear.addEventListener('click', () => pads[party].reset());
    box.append(el('label', { class: 'field' }, el('span', { text: t('so.name') }), name),
      el('p', { class: 'note', text: t('so.signHere') }), canvas,
      el('div', { class: 'so-actions' }, clear, submit), err);
    return box;
  }

  function render() {
    if (!summary || !status) return;
    const tly = summary.tally;
    const close = el('button', { type: 'button', class: 'btn btn-small so-close', text: t('so.close') });
    close.addEventListener('click', () => dialog.close());
    const nums = el('div', { class: 'so-numbers' },
      ...[['lent', 'so.lent'], ['returned', 'so.returned'], ['outstanding', 'so.outstanding']].map(([k, label]) =>
        el('div', { class: 'so-num', dataset: { cell: k } }, el('span', { class: 'so-num-label', text: t(label) }),
          el('b', { class: 'so-num-value', dataset: { so: k }, text: fmtNum(tly[k]) }))));
    const lists = el('div', { class: 'so-lists' },
      list(t('so.lent'), summary.lent), list(t('so.returned'), summary.returned), list(t('so.outstanding'), summary.outstanding));
    const sealed = status.sealed ? el('div', { class: 'so-sealed', id: 'so-sealed', role: 'status' },
      el('p', { text: t('so.sealed', { time: fmtDateTime(status.sealed_at) }) }),
      el('p', { class: 'so-code', text: t('so.code', { code: status.receipt }) }),
      el('a', { class: 'btn btn-primary', id: 'so-receipt', href: withToken(`/api/visits/${visitId}/receipt.pdf`), download: `bukti-peminjaman-${visitId}.pdf`, text: t('so.receipt') })) : null;
    let reopen = null;
    if (status.sealed && canReopen) {
      reopen = el('button', { type: 'button', class: 'btn btn-small', id: 'so-reopen', text: t('so.reopen') });
      reopen.addEventListener('click', async () => {
        const reason = window.prompt(t('so.reopenAsk'));
        if (!reason || !reason.trim()) return;
        try {
          await api(`/api/visits/${visitId}/reopen`, { method: 'POST', body: { reason: reason.trim() } });
        } catch (e) { window.alert(e.message); }
        load();
      });
    }
    const reopened = status.reopens && status.reopens.length ? el('p', { class: 'note', text: t('so.reopened', { n: status.reopens.length }) }) : null;
    dialog.replaceChildren(...[el('div', { class: 'so-head' }, el('h2', { id: 'so-title', text: t('so.title') }), close),
      nums, lists, sealed,
      el('div', { class: 'so-parties' }, partyBlock('school'), partyBlock('officer')), reopened, reopen].filter(Boolean));
  }

  onLangChange(render);
  return {
    async open() {
      await load();
      if (!dialog.open) dialog.showModal();
    },
    // refresh re-reads after a 'signoff' message or a scan, if shown.
    refresh() { if (dialog.open) load(); else api(`/api/visits/${visitId}/signoff`).then((s) => { status = s; if (s.sealed && onSealed) onSealed(s); }).catch(() => {}); },
  };
}
