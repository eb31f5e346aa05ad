// The Jadwal tab: the monthly schedule (made, moved, exported) and the
// year's holidays it works around.

import { $, el, t, getLang, fmtDate, fmtNum, parseDate, icon } from '{{asset:common.js}}';
import {
  show, say, fmtDay, monthName, addMonths, thisMonth, monthText, parseMonth, intOf, busy,
} from '{{asset:coord-util.js}}';
import { request, withLogin } from '{{asset:coord-session.js}}';
import { go, setPlace } from '{{asset:coord-nav.js}}';

export const sched = {
  month: '', visits: [], loaded: false, fleet: null, fleetShown: false,
  lastGen: null, // {month, newIds:Set, unscheduled:[]}
  moving: null, rowMsg: null, // {id, text, bad}
  holidays: [], holYear: 0, holArmed: null, holAll: false,
};

function nextMonth() { return addMonths(thisMonth(), 1); }

export async function openJadwal(arg) {
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

export function renderMonth() {
  $('#month-name').textContent = sched.month ? monthName(sched.month) : '';
}

function vehicleCount() {
  const n = Number($('#gen-vehicles').value) || (sched.fleet && sched.fleet.vehicles) || 1;
  return Math.max(n, ...sched.visits.map((v) => v.vehicle || 0));
}

export function renderSchedule() {
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

export function renderHolidays() {
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

export function wireJadwal() {
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
