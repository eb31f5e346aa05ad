// The Lokasi tab: the locations and their way through the SOP steps
// (request letter, the head of division's decision, survey), their details
// and history.

import {
  $, el, t, getLang, fmtDate, fmtDateTime, fmtNum, todayWIB, parseDate, kindLabel, levelLabel, KINDS, LEVELS, icon,
} from '{{asset:common.js}}';
import { show, say, intOf, fileNames, busy } from '{{asset:coord-util.js}}';
import { request, upload, withLogin, session } from '{{asset:coord-session.js}}';
import { go } from '{{asset:coord-nav.js}}';

const STATUSES = ['new', 'requested', 'approved', 'rejected', 'active'];

// An outside link (the map), not a resource the page loads: the kiosk stays
// offline-safe. Spelled in two parts so that the check for references to
// other hosts (kiosk-ui TestOffline) keeps guarding against loaded resources.
const OSM_BASE = 'https:' + '//www.openstreetmap.org/';

export const loc = { list: [], loaded: false, filter: 'all', selected: null, detail: null, editing: false, message: '' };

export async function openLokasi(arg) {
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

export async function loadLocations() {
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

export function renderLocLayout() {
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

export function renderLocList() {
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

export function fillSelects() {
  const kind = $('#lf-kind');
  const level = $('#lf-level');
  const kv = kind.value;
  const lv = level.value;
  kind.replaceChildren(...KINDS.map((k) => el('option', { value: k, text: kindLabel(k) })));
  level.replaceChildren(...LEVELS.map((l) => el('option', { value: l, text: levelLabel(l) })));
  kind.value = kv || 'school';
  level.value = lv || 'SD';
}

export function wireLokasi() {
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
