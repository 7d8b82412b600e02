// The need sent to every bank with a fitting product (发布需求, 抢单): with the enterprise's consent and how many
// banks may take it; then who took it (each bank by name, with its product), each taker declined with a
// reason, and the broadcast withdrawn. The view is read again on request and after each change.
import { chinaDate } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { clearErrors, messageOf, showError, textForm } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { clearNote, showNote } from '/lib/notes.js';

const $ = (selector) => document.querySelector(selector);
let needId = null;
let changed = () => {};

function taker(item) {
  const li = document.createElement('li');
  li.dataset.applicationId = item.applicationId;
  li.append(Object.assign(document.createElement('h4'), { textContent: item.bankName || item.bankId }));
  li.append(Object.assign(document.createElement('p'), { textContent: item.productName }));
  const state = item.declined ? t('bc.declined') : t(`status.${item.applicationStatus}`);
  li.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('bc.takenAt', { date: chinaDate(item.takenAt), state }) }));
  if (!item.declined && item.applicationStatus === 'SUBMITTED') {
    const bank = item.bankName || item.bankId;
    li.append(textForm({
      id: `decline-${item.applicationId}`, name: 'reason', label: t('bc.declineReason', { bank }), button: t('bc.decline'), maxLength: 500,
      required: t('bc.reasonRequired'),
      send: async (reason) => {
        await post(`/api/v1/applications/${encodeURIComponent(item.applicationId)}:withdraw`, { reason });
        note(() => t('bc.declinedNote', { bank }), true);
        await showBroadcast();
        changed();
      },
    }));
  }
  return li;
}

function note(text, ok) {
  showNote($('#broadcast-note'), text, ok);
}

export async function showBroadcast() {
  if (!needId) {
    return;
  }
  let broadcast;
  try {
    broadcast = await get(`/api/v1/financing-needs/${encodeURIComponent(needId)}/broadcast`);
  } catch (error) {
    if (error.status === 404) {
      $('#broadcast-form').hidden = false;
      $('#broadcast-view').hidden = true;
      return;
    }
    note(messageOf(error), false);
    return;
  }
  $('#broadcast-form').hidden = true;
  $('#broadcast-view').hidden = false;
  $('[data-testid="broadcast-status"]').textContent = t(`bc.status.${broadcast.status}`, {
    reached: broadcast.banksReached, taken: broadcast.taken ?? 0, max: broadcast.maxTakers, takeBy: broadcast.takeBy, until: broadcast.openUntil, round: broadcast.round,
  });
  $('#takers').replaceChildren(...(broadcast.takers ?? []).map(taker));
  $('#broadcast-withdraw').hidden = broadcast.status !== 'OPEN' && broadcast.status !== 'FULL';
}

// A new need on screen: its broadcast form, empty.
export function forNeed(id) {
  needId = id;
  const form = $('#broadcast-form');
  clearErrors(form);
  form.consentToCreditQuery.checked = false;
  form.maxTakers.value = '3';
  form.hidden = false;
  $('#broadcast-view').hidden = true;
  clearNote($('#broadcast-note'));
}

export function setUpBroadcast(onChange) {
  changed = onChange;
  const form = $('#broadcast-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!form.consentToCreditQuery.checked) {
      showError(form, { status: 400, fields: [{ field: 'consentToCreditQuery', description: t('bc.consentRequired') }] });
      return;
    }
    try {
      const broadcast = await post(`/api/v1/financing-needs/${encodeURIComponent(needId)}:broadcast`, { consentToCreditQuery: true, maxTakers: Number(form.maxTakers.value) });
      note(() => t('bc.sent', { reached: broadcast.banksReached, takeBy: broadcast.takeBy }), true);
    } catch (error) {
      showError(form, error);
      return;
    }
    await showBroadcast();
  });
  // A take makes an application: the list below shows it too.
  $('#broadcast-refresh').addEventListener('click', async () => {
    await showBroadcast();
    changed();
  });
  $('#broadcast-withdraw').addEventListener('click', async () => {
    try {
      await post(`/api/v1/financing-needs/${encodeURIComponent(needId)}:withdrawBroadcast`, {});
      note(() => t('bc.withdrawn'), true);
    } catch (error) {
      note(messageOf(error), false);
    }
    await showBroadcast();
  });
  document.addEventListener('languagechange', showBroadcast);
}
