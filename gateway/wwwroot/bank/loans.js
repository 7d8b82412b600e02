// The bank's loan desk: every loan its approvals opened, and the ledger lines the bank records on one of them
// (a disbursement, the repayment plan, a repayment, a renewal, the settlement or a write-off), each form with
// the API's refusal beside the field it names. The loan shown is the one the last answer returned.
import { post, put } from '/lib/http.js';
import { clearErrors, messageOf, onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen, formatYuan, parseYuan } from '/lib/money.js';
import { basisPoints, fen, refusal, whole } from '/lib/fields.js';
import { everything, showNote, todayInShanghai } from '/bank/api.js';
import { SCHEDULE_KINDS } from '/lib/terms.js';
import { describe } from '/lib/violations.js';

const $ = (selector) => document.querySelector(selector);
const RENEWALS = ['NO_REPAYMENT_RENEWAL', 'REPAY_THEN_RENEW'];
const OPEN = new Set(['AWAITING_DISBURSEMENT', 'ACTIVE', 'OVERDUE']);
const FORMS = ['#disburse-form', '#schedule-form', '#repay-form', '#renew-form', '#settle-form', '#write-off-form'];

let shown = null;

const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });

function summary(loan) {
  const parts = [
    t(`ls.${loan.status}`),
    t('l.granted', { amount: formatFen(loan.grantedFen) }),
    t('l.disbursed', { amount: formatFen(loan.disbursedFen) }),
    t('l.balance', { amount: formatFen(loan.balanceFen), date: loan.balanceOn ?? '' }),
  ];
  if (loan.nextDueOn) {
    parts.push(t('l.nextDue', { date: loan.nextDueOn, amount: formatFen(loan.nextDuePrincipalFen) }));
  }
  if (loan.status === 'OVERDUE') {
    parts.push(t('l.pastDue', { days: loan.daysPastDue ?? 0, date: loan.overdueDueOn ?? '' }));
  }
  return parts.join(' · ');
}

function card(loan) {
  const item = document.createElement('li');
  item.dataset.loanId = loan.loanId;
  item.classList.toggle('is-overdue', loan.status === 'OVERDUE');
  const title = text('h3', `${loan.uscc} · ${formatFen(loan.grantedFen)} · ${formatBp(loan.rateBp)}`);
  if (loan.status === 'OVERDUE') {
    title.prepend(text('span', t('ls.OVERDUE'), 'badge'), ' ');
  }
  const state = text('p', summary(loan), 'muted');
  state.dataset.testid = 'loan-state';
  state.title = formatYuan(loan.balanceFen);
  const button = text('button', t('l.record'), OPEN.has(loan.status) ? 'primary' : '');
  button.type = 'button';
  button.setAttribute('aria-label', `${t('l.record')} ${loan.uscc} ${loan.loanId}`);
  button.addEventListener('click', () => openLoan(loan));
  item.append(title, state, text('p', t('l.ids', { loanId: loan.loanId, contract: loan.contractDate }), 'muted'), button);
  return item;
}

export async function loadLoans() {
  const note = $('#loans-message');
  let loans;
  try {
    loans = await everything('/api/v1/loans', 'loans');
  } catch (error) {
    $('#loan-list').replaceChildren();
    showNote(note, messageOf(error), false);
    return;
  }
  // Open loans first, overdue ones at the top; closed ones after them.
  const rank = (loan) => (loan.status === 'OVERDUE' ? 0 : OPEN.has(loan.status) ? 1 : 2);
  $('#loan-list').replaceChildren(...loans.toSorted((a, b) => rank(a) - rank(b)).map(card));
  $('#no-loans').hidden = loans.length > 0;
}

function show(loan) {
  shown = loan;
  $('#loan-desk-title').textContent = t('l.deskFor', { uscc: loan.uscc, loanId: loan.loanId });
  $('#loan-desk-state').textContent = summary(loan);
  $('#loan-desk-state').title = formatYuan(loan.balanceFen);
}

// Also from an approved application's panel, with its loan as read there.
export function openLoan(loan) {
  const today = todayInShanghai();
  for (const selector of FORMS) {
    clearErrors($(selector));
    for (const date of $(selector).querySelectorAll('input[type="date"]')) {
      date.value = today;
    }
  }
  $('#schedule-form').startOn.value = '';
  $('#loan-desk-note').hidden = true;
  show(loan);
  $('#loan-desk').showModal();
}

