// Members of the public at a community stop, on the operator page. In lend
// mode a member's card (scanned, or "lend to this member" after
// registering) starts their checkout: the books scanned next are lent to
// them until another card, "Selesai", a mode switch or two idle minutes.
// The bar shows whose checkout runs and how many books they have. Member
// data is read from the server with the operator's rights; nothing
// personal reaches the school's viewer (its events carry only a number).

import { $, el, t, addDict, api, fmtNum, fmtDate, onLangChange } from '{{asset:common.js}}';

addDict({
  id: {
    'mem.register': 'Daftar anggota baru', 'mem.title': 'Pendaftaran anggota', 'mem.close': 'Tutup',
    'mem.name': 'Nama lengkap', 'mem.address': 'Alamat', 'mem.phone': 'Nomor HP', 'mem.institution': 'Instansi / sekolah (boleh kosong)',
    'mem.idNumber': 'Nomor identitas (NIK)', 'mem.photo': 'Foto (boleh kosong)', 'mem.save': 'Daftarkan',
    'mem.needName': 'Isi nama lengkap.', 'mem.card': 'Kartu anggota', 'mem.print': 'Cetak kartu',
    'mem.lendTo': 'Pinjamkan ke anggota ini', 'mem.cardNote': 'Cetak kartu ini atau foto dengan HP anggota.',
    'mem.now': 'Meminjam untuk: {name}', 'mem.count': '{n} dari {limit} buku', 'mem.end': 'Selesai (anggota)',
    'mem.loansTitle': 'Pinjaman anggota di lokasi ini', 'mem.loansNone': 'Tidak ada anggota yang masih meminjam di lokasi ini.',
    'mem.due': 'kembali {date}', 'mem.printList': 'Cetak daftar',
  },
  en: {
    'mem.register': 'Register a new member', 'mem.title': 'Member registration', 'mem.close': 'Close',
    'mem.name': 'Full name', 'mem.address': 'Address', 'mem.phone': 'Mobile number', 'mem.institution': 'Institution / school (optional)',
    'mem.idNumber': 'Identity number (NIK)', 'mem.photo': 'Photo (optional)', 'mem.save': 'Register',
    'mem.needName': 'Fill in the full name.', 'mem.card': 'Member card', 'mem.print': 'Print the card',
    'mem.lendTo': 'Lend to this member', 'mem.cardNote': "Print this card or take a photo of it with the member's phone.",
    'mem.now': 'Lending to: {name}', 'mem.count': '{n} of {limit} books', 'mem.end': 'Done (member)',
    'mem.loansTitle': 'Members with books from this stop', 'mem.loansNone': 'No member has books from this stop.',
    'mem.due': 'due {date}', 'mem.printList': 'Print the list',
  },
});

const IDLE_MS = 2 * 60 * 1000; // the server's default idle time

// shrinkPhoto makes a JPEG data URL of at most 480 px from a picked file.
async function shrinkPhoto(file) {
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = reject;
      i.src = url;
    });
    const scale = Math.min(1, 480 / Math.max(img.width, img.height));
    const c = document.createElement('canvas');
    c.width = Math.round(img.width * scale);
    c.height = Math.round(img.height * scale);
    c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
    return c.toDataURL('image/jpeg', 0.85);
  } finally {
    URL.revokeObjectURL(url);
  }
}

