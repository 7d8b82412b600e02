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

// The section's form, table and (for the operator) the chain check, the same on both pages.
function render(section) {
  section.innerHTML = `
    <h2 id="audit-title" data-i18n="a.title"></h2>
    <p class="muted" data-i18n="a.intro"></p>
    <form id="audit-form" novalidate>
      <p class="form-error" role="alert" hidden></p>
      <div class="field"><label for="a-region" data-i18n="f.regionCode"></label><input id="a-region" name="regionCode" inputmode="numeric" autocomplete="off"></div>
      <div class="field"><label for="a-from" data-i18n="a.from"></label><input id="a-from" name="from" type="date"></div>
      <div class="field"><label for="a-to" data-i18n="a.to"></label><input id="a-to" name="to" type="date"></div>
      <button type="submit" data-i18n="a.read"></button>
    </form>
    <p id="audit-error" class="form-error" role="alert" hidden></p>
    <table class="list" data-testid="audit">
      <thead><tr><th data-i18n="a.at"></th><th data-i18n="a.who"></th><th data-i18n="a.action"></th><th data-i18n="a.target"></th><th data-i18n="f.reason"></th></tr></thead>
      <tbody></tbody>
    </table>
    <button type="button" id="audit-more" data-i18n="o.more" hidden></button>`;
  if ('verify' in section.dataset) {
    section.insertAdjacentHTML('beforeend', `
    <button type="button" id="audit-verify" data-i18n="a.verify"></button>
    <p data-testid="audit-verified" aria-live="polite"></p>`);
  }
}

// Before the page's translate(), which fills the words in.
export function setUpAuditLog() {
  render($('#audit'));
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
