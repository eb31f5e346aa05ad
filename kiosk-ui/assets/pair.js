// Pairing the school's phone in LAN mode: the "Layar sekolah" button asks
// the server for a viewer token and shows its link as a QR code for the
// teacher's camera. The link is read-only and expires; the operator can
// revoke it here. Outside LAN mode the button just opens the viewer.

import { $, t, addDict, api, fmtDateTime, onLangChange } from '{{asset:common.js}}';

addDict({
  id: {
    'pair.title': 'Layar sekolah di ponsel guru', 'pair.close': 'Tutup',
    'pair.explain': 'Pindai dengan kamera ponsel guru untuk membuka layar sekolah (hanya-baca)',
    'pair.url': 'Alamat:', 'pair.expires': 'Berlaku sampai:', 'pair.revoke': 'Cabut tautan',
    'pair.openHere': 'Buka juga di laptop ini',
    'pair.qrAlt': 'Kode QR tautan layar sekolah',
    'pair.making': 'Membuat kode…', 'pair.failed': 'Kode tidak dapat dibuat: {error}',
    'pair.revoking': 'Mencabut…', 'pair.revoked': 'Dicabut — tautan ini tidak berlaku lagi.',
    'pair.revokeFailed': 'Tautan belum dicabut: {error}',
    'pair.expired': 'Kode ini sudah kedaluwarsa — tutup lalu buka lagi untuk kode baru.',
  },
  en: {
    'pair.title': "School screen on the teacher's phone", 'pair.close': 'Close',
    'pair.explain': "Scan with the teacher's phone camera to open the school screen (read-only)",
    'pair.url': 'Address:', 'pair.expires': 'Valid until:', 'pair.revoke': 'Revoke link',
    'pair.openHere': 'Also open on this laptop',
    'pair.qrAlt': 'QR code of the school screen link',
    'pair.making': 'Making the code…', 'pair.failed': 'The code could not be made: {error}',
    'pair.revoking': 'Revoking…', 'pair.revoked': 'Revoked — this link no longer works.',
    'pair.revokeFailed': 'The link is not revoked yet: {error}',
    'pair.expired': 'This code has expired — close and open again for a new one.',
  },
});

const QR_MIN = 280; // CSS pixels: a phone camera reads it from arm's length

let visit = 0;
let pairing = null; // the server's answer: {token, url, qr, expires_at}
let status = null; // {key, params, bad}
let gen = 0; // bumps on every open, so a late timer never touches a newer one
let expiryTimer = 0;

export function pairOpen() {
  const d = $('#pair-dialog');
  return !!(d && d.open);
}

export function closePair() {
  if (pairOpen()) $('#pair-dialog').close();
}

// initPair wires the dialog for a visit; onClosed runs whenever it closes
// (the operator page gives the scan field its focus back).
export function initPair(visitId, onClosed) {
  visit = visitId;
  const dlg = $('#pair-dialog');
  $('#pair-close').addEventListener('click', () => dlg.close());
  $('#pair-revoke').addEventListener('click', revoke);
  dlg.addEventListener('close', () => {
    clearTimeout(expiryTimer);
    onClosed();
  });
  $('#pair-qr').addEventListener('load', sizeQr);
  window.addEventListener('resize', () => { if (dlg.open) sizeQr(); });
  onLangChange(render);
}

// openPair shows the dialog with the current link, or a new one when there
// is none (or it is about to expire).
export async function openPair() {
  const dlg = $('#pair-dialog');
  const my = ++gen;
  if (!dlg.open) dlg.showModal();
  if (pairing && Date.parse(pairing.expires_at) - Date.now() > 60000) {
    status = null;
    render();
    watchExpiry(my);
    return;
  }
  pairing = null;
  status = { key: 'pair.making' };
  render();
  try {
    const r = await api(`/api/visits/${visit}/viewer-tokens`, { method: 'POST', body: {} });
    if (my !== gen) return;
    if (!r || !r.token || !r.qr) throw new Error(t('err.http', { status: 201 }));
    pairing = r;
    status = null;
    watchExpiry(my);
  } catch (e) {
    if (my !== gen) return;
    status = { key: 'pair.failed', params: { error: e.message }, bad: true };
  }
  render();
}

function watchExpiry(my) {
  clearTimeout(expiryTimer);
  const left = Date.parse(pairing && pairing.expires_at) - Date.now();
  if (!(left > 0)) { expire(); return; }
  expiryTimer = setTimeout(() => { if (my === gen) expire(); }, Math.min(left, 2 ** 31 - 1));
}

function expire() {
  pairing = null;
  status = { key: 'pair.expired', bad: true };
  render();
}

async function revoke() {
  if (!pairing) return;
  const my = gen;
  const token = pairing.token;
  $('#pair-revoke').disabled = true;
  status = { key: 'pair.revoking' };
  render();
  try {
    await api(`/api/visits/${visit}/viewer-tokens/${encodeURIComponent(token)}`, { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 404) { // 404: already gone (expired): as good as revoked
      if (my === gen) {
        status = { key: 'pair.revokeFailed', params: { error: e.message }, bad: true };
        $('#pair-revoke').disabled = false;
        render();
      }
      return;
    }
  }
  if (pairing && pairing.token === token) pairing = null;
  if (my !== gen) return;
  status = { key: 'pair.revoked', ok: true };
  render();
  setTimeout(() => { if (my === gen) closePair(); }, 1500);
}

function render() {
  const has = !!pairing;
  const img = $('#pair-qr');
  if (has && img.getAttribute('src') !== pairing.qr) {
    img.hidden = true; // shown by sizeQr once decoded, at a crisp size
    img.src = pairing.qr;
  }
  if (!has) {
    img.hidden = true;
    img.removeAttribute('src');
  }
  img.alt = t('pair.qrAlt');
  const url = has ? new URL(pairing.url || '', location.href).href : '';
  $('#pair-url').textContent = url;
  $('#pair-url-line').hidden = !has;
  $('#pair-open').href = url || '/viewer';
  $('#pair-open-line').hidden = !has;
  $('#pair-expiry').textContent = has ? fmtDateTime(pairing.expires_at) : '';
  $('#pair-expiry-line').hidden = !has || !$('#pair-expiry').textContent;
  const revokeBtn = $('#pair-revoke');
  revokeBtn.hidden = !has;
  if (has && !(status && status.key === 'pair.revoking')) revokeBtn.disabled = false;
  const p = $('#pair-status');
  p.textContent = status ? t(status.key, status.params) : '';
  p.hidden = !status;
  p.dataset.state = status ? (status.bad ? 'bad' : status.ok ? 'ok' : 'busy') : '';
}

// sizeQr scales the code by a whole number of screen pixels per module
// pixel (with image-rendering: pixelated, so its edges stay sharp), at least
// QR_MIN CSS pixels wide; on a screen too narrow for that, as wide as fits.
function sizeQr() {
  const img = $('#pair-qr');
  const n = img.naturalWidth;
  if (!n || !pairing) return;
  const dpr = window.devicePixelRatio || 1;
  const room = Math.max(QR_MIN, Math.min(420, window.innerWidth - 72));
  const k = Math.max(1, Math.ceil((QR_MIN * dpr) / n));
  // No whole multiple fits a narrow phone: fill the room (still pixelated).
  const size = (n * k) / dpr <= room ? (n * k) / dpr : room;
  img.style.width = `${size}px`;
  img.hidden = false;
}
