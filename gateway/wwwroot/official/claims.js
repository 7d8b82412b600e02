// The region's subsidy claims under four tabs: waiting for a decision (approve or reject), approved and
// waiting to be paid (pay or reject), and the paid and rejected ones. Each decision shows what it decides and
// waits for a yes; the claim decided stays where it was, with its new status, until the lists are read again.
import { confirmAction } from '/lib/confirm.js';
import { chinaDate } from '/lib/dates.js';
import { everything, post } from '/lib/http.js';
import { t } from '/lib/i18n.js';
import { formatFen, formatYuan } from '/lib/money.js';
import { showNote } from '/lib/notes.js';
import { session } from '/lib/session.js';
import { reasonForm, showProblem } from '/official/fields.js';

const $ = (selector) => document.querySelector(selector);
const STATUSES = ['PENDING', 'APPROVED', 'PAID', 'REJECTED'];
// The queues still to work through, oldest first; the history newest first, a page of it at a time.
const HISTORY = new Set(['PAID', 'REJECTED']);
const PAGE = 20;
const CHIPS = { PENDING: 'info', APPROVED: 'warn', PAID: 'ok', REJECTED: 'danger' };
const ACTIONS = { PENDING: ['approve', 'reject'], APPROVED: ['pay', 'reject'] };

const read = {};
const shown = {};

// What a decision decides, as the confirming dialog lists it: names first, the amount in exact 元.
function summary(claim) {
  return [
    [t('o.c.enterprise'), claim.enterpriseName || claim.uscc],
    [t('o.c.programme'), claim.programName || claim.programId],
    [t('o.c.bank'), claim.bankName || claim.bankId],
    [t('o.c.amount'), formatYuan(claim.amountFen)],
    [t('o.c.period'), t('o.c.periodValue', { from: claim.periodStart, to: claim.periodEnd })],
  ];
}

function statusLine(claim) {
  switch (claim.status) {
    case 'PAID': return t('o.paidOn', { date: chinaDate(claim.paidAt) });
    case 'REJECTED': return t('o.rejectedOn', { date: chinaDate(claim.decidedAt), reason: claim.rejectionReason ?? '' });
    case 'APPROVED': return t('o.approvedOn', { date: chinaDate(claim.decidedAt) });
    default: return t('o.submittedOn', { date: chinaDate(claim.submittedAt) });
  }
}

let changed = () => {};

// act: whether the card offers the claim's next steps; a claim just decided, kept in the list it left,
// offers them in the list it joined instead.
function card(claim, act = true) {
  const item = document.createElement('li');
  item.dataset.claimId = claim.claimId;
  item.dataset.status = claim.status;
  item.innerHTML = `<h3></h3><p><span class="chip"></span> <span class="muted decided"></span></p>
    <p class="muted programme"></p><p class="amount"></p><p class="muted calculation"></p>
    <p class="form-ok" hidden></p><div class="buttons"></div>`;
  // The firm and its bank by name, the programme it claims under, as the people deciding know them.
  item.querySelector('h3').textContent = t('o.claim', {
    enterprise: claim.enterpriseName || claim.uscc, bank: claim.bankName || claim.bankId, from: claim.periodStart, to: claim.periodEnd,
  });
  const chip = item.querySelector('.chip');
  chip.classList.add(CHIPS[claim.status] ?? 'info');
  chip.textContent = t(`cs.${claim.status}`);
  chip.dataset.testid = 'status';
  const decided = item.querySelector('.decided');
  decided.textContent = statusLine(claim);
  decided.dataset.testid = 'decided';
  const programme = item.querySelector('.programme');
  programme.textContent = t('o.claimProgramme', { programme: claim.programName || claim.programId, uscc: claim.uscc });
  programme.dataset.testid = 'programme';
  const amount = item.querySelector('.amount');
  amount.textContent = t('o.claimAmount', { amount: formatFen(claim.amountFen), principal: formatFen(claim.principalFen), days: claim.days });
  amount.title = formatYuan(claim.amountFen);
  amount.dataset.testid = 'amount';
  item.querySelector('.calculation').textContent = claim.calculation ?? '';
  item.querySelector('.form-ok').dataset.testid = 'done';
  const buttons = item.querySelector('.buttons');
  for (const action of act ? ACTIONS[claim.status] ?? [] : []) {
    buttons.append(action === 'reject' ? rejectButton(item, claim) : decideButton(item, claim, action));
  }
  // Four eyes on public money: the API refuses a payment by the official who approved the claim.
  if (act && claim.status === 'APPROVED' && claim.approvedBy && claim.approvedBy === session.current?.subject) {
    item.querySelector('[data-action="pay"]').disabled = true;
    const note = Object.assign(document.createElement('p'), { className: 'muted', textContent: t('o.approvedBySelf') });
    note.dataset.testid = 'approved-by-self';
    buttons.before(note);
  }
  return item;
}

function button(claim, action, className) {
  const element = Object.assign(document.createElement('button'), { type: 'button', className, textContent: t(`o.${action}`) });
  element.dataset.action = action;
  element.setAttribute('aria-label', `${t(`o.${action}`)} ${claim.enterpriseName || claim.uscc} ${claim.periodStart}`);
  return element;
}

