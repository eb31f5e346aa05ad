// The operator's session in LAN mode. GET /api/session says whether the
// kiosk is open to the LAN and who is signed in; a 404 there means an older
// or loopback-only daemon: the person at the laptop is the operator. In LAN
// mode the page shows a sign-in form instead of the kiosk until the server
// accepts a name and password, sends the CSRF token on every change, and
// goes back to the form whenever the server answers 401.

import { $, t, addDict, api, setCsrf, setCsrfRefresher, setUnauthorizedHandler, onLangChange } from '{{asset:common.js}}';

addDict({
  id: {
    'login.title': 'Masuk petugas', 'login.heading': 'Masuk',
    'login.hint': 'Layar petugas dibuka dari jaringan: masukkan nama dan kata sandi (atau PIN) Anda.',
    'login.user': 'Nama', 'login.password': 'Kata sandi atau PIN', 'login.submit': 'Masuk',
    'login.busy': 'Memeriksa…',
    'login.missing': 'Isi nama dan kata sandi.',
    'login.bad': 'Nama atau kata sandi salah',
    'login.tooMany': 'Terlalu banyak percobaan, coba lagi dalam beberapa menit',
    'login.expired': 'Sesi berakhir — masuk lagi. Pemindaian yang belum terkirim masih menunggu.',
    'logout': 'Keluar', 'logout.label': 'Keluar ({user})',
    'tls.label': 'Sidik jari sertifikat',
  },
  en: {
    'login.title': 'Operator sign-in', 'login.heading': 'Sign in',
    'login.hint': 'The operator screen is open to the network: enter your name and password (or PIN).',
    'login.user': 'Name', 'login.password': 'Password or PIN', 'login.submit': 'Sign in',
    'login.busy': 'Checking…',
    'login.missing': 'Fill in the name and the password.',
    'login.bad': 'Wrong name or password',
    'login.tooMany': 'Too many attempts, try again in a few minutes',
    'login.expired': 'The session ended — sign in again. Scans not yet sent are still waiting.',
    'logout': 'Sign out', 'logout.label': 'Sign out ({user})',
    'tls.label': 'Certificate fingerprint',
  },
});

// session is what the server last said; read it, never write it.
export const session = { lan: false, user: null, role: null, tls: false, fingerprint: '' };

let started = false; // the picker or the visit screen is running
let ready = null; // starts it, once
let before = null; // {view, shown, langHome} to go back to after a new sign-in
const resumers = [];

// onResume registers what a running screen does after a new sign-in
// (reload what it could not read while the session was gone).
export function onResume(fn) { resumers.push(fn); }

export function loginShown() { return document.body.dataset.view === 'login'; }

// startSession asks the server about the session, then either runs start
// or shows the sign-in form and runs start once the operator is in.
export async function startSession(start) {
  ready = start;
  setUnauthorizedHandler(() => {
    showLogin(started);
    checkSession(); // refresh what the form shows (the fingerprint)
  });
  setCsrfRefresher(async () => {
    const s = await api('/api/session', { auth: false, timeout: 5000 });
    apply(s);
    return (s && s.csrf) || null;
  });
  wire();
  let s = null;
  try {
    s = await api('/api/session', { auth: false, timeout: 5000 });
  } catch {
    // 404: no LAN mode on this daemon. Anything else: carry on as before;
    // if the server turns out to want a sign-in, its 401 brings the form.
  }
  apply(s);
  if (session.lan && !session.user) showLogin(false);
  else enter();
}

// checkSession re-reads the session (after a lost connection, which may be
// an ended session: a browser cannot see why a WebSocket was refused).
export async function checkSession() {
  let s;
  try { s = await api('/api/session', { auth: false, timeout: 5000 }); } catch { return; }
  apply(s);
  if (session.lan && !session.user) showLogin(started);
}

function apply(s) {
  if (!s || typeof s !== 'object') s = {};
  session.lan = s.lan === true;
  session.user = typeof s.user === 'string' && s.user ? s.user : null;
  session.role = s.role || null;
  session.tls = s.tls === true;
  session.fingerprint = typeof s.tls_fingerprint === 'string' ? s.tls_fingerprint : '';
  if (s.csrf) setCsrf(s.csrf);
  render();
}

