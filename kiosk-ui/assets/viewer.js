// The viewer page the school's staff watch: the location, the big numbers,
// the last titles lent or returned and the connection state. Read-only:
// nothing here changes data. A phone paired in LAN mode opens it as
// /viewer?visit=ID&token=T; the token goes with every read and on the
// WebSocket, and once the server refuses it (revoked, expired) the page
// says so and stops trying.
//
// At sign-off (UI.md) the page shows the final numbers, the books behind
// them and the signature pad for the school (signoff.js); the only thing
// a viewer link may change is the school's own signature.

import {
  $, el, icon, t, addDict, initLang, onLangChange, api, VisitSocket, renderTally, renderConn, setViewerToken,
  fmtDate, fmtTime, kindLabel, levelLabel, modeLabel, MODE_ICON, itemTitle,
  nameOutstanding,
} from '{{asset:common.js}}';
import { initSignoff } from '{{asset:signoff.js}}';

addDict({
  id: {
    'viewer.title': 'Layar sekolah',
    'viewer.recent': 'Terakhir dipinjamkan / dikembalikan',
    'viewer.recent.none': 'Belum ada buku dipinjamkan atau dikembalikan.',
    'viewer.lent': 'Dipinjamkan', 'viewer.returned': 'Dikembalikan',
    'viewer.noVisit': 'Buka layar ini dari layar petugas (tombol “Layar sekolah”).',
    'viewer.notFound': 'Kunjungan #{id} tidak ditemukan.',
    'viewer.updated': 'Diperbarui {time}',
    'viewer.mode': 'Sedang: {mode}',
    'viewer.storage': 'Penghitungan dijeda: laptop petugas tidak dapat menyimpan pemindaian. Angka di sini tidak berubah sampai masalahnya teratasi.',
    'viewer.revoked': 'Tautan ini sudah tidak berlaku — minta kode QR baru kepada petugas',
    'viewer.needToken': 'Layar ini dibuka dengan kode QR dari petugas — minta kode QR kepada petugas',
    'so.viewerOpen': 'Periksa & tanda tangan',
  },
  en: {
    'viewer.title': 'School screen',
    'viewer.recent': 'Last lent / returned',
    'viewer.recent.none': 'No books lent or returned yet.',
    'viewer.lent': 'Lent', 'viewer.returned': 'Returned',
    'viewer.noVisit': 'Open this screen from the operator screen (the “School screen” button).',
    'viewer.notFound': 'Visit #{id} not found.',
    'viewer.updated': 'Updated {time}',
    'viewer.mode': 'Now: {mode}',
    'viewer.storage': "Counting is paused: the operator's laptop cannot save scans. The numbers here will not change until that is fixed.",
    'viewer.revoked': 'This link no longer works — ask the operator for a new QR code',
    'viewer.needToken': 'This screen opens with a QR code from the operator — ask the operator for one',
    'so.viewerOpen': 'Check & sign',
  },
});

const RECENT_SHOWN = 6;
const KEEP = 30;

initLang($('#lang-switch'));

let shownMessage = null; // produces #viewer-message's text, for a language switch
onLangChange(() => { if (shownMessage) $('#viewer-message').textContent = shownMessage(); });

const query = new URLSearchParams(location.search);
const param = query.get('visit');
const token = query.get('token');
if (token) setViewerToken(token);
if (param !== null && /^[1-9]\d*$/.test(param)) {
  start(Number(param));
} else {
  message(() => t('viewer.noVisit'));
  $('#viewer-location').textContent = t('app.name');
  renderConn($('#conn-state'), 'disconnected', false);
  onLangChange(() => { $('#viewer-location').textContent = t('app.name'); });
}

function message(produce) {
  const p = $('#viewer-message');
  shownMessage = produce || null;
  p.textContent = produce ? produce() : '';
  p.hidden = !produce;
}

