// The coordinator's page: locations through the SOP steps (request letter,
// the head of division's decision, survey), the monthly schedule and its
// holidays, a visit's preparation (dropping list, packing progress,
// checklist, timeline) and the audit trail.
//
// This module starts the page; each tab lives in its own module. Imports
// run one way only (entry → tabs → session → nav, util), because an asset's
// URL carries the hashes of what it imports: a cycle would not build.

import '{{asset:coord-i18n.js}}';
import { $, initLang, onLangChange } from '{{asset:common.js}}';
import { setOpeners, route, setTitle } from '{{asset:coord-nav.js}}';
import {
  session, loadSession, renderWho, askLogin, renderLoginText, wireLogin,
} from '{{asset:coord-session.js}}';
import {
  openLokasi, wireLokasi, fillSelects, renderLocList, renderLocLayout,
} from '{{asset:coord-locations.js}}';
import {
  sched, openJadwal, wireJadwal, renderMonth, renderSchedule, renderHolidays,
} from '{{asset:coord-schedule.js}}';
import { openPersiapan, wirePersiapan, renderPrep } from '{{asset:coord-prep.js}}';
import { openRiwayat, wireRiwayat, renderAudit } from '{{asset:coord-audit.js}}';

async function start() {
  setOpeners({ lokasi: openLokasi, jadwal: openJadwal, persiapan: openPersiapan, riwayat: openRiwayat });
  initLang($('#lang-switch'));
  wireLogin();
  wireLokasi();
  wireJadwal();
  wirePersiapan();
  wireRiwayat();
  onLangChange(() => {
    fillSelects();
    renderWho();
    renderLoginText();
    setTitle();
    renderLocList();
    renderLocLayout();
    if (sched.month) { renderMonth(); renderSchedule(); renderHolidays(); }
    renderPrep();
    renderAudit();
  });
  window.addEventListener('hashchange', route);
  await loadSession();
  if (session.lan && !session.user) await askLogin('', false);
  route();
}

start();
