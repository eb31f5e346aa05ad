// The coordinator page's tabs and where they stand, kept in the location
// hash (#lokasi/12, #jadwal/2026-12, #persiapan/40, #riwayat).

import { t } from '{{asset:common.js}}';

const TABS = ['lokasi', 'jadwal', 'persiapan', 'riwayat'];

// openers maps each tab to the function that shows it (with the rest of the
// hash). The entry module fills it in: the tab modules import this one, and
// asset imports may not form a cycle (each URL carries its imports' hashes).
let openers = {};

export function setOpeners(o) { openers = o; }

export let tab = 'lokasi';
const lastArg = {};

function parseHash() {
  const [name, arg = ''] = location.hash.replace(/^#/, '').split('/');
  return { tab: TABS.includes(name) ? name : 'lokasi', arg: decodeURIComponent(arg) };
}

// go moves to a place; the same place again reloads it.
export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

export function setPlace(hash) {
  if (location.hash !== hash) history.replaceState(null, '', hash);
  const { tab: name, arg } = parseHash();
  lastArg[name] = arg;
  updateTabLinks();
}

function updateTabLinks() {
  for (const a of document.querySelectorAll('.tab')) {
    const arg = lastArg[a.dataset.tab];
    a.setAttribute('href', `#${a.dataset.tab}${arg ? '/' + arg : ''}`);
  }
}

function showTab(name) {
  tab = name;
  document.body.dataset.tab = name;
  for (const a of document.querySelectorAll('.tab')) {
    const on = a.dataset.tab === name;
    a.setAttribute('aria-selected', on ? 'true' : 'false');
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  for (const p of document.querySelectorAll('.panel')) p.hidden = p.id !== `panel-${name}`;
  setTitle();
}

export function setTitle() {
  document.title = `${t('tab.' + tab)} — ${t('coord.title')} — ${t('app.name')}`;
}

export function route() {
  const { tab: name, arg } = parseHash();
  lastArg[name] = arg;
  updateTabLinks();
  showTab(name);
  openers[name](arg);
}

// refreshTab reloads what the current tab shows (after a sign-in or out).
export function refreshTab() { route(); }
