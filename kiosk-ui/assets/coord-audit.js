// The Riwayat tab: the audit trail, who did what and when.

import { $, el, t, fmtDateTime } from '{{asset:common.js}}';
import { roleLabel, say } from '{{asset:coord-util.js}}';
import { csrf, request, withLogin, needsLogin, askLogin } from '{{asset:coord-session.js}}';
import { loc, loadLocations } from '{{asset:coord-locations.js}}';

const audit = { rows: null };

export async function openRiwayat() {
  await loadAudit();
}

async function loadAudit() {
  const err = $('#audit-error');
  try {
    const rows = await withLogin(() => request('/api/audit?limit=200'));
    audit.rows = Array.isArray(rows) ? rows : [];
    say(err, '');
    $('#audit-login').hidden = true;
    if (!loc.loaded) await loadLocations(); // location names for the "about" column
  } catch (e) {
    audit.rows = null;
    say(err, e.message);
    $('#audit-login').hidden = !(e.cancelled || needsLogin(e));
  }
  renderAudit();
}

function auditSubject(r) {
  const label = t('subj.' + r.subject) !== 'subj.' + r.subject ? t('subj.' + r.subject) : r.subject;
  if (r.subject === 'location' && r.subject_id) {
    const l = loc.list.find((x) => x.id === r.subject_id);
    return el('a', { href: `#lokasi/${r.subject_id}`, text: l ? l.name : `${label} #${r.subject_id}` });
  }
  if (r.subject === 'visit' && r.subject_id) return el('a', { href: `#persiapan/${r.subject_id}`, text: `${label} #${r.subject_id}` });
  if (r.subject === 'file' && r.subject_id) return el('a', { href: `/api/files/${r.subject_id}`, target: '_blank', rel: 'noopener', text: `${label} #${r.subject_id}` });
  return el('span', { text: r.subject_id ? `${label} #${r.subject_id}` : label });
}

function auditDetail(r) {
  if (r.action === 'checklist.tick' || r.action === 'checklist.untick') return t('check.' + r.detail) !== 'check.' + r.detail ? t('check.' + r.detail) : r.detail;
  return r.detail || '';
}

export function renderAudit() {
  const table = $('#audit-table');
  const rows = audit.rows;
  table.hidden = !rows;
  if (!rows) return;
  const body = $('#audit-body');
  if (!rows.length) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: '5', class: 'note', text: t('audit.empty') })));
    return;
  }
  body.replaceChildren(...rows.map((r) => el('tr', { dataset: { action: r.action } },
    el('td', { class: 'audit-when', text: fmtDateTime(r.at) }),
    el('td', {}, el('span', { class: 'audit-user', text: r.user }), el('span', { class: 'audit-role', text: roleLabel(r.role) })),
    el('td', { class: 'audit-what', text: t('act.' + r.action) !== 'act.' + r.action ? t('act.' + r.action) : r.action }),
    el('td', {}, auditSubject(r)),
    el('td', { class: 'audit-detail', text: auditDetail(r) }))));
}

export function wireRiwayat() {
  $('#audit-refresh').addEventListener('click', () => loadAudit());
  $('#audit-login').addEventListener('click', async () => {
    if (await askLogin('coordinator', !!csrf)) loadAudit();
  });
}