// The claim as the API answered the decision, in place of the one decided: its new status, no more buttons,
// and a green line (with a toast) saying what was done and where the claim is listed now.
function settle(item, claim, action) {
  const now = card(claim, false);
  item.replaceWith(now);
  showNote(now.querySelector('[data-testid="done"]'), () => t(`o.done.${action}`, {
    enterprise: claim.enterpriseName || claim.uscc, amount: formatYuan(claim.amountFen), tab: t(`cs.${claim.status}`),
  }), true);
  now.querySelector('h3').tabIndex = -1;
  now.querySelector('h3').focus();
  countTabs();
  const where = STATUSES.find((status) => $(`[data-testid="claims-${status}"]`).contains(now));
  // The other lists are read again (the claim joins its new one); this one keeps the claim in view.
  loadClaims(where);
  changed();
}

async function decide(item, claim, action, body, key) {
  try {
    settle(item, await post(`/api/v1/subsidy-claims/${encodeURIComponent(claim.claimId)}:${action}`, body, { key }), action);
  } catch (error) {
    // A reason the API refused goes beside its field, for the official to correct.
    if (error.fields?.length) {
      throw error;
    }
    // Refused (another official acted first, four eyes): the lists as they are now, and why.
    await loadClaims();
    showProblem($('#claims-error'), error);
  }
}

function decideButton(item, claim, action) {
  const element = button(claim, action, 'primary');
  element.addEventListener('click', async () => {
    const yes = await confirmAction({ title: t(`o.ask.${action}`), lines: summary(claim), go: t(`o.go.${action}`) });
    if (!yes) {
      return;
    }
    element.disabled = true;
    try {
      await decide(item, claim, action, {}, crypto.randomUUID());
    } catch (error) {
      // A refusal with fields has no form here to land in: it is said on the claims' line.
      showProblem($('#claims-error'), error);
      element.disabled = false;
    }
  });
  return element;
}

// A rejection says why (the enterprise and its bank read it): a reason asked beside the claim, then the
// summary with the reason, confirmed.
function rejectButton(item, claim) {
  const element = button(claim, 'reject', 'danger');
  element.addEventListener('click', () => {
    const open = item.querySelector('form.reason');
    if (open) {
      open.querySelector('input').focus();
      return;
    }
    const form = reasonForm({
      id: `reject-${claim.claimId}`,
      label: () => t('o.rejectReason'),
      go: () => t('o.reject'),
      send: async (reason, key, done) => {
        const yes = await confirmAction({
          title: t('o.ask.reject'), lines: [...summary(claim), [t('f.reason'), reason]], go: t('o.go.reject'), danger: true, note: t('o.rejectNote'),
        });
        if (yes) {
          await decide(item, claim, 'reject', { reason }, key);
          done();
        }
      },
    });
    item.append(form);
    form.querySelector('input').focus();
  });
  return element;
}

// The tabs count what still waits in each queue.
function countTabs() {
  for (const status of ['PENDING', 'APPROVED']) {
    const waiting = $(`[data-testid="claims-${status}"]`).querySelectorAll(`li[data-status="${status}"]`).length;
    $(`[data-testid="count-${status}"]`).textContent = read[status] ? t('o.count', { n: waiting }) : '';
  }
}

function draw(status) {
  const list = $(`[data-testid="claims-${status}"]`);
  const claims = read[status] ?? [];
  list.replaceChildren(...claims.slice(0, shown[status]).map((claim) => card(claim)));
  $(`#no-${status.toLowerCase()}`).hidden = claims.length > 0;
  $(`#claims-more-${status}`).hidden = claims.length <= shown[status];
}

// Every page of each list: a pending claim left unseen on a later page would never be decided here, and the
// history is listed oldest first by the API, so the newest are found on its last page.
async function list(status) {
  const claims = await everything(`/api/v1/subsidy-claims?status=${status}`, 'claims');
  read[status] = HISTORY.has(status) ? claims.reverse() : claims;
  shown[status] = HISTORY.has(status) ? PAGE : claims.length;
  draw(status);
}

// keep: the list where a claim was just decided, left as it is so the claim stays in view.
export async function loadClaims(keep = null) {
  const statuses = STATUSES.filter((status) => status !== keep);
  const answers = await Promise.allSettled(statuses.map(list));
  const failed = answers.find((r) => r.status === 'rejected');
  if (failed) {
    // Every list read goes, even one that was read: a claim on it may have moved to another one, unseen.
    for (const status of statuses) {
      read[status] = null;
      $(`[data-testid="claims-${status}"]`).replaceChildren();
      $(`#no-${status.toLowerCase()}`).hidden = true;
      $(`#claims-more-${status}`).hidden = true;
    }
  }
  countTabs();
  showProblem($('#claims-error'), failed?.reason ?? null);
}

function select(tab) {
  for (const other of document.querySelectorAll('#claims [role="tab"]')) {
    const chosen = other === tab;
    other.setAttribute('aria-selected', String(chosen));
    $(`#${other.getAttribute('aria-controls')}`).hidden = !chosen;
  }
}

export function setUpClaims(onChange) {
  changed = onChange;
  const tabs = [...document.querySelectorAll('#claims [role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab));
    // Arrow keys move along the tabs, as in any tab list.
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
        select(next);
        next.focus();
      }
    });
  }
  for (const status of HISTORY) {
    $(`#claims-more-${status}`).addEventListener('click', () => {
      shown[status] += PAGE;
      draw(status);
    });
  }
  // A new claim has reserved part of its programme's budget: both are read again.
  $('#claims-refresh').addEventListener('click', () => {
    loadClaims();
    changed();
  });
}