function start(visitId) {
  const state = {
    visit: null, mode: null, modeSeq: -1, tally: null, tallySeq: -1,
    scans: new Map(), // seq → lend/return scan event
    updated: null, conn: 'disconnected', everConnected: false,
    storageBad: false, refused: false,
  };

  // Only books that changed hands count here: accepted lends and returns
  // (a return flagged as another location's loan was still taken back).
  function shows(ev) {
    return (ev.mode === 'lend' || ev.mode === 'return') && (ev.outcome === 'accepted' || ev.outcome === 'other_location');
  }

  function renderHeader() {
    const loc = (state.visit && state.visit.location) || {};
    $('#viewer-location').textContent = loc.name || `#${visitId}`;
    nameOutstanding(loc.kind);
    $('#viewer-date').textContent = [state.visit ? fmtDate(state.visit.date) : '', kindLabel(loc.kind), levelLabel(loc.level)]
      .filter(Boolean).join(' · ');
    const m = $('#viewer-mode');
    if (state.mode) {
      m.replaceChildren(icon(MODE_ICON[state.mode] || 'i-info'), t('viewer.mode', { mode: modeLabel(state.mode) }));
      m.dataset.mode = state.mode;
      m.hidden = state.refused;
      document.body.dataset.mode = state.mode;
    }
    document.title = `${loc.name || '#' + visitId} — ${t('viewer.title')}`;
  }

  function renderNumbers() {
    if (state.tally) renderTally(state.tally, $('#viewer-main'));
    $('#updated').textContent = state.updated ? t('viewer.updated', { time: fmtTime(state.updated) }) : '';
  }

  function renderRecent() {
    const shown = [...state.scans.values()].sort((a, b) => b.seq - a.seq).slice(0, RECENT_SHOWN);
    $('#recent').replaceChildren(...shown.map((ev) => el('li', {
      class: 'recent-item', dataset: { seq: String(ev.seq), mode: ev.mode, voided: ev.voided ? 'true' : 'false' },
    },
    icon(MODE_ICON[ev.mode]),
    el('span', { class: 'recent-verb', text: t(ev.mode === 'lend' ? 'viewer.lent' : 'viewer.returned') }),
    el('span', { class: 'recent-title', text: itemTitle(ev) }),
    ev.voided ? el('span', { class: 'scan-voided', text: t('voided') }) : null,
    el('span', { class: 'recent-time', text: fmtTime(ev.time) }))));
    $('#recent-empty').hidden = shown.length > 0;
  }

  function setTally(tally, seq, time) {
    if (!tally || (typeof seq === 'number' && seq < state.tallySeq)) return;
    if (typeof seq === 'number') state.tallySeq = seq;
    state.tally = tally;
    state.updated = time ? new Date(time) : new Date();
    renderNumbers();
  }

  function setMode(mode, seq) {
    if (!mode || (typeof seq === 'number' && seq < state.modeSeq)) return;
    state.mode = mode;
    if (typeof seq === 'number') state.modeSeq = seq;
    renderHeader();
  }

  function addScan(ev) {
    if (!shows(ev)) return;
    const prev = state.scans.get(ev.seq);
    state.scans.set(ev.seq, prev ? { ...prev, ...ev, voided: prev.voided || !!ev.voided } : { ...ev });
    if (state.scans.size > KEEP) {
      const oldest = Math.min(...state.scans.keys());
      state.scans.delete(oldest);
    }
  }

  function onMessage(m) {
    switch (m.type) {
      case 'snapshot':
        if (m.visit) state.visit = m.visit;
        if (m.reset) state.modeSeq = state.tallySeq = -1; // the server's log went back
        state.scans = new Map();
        for (const ev of m.recent || []) addScan(ev);
        setMode(m.mode, m.seq);
        setTally(m.tally, m.seq);
        renderHeader();
        renderRecent();
        break;
      case 'scan':
        addScan(m);
        setTally(m.tally, m.seq, m.time);
        renderRecent();
        break;
      case 'void': {
        const target = state.scans.get(m.target);
        if (target) target.voided = true;
        setTally(m.tally, m.seq, m.time);
        renderRecent();
        break;
      }
      case 'mode':
        setMode(m.mode, m.seq);
        setTally(m.tally, m.seq, m.time);
        break;
      case 'storage':
        state.storageBad = m.ok === false;
        renderStorage();
        break;
      case 'signoff':
        // Someone signed (or reopened): show the panel to the school.
        if (m.visit_id === visitId && !state.refused) signoff.open().catch(() => {});
        break;
      default:
        break; // devices, refused and stray scans, errors: for the operator
    }
  }

  // While the laptop cannot record scans, the numbers stand still: say why.
  function renderStorage() {
    const p = $('#viewer-storage');
    p.textContent = state.storageBad && !state.refused ? t('viewer.storage') : '';
    p.hidden = !p.textContent;
    document.body.dataset.storage = state.storageBad ? 'bad' : 'ok';
  }

  // refuse ends the page's work: the server will not take this link (or,
  // with no token, wants one). Stale numbers would mislead: they go too.
  function refuse() {
    if (state.refused) return;
    state.refused = true;
    if (socket) socket.stop();
    message(() => t(token ? 'viewer.revoked' : 'viewer.needToken'));
    $('#viewer-main').hidden = true;
    $('#conn-state').hidden = true;
    $('#viewer-mode').hidden = true;
    document.body.dataset.refused = 'true';
    renderStorage();
  }

  // A browser cannot see why a WebSocket was refused: after a drop, a plain
  // read asks the server whether the link still works (at most every 4 s).
  let lastProbe = 0;
  function onClose() {
    if (state.refused || Date.now() - lastProbe < 4000) return;
    lastProbe = Date.now();
    load();
  }

  function onState(s) {
    if (state.refused) return;
    state.conn = s;
    if (s === 'connected') {
      if (state.everConnected) load(); // also notices a server whose log went back
      state.everConnected = true;
    }
    renderConn($('#conn-state'), s, state.everConnected);
    document.body.dataset.conn = s;
  }

  // load reads the visit once; false means there is no such visit (the
  // socket is then not started). Other failures are left to the socket,
  // which retries and brings the same data.
  async function load() {
    try {
      const v = await api(`/api/visits/${visitId}`);
      if (socket && socket.lastSeq !== null && v.seq < socket.lastSeq) socket.resync();
      state.visit = { id: v.id, location_id: v.location_id, date: v.date, location: v.location };
      setMode(v.mode, v.seq);
      setTally(v.tally, v.seq);
      renderHeader();
    } catch (e) {
      if (e.status === 404) {
        message(() => t('viewer.notFound', { id: visitId }));
        return false;
      }
      if (e.status === 401 || e.status === 403) {
        refuse();
        return false;
      }
    }
    return true;
  }

  onLangChange(() => {
    renderHeader();
    renderNumbers();
    renderRecent();
    renderStorage();
    renderConn($('#conn-state'), state.conn, state.everConnected);
  });

  const signoff = initSignoff({
    visitId, parties: ['school'], token,
    onSealed(st) {
      const a = $('#viewer-receipt');
      a.href = `/api/visits/${visitId}/receipt.pdf${token ? `?token=${encodeURIComponent(token)}` : ''}`;
      a.setAttribute('download', `bukti-peminjaman-${visitId}.pdf`);
      a.hidden = !st.sealed;
    },
  });
  $('#signoff-open').addEventListener('click', () => signoff.open().catch((e) => message(() => e.message)));

  renderHeader();
  renderRecent();
  onState('disconnected');
  window.addEventListener('resize', renderNumbers);
  let socket = null;
  load().then((found) => {
    if (!found) return;
    signoff.refresh();
    socket = new VisitSocket(visitId, { onMessage, onState, onClose });
    socket.start();
    // A link revoked or expired while its WebSocket stays open would go on
    // showing numbers: a paired phone asks once a minute whether it still works.
    if (token) {
      const recheck = setInterval(() => {
        if (state.refused) clearInterval(recheck);
        else if (!document.hidden) load();
      }, 60000);
    }
  });
}
