// The viewer page the school's staff watch: the location, the big numbers,
// the last titles lent or returned and the connection state. Read-only:
// nothing here changes data.
//
// TODO: the sign-off view of UI.md (final numbers and the signature pad)
// waits for a sign-off API; nothing on the server offers one yet.

import {
  $, el, icon, t, addDict, initLang, onLangChange, api, VisitSocket, renderTally, renderConn,
  fmtDate, fmtTime, kindLabel, levelLabel, modeLabel, MODE_ICON, itemTitle,
} from '{{asset:common.js}}';

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
  },
});

const RECENT_SHOWN = 6;
const KEEP = 30;

initLang($('#lang-switch'));

const param = new URLSearchParams(location.search).get('visit');
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
  if (!produce) { p.hidden = true; p.textContent = ''; return; }
  p.textContent = produce();
  p.hidden = false;
  onLangChange(() => { if (!p.hidden) p.textContent = produce(); });
}

function start(visitId) {
  const state = {
    visit: null, mode: null, modeSeq: -1, tally: null, tallySeq: -1,
    scans: new Map(), // seq → lend/return scan event
    updated: null, conn: 'disconnected', everConnected: false,
  };

  // Only books that changed hands count here: accepted lends and returns
  // (a return flagged as another location's loan was still taken back).
  function shows(ev) {
    return (ev.mode === 'lend' || ev.mode === 'return') && (ev.outcome === 'accepted' || ev.outcome === 'other_location');
  }

  function renderHeader() {
    const loc = (state.visit && state.visit.location) || {};
    $('#viewer-location').textContent = loc.name || `#${visitId}`;
    $('#viewer-date').textContent = [state.visit ? fmtDate(state.visit.date) : '', kindLabel(loc.kind), levelLabel(loc.level)]
      .filter(Boolean).join(' · ');
    const m = $('#viewer-mode');
    if (state.mode) {
      m.replaceChildren(icon(MODE_ICON[state.mode] || 'i-info'), t('viewer.mode', { mode: modeLabel(state.mode) }));
      m.dataset.mode = state.mode;
      m.hidden = false;
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
      default:
        break; // devices and errors are for the operator
    }
  }

  function onState(s) {
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
    }
    return true;
  }

  onLangChange(() => {
    renderHeader();
    renderNumbers();
    renderRecent();
    renderConn($('#conn-state'), state.conn, state.everConnected);
  });

  renderHeader();
  renderRecent();
  onState('disconnected');
  window.addEventListener('resize', renderNumbers);
  let socket = null;
  load().then((found) => {
    if (!found) return;
    socket = new VisitSocket(visitId, { onMessage, onState });
    socket.start();
  });
}
