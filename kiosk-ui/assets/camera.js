// The operator page's own camera: a live preview, and every ~200 ms one
// JPEG frame sent as a binary message on the visit's WebSocket. The server
// answers each frame with {"type":"frame_ack","codes":[…]}; the scans it
// makes of them arrive as ordinary scan events, so this module shows only
// the camera's own state. At most one frame is in flight: the next one
// waits for the last one's ack.
//
// The camera is stopped (its tracks too) when switched off, while the page
// is hidden, and while the socket is down; it comes back by itself if it
// was on. window.anterkoperCamera.sendFrame(jpeg) sends one given frame
// the same way, for tests without a camera.

import { $, t, addDict, onLangChange } from '{{asset:common.js}}';

addDict({
  id: {
    'camera.button': 'Kamera', 'camera.stop': 'Matikan kamera',
    'camera.buttonLabel': 'Pindai dengan kamera', 'camera.stopLabel': 'Matikan kamera',
    'camera.starting': 'Membuka kamera…',
    'camera.scanning': 'Memindai…',
    'camera.last': 'Terakhir terbaca: {code}',
    'camera.pausedHidden': 'Dijeda — halaman tidak terlihat',
    'camera.pausedConn': 'Dijeda — menunggu koneksi ke server…',
    'camera.error': 'Kamera tidak tersedia: {reason} (butuh localhost atau HTTPS)',
    'camera.why.api': 'peramban tidak memberi akses kamera di alamat ini',
    'camera.why.denied': 'izin kamera ditolak',
    'camera.why.none': 'tidak ada kamera',
    'camera.why.busy': 'kamera sedang dipakai aplikasi lain',
    'camera.why.other': 'galat tidak dikenal',
  },
  en: {
    'camera.button': 'Camera', 'camera.stop': 'Stop camera',
    'camera.buttonLabel': 'Scan with the camera', 'camera.stopLabel': 'Stop the camera',
    'camera.starting': 'Opening the camera…',
    'camera.scanning': 'Scanning…',
    'camera.last': 'Last read: {code}',
    'camera.pausedHidden': 'Paused — the page is hidden',
    'camera.pausedConn': 'Paused — waiting for the server connection…',
    'camera.error': 'Camera not available: {reason} (needs localhost or HTTPS)',
    'camera.why.api': 'the browser gives no camera access at this address',
    'camera.why.denied': 'camera permission refused',
    'camera.why.none': 'no camera found',
    'camera.why.busy': 'the camera is in use by another application',
    'camera.why.other': 'unknown error',
  },
});

const INTERVAL = 200; // ms between frame starts
const MAX_WIDTH = 960; // frames are scaled down to this width at most
const QUALITY = 0.8;
const ACK_TIMEOUT = 5000; // an ack that never comes must not stall the loop
const CONN_GRACE = 2000; // a reconnect this quick keeps the camera open

const CONSTRAINTS = {
  video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
  audio: false,
};

function reasonOf(e) {
  switch (e && e.name) {
    case 'NotAllowedError': case 'SecurityError': case 'PermissionDeniedError': return t('camera.why.denied');
    case 'NotFoundError': case 'DevicesNotFoundError': case 'OverconstrainedError': return t('camera.why.none');
    case 'NotReadableError': case 'TrackStartError': case 'AbortError': return t('camera.why.busy');
    default: return (e && (e.message || e.name)) || t('camera.why.other');
  }
}

