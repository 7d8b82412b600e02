// Supervision (督办): every step of the region's service promise a bank let pass, oldest first, with the days
// over; the count by bank; and a follow-up note on each, kept with the step. Names, never bare ids.
import { chinaDate } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { textForm } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { showProblem } from '/official/fields.js';

const $ = (selector) => document.querySelector(selector);

function noteForm(item, reload) {
  return textForm({
    id: `note-${item.stepId}`, name: 'text', label: t('s.noteFor', { bank: item.bankName || item.bankId || '', enterprise: item.enterpriseName || item.uscc }),
    button: t('s.addNote'), maxLength: 500,
    send: async (text) => {
      await post(`/api/v1/supervision/${encodeURIComponent(item.stepId)}/notes`, { text });
      await reload();
    },
  });
}

function row(item, reload) {
  const tr = document.createElement('tr');
  tr.dataset.stepId = item.stepId;
  tr.innerHTML = '<td></td><td></td><td></td><td></td><td></td><td></td>';
  const [bank, enterprise, step, due, over, notes] = tr.children;
  bank.textContent = item.bankName || t('s.noBank');
  enterprise.textContent = item.enterpriseName || item.uscc;
  step.textContent = `${t(`step.${item.step}`)} · ${t(`s.status.${item.status}`)}`;
  due.textContent = item.dueOn;
  over.textContent = t('s.daysOver', { n: item.daysOver ?? 0 });
  over.className = item.status === 'OVERDUE' ? 'overdue' : '';
  const list = document.createElement('ul');
  list.dataset.testid = 'notes';
  list.replaceChildren(...(item.notes ?? []).map((n) => Object.assign(document.createElement('li'), { textContent: `${chinaDate(n.at)} ${n.text}` })));
  notes.append(list, noteForm(item, reload));
  return tr;
}

// The first page, or (more) the next after those shown.
let next = '';
export async function loadSupervision(more = false) {
  const table = $('[data-testid="supervision"]');
  const region = $('#s-region').value.trim();
  const query = new URLSearchParams({ regionCode: region, pageSize: '100' });
  if (more) {
    query.set('pageToken', next);
  }
  try {
    const page = await get(`/api/v1/supervision?${query}`);
    const rows = (page.items ?? []).map((item) => row(item, () => loadSupervision()));
    if (more) {
      table.querySelector('tbody').append(...rows);
    } else {
      table.querySelector('tbody').replaceChildren(...rows);
    }
    next = page.nextPageToken ?? '';
    $('#supervision-more').hidden = !next;
    const shown = table.querySelector('tbody').children.length;
    table.hidden = shown === 0;
    $('#no-supervision').hidden = shown > 0;
    $('[data-testid="overdue-by-bank"]').replaceChildren(...(page.byBank ?? []).map((b) => Object.assign(document.createElement('li'), {
      textContent: t('s.byBank', { bank: b.bankName || b.bankId, overdue: b.overdue, raised: b.raised, oldest: b.oldestDueOn }),
    })));
    $('[data-testid="untaken"]').textContent = t('s.untaken', { n: page.untaken ?? 0 });
    showProblem($('#supervision-error'), null);
  } catch (error) {
    if (!more) {
      table.querySelector('tbody').replaceChildren();
      $('#supervision-more').hidden = true;
    }
    showProblem($('#supervision-error'), error);
  }
}

export function setUpSupervision(user) {
  $('#s-region').value = user.region ?? '';
  $('#supervision-form').addEventListener('submit', (event) => {
    event.preventDefault();
    loadSupervision();
  });
  $('#supervision-more').addEventListener('click', () => loadSupervision(true));
  document.addEventListener('languagechange', () => loadSupervision());
}