// initMembers wires the member bar and dialogs. submitScan sends a code as
// if scanned; mode() is the visit's current mode; visit() the visit.
export function initMembers({ visitId, visit, mode, submitScan }) {
  const bar = $('#member-bar');
  const dialog = el('dialog', { class: 'docs-dialog', id: 'member-dialog', 'aria-labelledby': 'mem-title' });
  document.body.append(dialog);
  let current = null; // {id, name, card_number, limit, loans}
  let last = 0; // time of the member's last scan, for the idle lapse
  let idleTimer = 0;
  let fields = ['name', 'address', 'phone', 'institution', 'photo'];

  function render() {
    const lend = mode() === 'lend';
    bar.hidden = !lend;
    if (!lend) return;
    const reg = el('button', { type: 'button', class: 'btn btn-small', id: 'member-register', text: t('mem.register') });
    reg.addEventListener('click', openRegister);
    if (!current) {
      bar.dataset.active = 'false';
      bar.replaceChildren(reg);
      return;
    }
    bar.dataset.active = 'true';
    const end = el('button', { type: 'button', class: 'btn btn-small', id: 'member-end', text: t('mem.end') });
    end.addEventListener('click', async () => {
      try { await api(`/api/visits/${visitId}/member/end`, { method: 'POST' }); } catch { /* the mode event clears it anyway */ }
      clear();
    });
    bar.replaceChildren(
      el('span', { class: 'member-now', id: 'member-now', text: t('mem.now', { name: current.name }) }),
      el('span', { class: 'member-count', id: 'member-count', text: t('mem.count', { n: fmtNum(current.loans.length), limit: fmtNum(current.limit) }) }),
      end, reg);
  }

  function clear() {
    current = null;
    clearTimeout(idleTimer);
    render();
  }

  async function load(id) {
    try {
      const m = await api(`/api/members/${id}`);
      current = { id: m.id, name: m.name, card_number: m.card_number, limit: m.limit, loans: m.loans || [] };
    } catch {
      current = { id, name: `#${id}`, card_number: '', limit: 0, loans: [] };
    }
    render();
  }

  // onEvent follows the visit's events: member scans, lends, mode switches.
  function onEvent(ev) {
    if (ev.type === 'mode') { clear(); return; }
    if (ev.type !== 'scan' || ev.voided) return;
    if (ev.outcome === 'member' || (ev.member_id && (ev.outcome === 'accepted' || ev.outcome === 'limit'))) {
      last = Date.now();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => { if (Date.now() - last >= IDLE_MS) clear(); }, IDLE_MS + 500);
      load(ev.member_id);
    }
  }

  async function openRegister() {
    try {
      const s = await api('/api/members/fields');
      if (s && Array.isArray(s.fields)) fields = s.fields;
    } catch { /* keep the defaults */ }
    const err = el('p', { class: 'form-error', role: 'alert', hidden: true });
    const input = (id, label, type = 'text') => el('label', { class: 'field' }, el('span', { text: t(label) }),
      el('input', { type, id, maxlength: type === 'text' ? '200' : null, autocomplete: 'off' }));
    const photo = el('input', { type: 'file', id: 'mem-photo', accept: 'image/jpeg,image/png', capture: 'user' });
    const save = el('button', { type: 'submit', class: 'btn btn-primary', id: 'mem-save', text: t('mem.save') });
    const close = el('button', { type: 'button', class: 'btn btn-small', text: t('mem.close') });
    close.addEventListener('click', () => dialog.close());
    const form = el('form', { id: 'mem-form', novalidate: true },
      input('mem-name', 'mem.name'),
      fields.includes('address') ? input('mem-address', 'mem.address') : null,
      fields.includes('phone') ? input('mem-phone', 'mem.phone', 'tel') : null,
      fields.includes('institution') ? input('mem-institution', 'mem.institution') : null,
      fields.includes('id_number') ? input('mem-idnumber', 'mem.idNumber') : null,
      fields.includes('photo') ? el('label', { class: 'field' }, el('span', { text: t('mem.photo') }), photo) : null,
      err, el('div', { class: 'so-actions' }, save));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hidden = true;
      const v = (id) => { const n = $('#' + id, form); return n ? n.value.trim() : ''; };
      if (!v('mem-name')) { err.textContent = t('mem.needName'); err.hidden = false; return; }
      save.disabled = true;
      try {
        const body = { name: v('mem-name'), address: v('mem-address'), phone: v('mem-phone'), institution: v('mem-institution'),
          id_number: v('mem-idnumber'), visit_id: visitId };
        if (photo.files && photo.files[0]) body.photo = await shrinkPhoto(photo.files[0]);
        const r = await api('/api/members', { method: 'POST', body, timeout: 20000 });
        await showCard(r.id);
      } catch (ex) {
        err.textContent = ex.message;
        err.hidden = false;
        save.disabled = false;
      }
    });
    dialog.replaceChildren(el('div', { class: 'so-head' }, el('h2', { id: 'mem-title', text: t('mem.title') }), close), form);
    if (!dialog.open) dialog.showModal();
    $('#mem-name', dialog).focus();
  }

  async function showCard(id) {
    const c = await api(`/api/members/${id}/card`);
    const close = el('button', { type: 'button', class: 'btn btn-small', text: t('mem.close') });
    close.addEventListener('click', () => dialog.close());
    const print = el('button', { type: 'button', class: 'btn', id: 'mem-print', text: t('mem.print') });
    print.addEventListener('click', () => { document.body.classList.add('print-dialog'); window.print(); document.body.classList.remove('print-dialog'); });
    const lend = el('button', { type: 'button', class: 'btn btn-primary', id: 'mem-lend', text: t('mem.lendTo') });
    lend.addEventListener('click', () => { dialog.close(); submitScan(c.card_number, 'page'); });
    dialog.replaceChildren(...[
      el('div', { class: 'so-head' }, el('h2', { id: 'mem-title', text: t('mem.card') }), close),
      el('div', { class: 'member-card', id: 'member-card' },
        c.photo ? el('img', { class: 'member-photo', src: c.photo, alt: '' }) : null,
        el('div', { class: 'member-card-text' },
          el('p', { class: 'member-card-org', text: 'ANTER KOPER Buku' }),
          el('p', { class: 'member-card-name', id: 'member-card-name', text: c.name }),
          el('p', { class: 'member-card-number', id: 'member-card-number', text: c.card_number }),
          el('p', { class: 'note', text: fmtDate(c.registered_at) })),
        el('img', { class: 'member-qr', src: c.qr, alt: c.card_number }),
        el('img', { class: 'member-barcode', src: c.barcode, alt: c.card_number })),
      el('p', { class: 'note', text: t('mem.cardNote') }),
      el('div', { class: 'so-actions' }, print, lend)].filter(Boolean));
    if (!dialog.open) dialog.showModal();
  }

  // loansSection lists which members of this stop still have which books.
  async function loansSection() {
    const v = visit();
    if (!v || !v.location_id) return null;
    let r;
    try { r = await api(`/api/locations/${v.location_id}/member-loans`); } catch { return null; }
    const print = el('button', { type: 'button', class: 'btn btn-small', text: t('mem.printList') });
    print.addEventListener('click', () => { document.body.classList.add('print-dialog'); window.print(); document.body.classList.remove('print-dialog'); });
    return el('section', { id: 'member-loans' }, el('h3', { text: t('mem.loansTitle') }),
      r.members.length ? el('ul', { class: 'member-loans' }, ...r.members.map((e) => el('li', {},
        el('b', { text: `${e.member.name} (${e.member.card_number})` }),
        el('ul', {}, ...e.loans.map((l) => el('li', {}, el('code', { text: l.code }), ` ${l.title || ''} — ${t('mem.due', { date: fmtDate(l.due) })}`))))))
        : el('p', { class: 'note', text: t('mem.loansNone') }), print);
  }

  onLangChange(render);
  render();
  return { onEvent, render, loansSection };
}