// initCamera wires #camera-toggle to socket (a VisitSocket). It returns the
// hooks the page calls: onAck(msg) for each frame_ack, onConn(state) for
// each connection change.
export function initCamera(socket) {
  const button = $('#camera-toggle');
  const video = $('#camera-preview');
  const box = $('#camera-box');
  const status = $('#camera-status');
  const errorBox = $('#camera-error');
  const stopButton = $('#camera-stop');
  const canvas = document.createElement('canvas');

  const cam = {
    want: false, // the operator switched it on
    stream: null,
    opening: 0, // generation of a getUserMedia call under way; 0: none
    gen: 0,
    error: null, // () => string
    status: 'off', // off | starting | scanning | hidden | conn
    lastCode: '',
    flight: null, // {resolve, reject, timer}: the frame waiting for its ack
    queue: [], // frames given to sendFrame while another was in flight
    loop: 0,
    lastStart: 0,
    capturing: false,
    connTimer: 0,
  };

  function connected() { return socket.state === 'connected'; }

  // -------------------------------------------------------- rendering

  function render() {
    const state = cam.error ? 'error' : (cam.want ? 'on' : 'off');
    button.dataset.state = state;
    button.setAttribute('aria-pressed', cam.want ? 'true' : 'false');
    $('.camera-label', button).textContent = t('camera.button');
    button.setAttribute('aria-label', t(cam.want ? 'camera.stopLabel' : 'camera.buttonLabel'));
    $('.camera-label', stopButton).textContent = t('camera.stop');
    errorBox.hidden = !cam.error;
    errorBox.textContent = cam.error ? cam.error() : '';
    box.hidden = !cam.want;
    box.dataset.status = cam.status;
    let text = '';
    switch (cam.status) {
      case 'starting': text = t('camera.starting'); break;
      case 'scanning': text = t('camera.scanning'); break;
      case 'hidden': text = t('camera.pausedHidden'); break;
      case 'conn': text = t('camera.pausedConn'); break;
      default: break;
    }
    $('.camera-state', status).textContent = text;
    const last = $('.camera-last', status);
    last.textContent = cam.lastCode ? t('camera.last', { code: cam.lastCode }) : '';
    last.hidden = !cam.lastCode;
  }

  // ------------------------------------------------------ the device

  function stopTracks() {
    cam.opening = 0;
    cam.gen++;
    if (cam.stream) for (const track of cam.stream.getTracks()) track.stop();
    cam.stream = null;
    video.srcObject = null;
    clearTimeout(cam.loop);
  }

  function fail(reason) {
    cam.want = false;
    stopTracks();
    cam.status = 'off';
    cam.error = () => t('camera.error', { reason: typeof reason === 'function' ? reason() : reason });
    render();
  }

  async function open() {
    if (cam.stream || cam.opening || !cam.want) return;
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') {
      fail(() => t('camera.why.api'));
      return;
    }
    const gen = ++cam.gen;
    cam.opening = gen;
    cam.status = 'starting';
    render();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
    } catch (e) {
      if (gen !== cam.gen) return; // switched off meanwhile
      fail(() => reasonOf(e));
      return;
    }
    if (gen !== cam.gen || !cam.want) { // switched off (or paused) meanwhile
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    cam.opening = 0;
    cam.stream = stream;
    for (const track of stream.getVideoTracks()) {
      // The camera unplugged or taken away: say so rather than freeze.
      track.addEventListener('ended', () => { if (cam.stream === stream) fail(() => t('camera.why.busy')); });
    }
    video.srcObject = stream;
    video.play().catch(() => { /* autoplay muted: plays anyway */ });
    sync(); // scanning, or waiting for the socket
  }

  // sync opens or closes the camera to match what is wanted and possible.
  function sync() {
    if (!cam.want) {
      stopTracks();
      cam.status = 'off';
    } else if (document.hidden) {
      stopTracks();
      cam.status = 'hidden';
    } else if (!connected()) {
      cam.status = 'conn';
      clearTimeout(cam.connTimer);
      if (cam.stream || cam.opening) {
        // A blip the socket fixes at once is not worth closing the camera.
        cam.connTimer = setTimeout(() => {
          if (cam.want && !connected()) { stopTracks(); render(); }
        }, CONN_GRACE);
      }
    } else {
      clearTimeout(cam.connTimer);
      if (cam.stream) {
        cam.status = 'scanning';
        schedule(0);
      } else {
        open(); // renders
        return;
      }
    }
    render();
  }

  function toggle() {
    cam.want = !cam.want;
    cam.error = null;
    cam.lastCode = '';
    sync();
  }

  // --------------------------------------------------------- frames

  function schedule(delay) {
    clearTimeout(cam.loop);
    if (!cam.stream) return;
    cam.loop = setTimeout(tick, Math.max(0, delay));
  }

  function tick() {
    if (!cam.stream || !connected() || document.hidden) return; // sync restarts the loop
    if (cam.flight || cam.capturing) return; // the ack schedules the next frame
    const since = performance.now() - cam.lastStart;
    if (since < INTERVAL) { schedule(INTERVAL - since); return; }
    if (video.readyState < 2 || !video.videoWidth) { schedule(INTERVAL / 2); return; } // no picture yet
    cam.lastStart = performance.now();
    const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const ctx = canvas.getContext('2d');
    try {
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    } catch {
      schedule(INTERVAL);
      return;
    }
    cam.capturing = true;
    canvas.toBlob((blob) => {
      cam.capturing = false;
      if (!blob || !cam.stream || cam.flight) { schedule(INTERVAL); return; }
      send(blob).catch(() => { /* a lost frame: the next one follows */ });
    }, 'image/jpeg', QUALITY);
  }

  // send puts one JPEG (Blob or ArrayBuffer) on the socket, after the frame
  // in flight, if any, is answered. It resolves with the server's ack.
  async function send(jpeg) {
    const buf = jpeg instanceof ArrayBuffer ? jpeg
      : ArrayBuffer.isView(jpeg) ? jpeg.buffer.slice(jpeg.byteOffset, jpeg.byteOffset + jpeg.byteLength)
        : await jpeg.arrayBuffer();
    return new Promise((resolve, reject) => {
      cam.queue.push({ buf, resolve, reject });
      pump();
    });
  }

  function pump() {
    if (cam.flight || !cam.queue.length) return;
    const frame = cam.queue.shift();
    if (!socket.sendBinary(frame.buf)) {
      frame.reject(new Error('not connected'));
      pump();
      return;
    }
    cam.flight = {
      resolve: frame.resolve,
      reject: frame.reject,
      timer: setTimeout(() => settle(null, new Error('no frame_ack')), ACK_TIMEOUT),
    };
  }

  // settle ends the frame in flight with its ack (or an error) and lets the
  // next one go.
  function settle(ack, err) {
    const f = cam.flight;
    if (!f) return;
    cam.flight = null;
    clearTimeout(f.timer);
    if (err) f.reject(err);
    else f.resolve(ack);
    if (cam.queue.length) pump();
    else schedule(INTERVAL - (performance.now() - cam.lastStart));
  }

  function onAck(m) {
    const codes = Array.isArray(m && m.codes) ? m.codes.map(String).filter(Boolean) : [];
    if (codes.length) {
      cam.lastCode = codes[codes.length - 1];
      render();
    }
    settle({ type: 'frame_ack', codes }, null);
  }

  function onConn(state) {
    if (state !== 'connected') {
      // The frame in flight (and any waiting) will never be answered.
      settle(null, new Error('disconnected'));
      for (const f of cam.queue.splice(0)) f.reject(new Error('disconnected'));
    }
    if (cam.want) sync();
  }

  // ----------------------------------------------------------- wiring

  button.addEventListener('click', toggle);
  stopButton.addEventListener('click', () => { if (cam.want) toggle(); });
  document.addEventListener('visibilitychange', () => { if (cam.want) sync(); });
  onLangChange(render);
  render();

  window.anterkoperCamera = {
    // sendFrame sends one JPEG (Blob, ArrayBuffer or typed array) the way
    // camera frames go; it resolves with {type:'frame_ack', codes}.
    sendFrame(jpeg) { return send(jpeg); },
  };

  return { onAck, onConn };
}
