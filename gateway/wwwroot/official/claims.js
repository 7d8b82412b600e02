// Subsidy claims of the official's region waiting for a decision: pending ones to approve, approved ones
// to pay, each with its amount and how it was computed. Both lists are read again after every action, so
// a claim another official moved meanwhile shows where it now is.
import { get, post } from '/lib/http.js';
import { t } from '/lib/i18n.js';
import { formatFen, formatYuan } from '/lib/money.js';
import { session } from '/lib/session.js';
import { showProblem } from '/official/fields.js';

const $ = (selector) => document.querySelector(selector);
const ACTIONS = { PENDING: ['approve', 'o.approve'], APPROVED: ['pay', 'o.pay'] };

function card(claim, act) {
  const item = document.createElement('li');
  item.dataset.claimId = claim.claimId;
  item.innerHTML = '<h4></h4><p class="muted programme"></p><p class="amount"></p><p class="muted calculation"></p>';
  // The firm and its bank by name, the programme it claims under, as the people deciding know them.
  item.querySelector('h4').textContent = t('o.claim', {
    enterprise: claim.enterpriseName || claim.uscc, bank: claim.bankName || claim.bankId, from: claim.periodStart, to: claim.periodEnd,
  });
  const programme = item.querySelector('.programme');
  programme.textContent = t('o.claimProgramme', { programme: claim.programName || claim.programId, uscc: claim.uscc });
  programme.dataset.testid = 'programme';
  const amount = item.querySelector('.amount');
  amount.textContent = t('o.claimAmount', { amount: formatFen(claim.amountFen), principal: formatFen(claim.principalFen), days: claim.days });
  amount.title = formatYuan(claim.amountFen);
  amount.dataset.testid = 'amount';
  item.querySelector('.calculation').textContent = claim.calculation ?? '';
  const [action, key] = ACTIONS[claim.status];
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'primary', textContent: t(key) });
  button.setAttribute('aria-label', `${t(key)} ${claim.uscc} ${claim.periodStart}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    await act(claim, action);
  });
  item.append(button);
  // Four eyes on public money: the API refuses a payment by the official who approved the claim.
  if (action === 'pay' && claim.approvedBy && claim.approvedBy === session.current?.subject) {
    button.disabled = true;
    const note = Object.assign(document.createElement('p'), { className: 'muted', textContent: t('o.approvedBySelf') });
    note.dataset.testid = 'approved-by-self';
    item.append(note);
  }
  return item;
}

async function list(status, act) {
  const claims = [];
  let token = '';
  // Every page: a pending claim left unseen on a later page would never be decided here.
  do {
    const query = new URLSearchParams({ status, pageSize: '100' });
    if (token) {
      query.set('pageToken', token);
    }
    const page = await get(`/api/v1/subsidy-claims?${query}`);
    claims.push(...(page.claims ?? []));
    token = page.nextPageToken ?? '';
  } while (token);
  $(`[data-testid="claims-${status}"]`).replaceChildren(...claims.map((claim) => card(claim, act)));
  $(`#no-${status.toLowerCase()}`).hidden = claims.length > 0;
}

let changed = () => {};

async function act(claim, action) {
  let failure = null;
  try {
    await post(`/api/v1/subsidy-claims/${encodeURIComponent(claim.claimId)}:${action}`);
    changed();
  } catch (error) {
    failure = error;
  }
  await loadClaims();
  if (failure) {
    showProblem($('#claims-error'), failure);
  }
}

export async function loadClaims() {
  const failed = (await Promise.allSettled([list('PENDING', act), list('APPROVED', act)])).find((r) => r.status === 'rejected');
  if (failed) {
    // Both lists go, even one that was read: a claim on it may have moved to the other one, unseen.
    for (const status of Object.keys(ACTIONS)) {
      $(`[data-testid="claims-${status}"]`).replaceChildren();
      $(`#no-${status.toLowerCase()}`).hidden = true;
    }
  }
  showProblem($('#claims-error'), failed?.reason ?? null);
}

export function setUpClaims(onChange) {
  changed = onChange;
  // A new claim has reserved part of its programme's budget: both are read again.
  $('#claims-refresh').addEventListener('click', () => {
    loadClaims();
    changed();
  });
}
