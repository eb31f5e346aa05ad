// Small helpers the coordinator page's tabs share: messages, busy buttons,
// file pickers, and dates and months as people write them.

import { t, getLang, fmtDate, todayWIB } from '{{asset:common.js}}';

export const roleLabel = (r) => (r && t('role.' + r) !== 'role.' + r ? t('role.' + r) : (r || ''));
export const show = (node, on) => { node.hidden = !on; };

// say shows a message in a <p> (or hides it when msg is empty); tone
// 'info' makes a success that is no good news (a rejection) neutral.
export function say(node, msg, tone = '') {
  node.textContent = msg || '';
  node.hidden = !msg;
  if (tone) node.dataset.tone = tone;
  else delete node.dataset.tone;
}

// --------------------------------------------------------------- dates

const LOCALE = () => (getLang() === 'en' ? 'en-GB' : 'id-ID');

export function fmtDay(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso || '';
  const wd = new Intl.DateTimeFormat(LOCALE(), { weekday: 'long', timeZone: 'UTC' }).format(d);
  return `${wd}, ${fmtDate(iso)}`;
}

export function monthName(ym) {
  const d = new Date(`${ym}-01T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return ym;
  return new Intl.DateTimeFormat(LOCALE(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function addMonths(ym, n) {
  const [y, m] = ym.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export const thisMonth = () => todayWIB().slice(0, 7);
export const monthText = (ym) => `${ym.slice(5, 7)}/${ym.slice(0, 4)}`;

// parseMonth reads 12/2026 (also 12-2026, 12.2026) or 2026-12 as 2026-12.
export function parseMonth(text) {
  const s = (text || '').trim();
  let r = /^(\d{1,2})[/.-](\d{4})$/.exec(s);
  let y, m;
  if (r) [, m, y] = r.map(Number);
  else if ((r = /^(\d{4})-(\d{1,2})$/.exec(s))) [, y, m] = r.map(Number);
  else return null;
  if (m < 1 || m > 12 || y < 2000 || y > 2100) return null;
  return `${y}-${String(m).padStart(2, '0')}`;
}

export function intOf(input) {
  const s = input.value.trim();
  if (s === '') return null;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

export function fileNames(input, out) {
  const files = [...(input.files || [])];
  // With no file the words follow the language (data-i18n); a name does not.
  if (files.length === 0) {
    out.dataset.i18n = 'file.none';
    out.textContent = t('file.none');
  } else {
    delete out.dataset.i18n;
    out.textContent = files.length === 1 ? files[0].name : t('files.n', { n: files.length });
  }
}

// busy disables a button and shows a word while work runs.
export async function busy(button, word, fn) {
  const old = [...button.childNodes].map((n) => n.cloneNode(true));
  button.disabled = true;
  button.textContent = word;
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.replaceChildren(...old);
    // A language switch meanwhile: the restored label catches up.
    for (const n of button.querySelectorAll('[data-i18n]')) n.textContent = t(n.dataset.i18n);
    if (button.dataset.i18n) button.textContent = t(button.dataset.i18n);
  }
}
