// The Persiapan tab: a visit's preparation — the dropping list, packing
// progress (followed while the operator screen packs), the checklist, the
// trip's timeline and the printed pick list.

import { $, el, t, fmtDateTime, fmtNum, todayWIB, levelLabel, icon } from '{{asset:common.js}}';
import { show, say, fmtDay, addMonths, thisMonth, intOf, busy } from '{{asset:coord-util.js}}';
import { request, withLogin, needsLogin, askLogin } from '{{asset:coord-session.js}}';
import { tab } from '{{asset:coord-nav.js}}';

const CHECK_KEYS = ['forms', 'loan_book', 'baskets', 'camera', 'receipts'];
const STEP_ORDER = ['prepared', 'departed', 'arrived', 'counted', 'rechecked'];

const prep = { id: null, visit: null, data: null, loading: false, again: false, countFor: null, armed: false, inflight: new Set(), short: '' };

export async function openPersiapan(arg) {
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

export function renderPrep() {
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
export function wirePersiapan() {
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