// The answer of a recorded line is the loan as it now is: shown at once, and the list read again.
async function record(send, note) {
  const loan = await send(`/api/v1/loans/${encodeURIComponent(shown.loanId)}`);
  show(loan);
  showNote($('#loan-desk-note'), note(loan), true);
  await loadLoans();
}

// "2026-01-15 8333.33 1250" per line (due day, principal and interest in 元; interest may be left out).
function instalments(data) {
  const lines = String(data.get('instalments') ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.map((line, index) => {
    const [dueOn, principal, interest = '0'] = line.split(/[\s,，]+/);
    const principalFen = parseYuan(principal);
    const interestFen = parseYuan(interest);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn ?? '') || principalFen === null || interestFen === null) {
      throw Object.assign(new Error(t('invalid')), {
        status: 400, fields: [{ field: 'instalments', description: t('l.instalmentLineN', { n: index + 1, line }) }],
      });
    }
    return { dueOn, principalFen, interestFen };
  });
}

// The API names an instalment's field ("instalments[2].principalFen"): the message goes beside the one
// text area, naming its line.
function onInstalmentLines(error) {
  error.fields = (error.fields ?? []).map((violation) => {
    const match = /^instalments\[(\d+)\]/.exec(violation.field);
    return match ? { field: 'instalments', description: t('l.instalmentLineN', { n: Number(match[1]) + 1, line: describe(violation) }) } : violation;
  });
  return error;
}

export function setUpLoans() {
  $('#ls-kind').replaceChildren(...SCHEDULE_KINDS.map((kind) => new Option(t(`sk.${kind}`), kind)));
  $('#ln-kind').replaceChildren(...RENEWALS.map((kind) => new Option(t(`rk.${kind}`), kind)));
  $('#loan-desk-close').addEventListener('click', () => $('#loan-desk').close());
  onSubmit($('#disburse-form'), (data) => {
    const body = { on: data.get('on'), amountFen: fen(data, 'amountFen') };
    return record((path) => post(`${path}/disbursements`, body), (loan) => t('l.disbursedNote', { amount: formatFen(body.amountFen), balance: formatFen(loan.balanceFen) }));
  });
  onSubmit($('#schedule-form'), async (data) => {
    const kind = String(data.get('kind'));
    const body = { kind, startOn: data.get('startOn') || undefined };
    if (kind === 'EXPLICIT') {
      body.instalments = instalments(data);
    } else if (String(data.get('termMonths') ?? '').trim()) {
      body.termMonths = whole(data, 'termMonths');
    }
    try {
      await record((path) => put(`${path}/schedule`, body), (loan) => t('l.scheduleNote', { n: loan.schedule?.instalments?.length ?? 0 }));
    } catch (error) {
      throw onInstalmentLines(error);
    }
  });
  onSubmit($('#repay-form'), (data) => {
    const body = { on: data.get('on'), principalFen: fen(data, 'principalFen'), interestFen: fen(data, 'interestFen') };
    return record((path) => post(`${path}/repayments`, body), (loan) => t('l.repaidNote', { amount: formatFen(body.principalFen), balance: formatFen(loan.balanceFen) }));
  });
  onSubmit($('#renew-form'), async (data) => {
    const body = { on: data.get('on'), renewalKind: data.get('renewalKind'), newTermMonths: whole(data, 'newTermMonths'), rateBp: basisPoints(data, 'rateBp') };
    // The renewal is a new loan that took the balance over: the desk goes on with it (its plan comes next).
    await record(async (path) => (await post(`${path}:renew`, body)).renewal, (loan) => t('l.renewedNote', { loanId: loan.loanId, amount: formatFen(loan.balanceFen) }));
  });
  onSubmit($('#settle-form'), (data) => record((path) => post(`${path}:settle`, { on: data.get('on') }), () => t('l.settledNote')));
  onSubmit($('#write-off-form'), (data) => {
    const reason = String(data.get('reason') ?? '').trim();
    if (!reason) {
      throw refusal('reason', 'b.reasonRequired');
    }
    return record((path) => post(`${path}:write-off`, { on: data.get('on'), reason }), () => t('l.writtenOffNote'));
  });
}
