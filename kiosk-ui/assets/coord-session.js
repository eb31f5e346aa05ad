// Talking to the daemon, and who is signed in.
//
// Steps that need a role answer 401 (or 403 for a signed-in user with the
// wrong role) with {"need_role": …}; the page then asks for that login in a
// dialog and runs the step once more. It uses its own small fetch wrapper
// (request) because it must read need_role from the body, and because file
// uploads send raw bytes rather than JSON.

import { $, t, setCsrf, api, ApiError, errorText } from '{{asset:common.js}}';
import { roleLabel, say } from '{{asset:coord-util.js}}';
import { refreshTab } from '{{asset:coord-nav.js}}';

export let csrf = null;
function setToken(token) {
  csrf = token || null;
  setCsrf(csrf); // common.js's api() (login, logout) sends the same token
}

function timeoutSignal(ms) {
  if (AbortSignal.timeout) return AbortSignal.timeout(ms);
  const c = new AbortController();
  setTimeout(() => c.abort(new DOMException('timeout', 'TimeoutError')), ms);
  return c.signal;
}

// request calls the daemon like common.js's api(), and keeps need_role from
// a refusal on the error (e.needRole). raw sends a File's bytes as the body.
export async function request(path, { method = 'GET', body, raw, timeout = 15000, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, cache: 'no-store', signal: timeoutSignal(timeout) };
  if (raw !== undefined) {
    opts.body = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const read = method === 'GET';
  const sent = csrf;
  if (!read && csrf) headers['X-CSRF-Token'] = csrf;
  let res, text;
  try {
    res = await fetch(path, opts);
    text = await res.text();
  } catch (e) {
    throw new ApiError(0, e && e.name === 'TimeoutError' ? t('err.timeout') : t('err.network'));
  }
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { /* not JSON */ }
  }
  if (res.status === 403 && !read && !retried && !(data && data.need_role)) {
    // Perhaps another tab signed in again (a new session, a new token):
    // nothing was changed, so try once more with the current token.
    await loadSession();
    if (csrf && csrf !== sent) return request(path, { method, body, raw, timeout, retried: true });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, errorText(data, res.status));
    err.needRole = data && typeof data.need_role === 'string' ? data.need_role : '';
    throw err;
  }
  return data;
}

// upload stores one file (a letter's scan, a photo) and returns its id.
export async function upload(file) {
  const r = await request(`/api/files?name=${encodeURIComponent(file.name || 'berkas')}`, { method: 'POST', raw: file, timeout: 60000 });
  return r.id;
}

// ------------------------------------------------------- session and login

export const session = { lan: false, user: '', role: '' };

export async function loadSession() {
  let s = null;
  try {
    s = await request('/api/session', { timeout: 5000 });
  } catch (e) {
    if (e.status !== 404) return; // keep what we know; 404: an older daemon
  }
  session.lan = !!(s && s.lan);
  session.user = (s && s.user) || (session.lan ? '' : 'local');
  session.role = (s && s.role) || (session.lan ? '' : 'operator');
  setToken(s && s.csrf);
  renderWho();
}

export function renderWho() {
  const signedIn = !!csrf;
  let name = session.user;
  if (!name) name = t('who.nobody');
  else if (name === 'local' && !signedIn) name = t('who.local');
  $('#who-name').textContent = name;
  $('#who-role').textContent = session.role ? `(${roleLabel(session.role)})` : '';
  $('#sign-out').hidden = !signedIn;
}

export function needsLogin(e) {
  return e instanceof ApiError && (e.status === 401 || (e.status === 403 && !!e.needRole));
}

// withLogin runs fn; when the server asks for a login it opens the dialog
// and, once someone has signed in, runs fn once more.
export async function withLogin(fn) {
  try {
    return await fn();
  } catch (e) {
    if (!needsLogin(e)) throw e;
    const ok = await askLogin(e.needRole, e.status === 403);
    if (!ok) {
      const c = new ApiError(e.status, e.needRole ? t('login.cancelled', { role: roleLabel(e.needRole) }) : t('login.cancelledAny'));
      c.cancelled = true;
      throw c;
    }
    return fn();
  }
}

let pendingLogin = null; // {promise, resolve, role, forbidden}

export function askLogin(role = '', forbidden = false) {
  if (pendingLogin) return pendingLogin.promise;
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  pendingLogin = { promise, resolve, role, forbidden };
  renderLoginText();
  say($('#login-error'), '');
  $('#login-user').value = ''; // often someone else signs in (the head of division)
  $('#login-password').value = '';
  const dlg = $('#login-dialog');
  if (!dlg.open) dlg.showModal();
  $('#login-user').focus();
  return promise;
}

export function renderLoginText() {
  if (!pendingLogin) return;
  const { role, forbidden } = pendingLogin;
  $('#login-title-text').textContent = role ? t('login.needRole', { role: roleLabel(role) }) : t('login.title');
  let explain = role ? t('login.hintRole', { role: roleLabel(role) }) : t('login.hint');
  if (forbidden) explain = t('login.forbidden', { user: session.user, role: roleLabel(session.role), need: roleLabel(role) });
  $('#login-explain').textContent = explain;
  const b = $('#login-submit');
  b.textContent = t(b.disabled ? 'login.busy' : 'login.submit');
}

function endLogin(ok) {
  const p = pendingLogin;
  pendingLogin = null;
  const dlg = $('#login-dialog');
  if (dlg.open) dlg.close();
  if (p) p.resolve(ok);
}

export function wireLogin() {
  const form = $('#login-form');
  const user = $('#login-user');
  const pass = $('#login-password');
  const submit = $('#login-submit');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const name = user.value.trim();
    if (!name || !pass.value) {
      say($('#login-error'), t('login.missing'));
      (name ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      const r = await api('/api/login', { method: 'POST', body: { user: name, password: pass.value }, auth: false });
      pass.value = '';
      setToken(r && r.csrf);
      session.user = (r && r.user) || name;
      session.role = (r && r.role) || '';
      renderWho();
      endLogin(true);
    } catch (ex) {
      say($('#login-error'), ex.status === 401 ? t('login.bad') : ex.status === 429 ? t('login.tooMany') : ex.message);
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
  $('#login-cancel').addEventListener('click', () => endLogin(false));
  $('#login-dialog').addEventListener('close', () => { if (pendingLogin) endLogin(false); });

  $('#sign-in').addEventListener('click', async () => {
    if (await askLogin('', false)) refreshTab();
  });
  $('#sign-out').addEventListener('click', async () => {
    $('#sign-out').disabled = true;
    try { await api('/api/logout', { method: 'POST', auth: false }); } catch { /* the session read below tells */ }
    setToken(null);
    $('#sign-out').disabled = false;
    await loadSession();
    refreshTab();
  });
}