function render() {
  const signedIn = session.lan && !!session.user;
  $('#session-box').hidden = !signedIn;
  $('#session-user').textContent = session.user || '';
  $('#logout').setAttribute('aria-label', t('logout.label', { user: session.user || '' }));
  const fp = session.tls && session.fingerprint;
  $('#tls-box').hidden = !fp;
  $('#tls-fingerprint').hidden = !fp;
  $('#tls-fingerprint').textContent = session.fingerprint;
  document.body.dataset.lan = session.lan ? 'true' : 'false';
}

// placeSessionUi moves the signed-in box into a view's header tools and the
// fingerprint into its footer (there is one of each on the page).
export function placeSessionUi(tools, footer) {
  if (tools) tools.append($('#session-box'));
  if (footer) footer.append($('#tls-box'));
}

function showLogin(expired) {
  const form = $('#login-form');
  if (!loginShown()) {
    const dlg = $('#pair-dialog');
    if (dlg && dlg.open) dlg.close();
    const lang = $('#lang-switch');
    before = {
      view: document.body.dataset.view,
      shown: [...document.querySelectorAll('#picker, #visit-app')].filter((n) => !n.hidden),
      langHome: lang.parentElement,
      langNext: lang.nextSibling,
    };
    for (const n of document.querySelectorAll('#picker, #visit-app')) n.hidden = true;
    $('#login-tools').append(lang);
    placeSessionUi(null, $('#login-footer'));
    $('#login').hidden = false;
    document.body.dataset.view = 'login';
    document.title = `${t('app.name')} — ${t('login.title')}`;
  }
  showError(expired ? 'login.expired' : '');
  form.querySelector('#login-submit').disabled = false;
  const user = $('#login-user');
  (user.value ? $('#login-password') : user).focus();
}

function enter() {
  $('#login').hidden = true;
  if (before) { // the language button goes back where it was
    before.langHome.insertBefore($('#lang-switch'), before.langNext);
  }
  if (!started) {
    before = null;
    started = true;
    ready();
    return;
  }
  if (before) {
    document.body.dataset.view = before.view;
    for (const n of before.shown) n.hidden = false;
    before = null;
  }
  for (const fn of resumers) fn();
}

// showError shows a message under the form: a dictionary key (redrawn on a
// language switch) or, with raw, the server's own words.
let errorKey = '';
function showError(key, raw = '') {
  errorKey = key;
  const msg = key ? t(key) : raw;
  const p = $('#login-error');
  p.textContent = msg;
  p.hidden = !msg;
}

function wire() {
  const form = $('#login-form');
  const user = $('#login-user');
  const pass = $('#login-password');
  const submit = $('#login-submit');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const name = user.value.trim();
    if (!name || !pass.value) {
      showError('login.missing');
      (name ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const r = await api('/api/login', { method: 'POST', body: { user: name, password: pass.value }, auth: false });
      pass.value = '';
      showError('');
      setCsrf(r && r.csrf);
      session.lan = true;
      session.user = (r && r.user) || name;
      session.role = (r && r.role) || null;
      render();
      enter();
    } catch (ex) {
      showError(ex.status === 401 ? 'login.bad' : ex.status === 429 ? 'login.tooMany' : '', ex.message);
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });

  $('#logout').addEventListener('click', async () => {
    $('#logout').disabled = true;
    try { await api('/api/logout', { method: 'POST', auth: false }); } catch { /* the reload shows the truth */ }
    setCsrf(null);
    // A fresh page: nothing of the visit stays in memory or on screen.
    location.reload();
  });

  onLangChange(() => {
    render();
    if (errorKey) showError(errorKey);
    $('#login-submit').textContent = t($('#login-submit').disabled ? 'login.busy' : 'login.submit');
    if (loginShown()) document.title = `${t('app.name')} — ${t('login.title')}`;
  });
}
