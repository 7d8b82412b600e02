// The audit log, newest first: an official reads their region's entries and the national ones, the
// operator every entry (and checks the hash chain). Each row says when, who, what was done to which
// record, and why.
import { chinaDateTime } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { emptyTable, showPage, showProblem } from '/official/fields.js';

const $ = (selector) => document.querySelector(selector);

function entryRow(entry) {
  const row = document.createElement('tr');
  row.dataset.seq = entry.seq;
  row.dataset.action = entry.action;
  row.innerHTML = '<td></td><td></td><td></td><td></td><td></td>';
  const [at, who, action, target, reason] = row.children;
  at.textContent = chinaDateTime(entry.at);
  who.textContent = `${entry.actorSubject}（${entry.actorRole}${entry.actorRegion ? ' ' + entry.actorRegion : ''}）`;
  action.textContent = entry.action;
  target.textContent = entry.target;
  target.title = [entry.before && `${t('a.before')} ${entry.before}`, entry.after && `${t('a.after')} ${entry.after}`].filter(Boolean).join('\n');
  reason.textContent = entry.reason ?? '';
  return row;
}

let query = null;
let next = '';

async function load(more = false) {
  const params = new URLSearchParams({ pageSize: '20', ...query });
  if (more) {
    params.set('pageToken', next);
  }
  const table = $('[data-testid="audit"]');
  try {
    const page = await get(`/api/v1/audit?${params}`);
    showPage(table, (page.entries ?? []).map(entryRow), { append: more, empty: 'a.none', more: $('#audit-more'), token: page.nextPageToken });
    next = page.nextPageToken ?? '';
    showProblem($('#audit-error'), null);
  } catch (error) {
    if (!more) {
      emptyTable(table, $('#audit-more'));
    }
    showProblem($('#audit-error'), error);
  }
}

export function setUpAuditLog() {
  onSubmit($('#audit-form'), async (data) => {
    query = Object.fromEntries(['regionCode', 'from', 'to']
      .map((name) => [name, String(data.get(name) ?? '').trim()])
      .filter(([, value]) => value));
    await load();
  });
  $('#audit-more').addEventListener('click', () => load(true));
  const verify = $('#audit-verify');
  verify?.addEventListener('click', async () => {
    const result = $('[data-testid="audit-verified"]');
    verify.setAttribute('disabled', '');
    try {
      const answer = await post('/api/v1/audit:verify', {});
      result.className = answer.intact ? 'ok' : 'form-error';
      result.textContent = answer.intact
        ? t('a.intact', { n: answer.entriesChecked ?? 0 })
        : t('a.broken', { seq: answer.firstBreakSeq, problem: answer.problem });
      result.dataset.intact = String(Boolean(answer.intact));
    } catch (error) {
      showProblem(result, error);
    } finally {
      verify.removeAttribute('disabled');
    }
  });
}
