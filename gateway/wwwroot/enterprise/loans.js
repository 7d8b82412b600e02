// The enterprise's loans, as its banks record them: each loan's state, the balance it owes today, what falls
// due next, the plan instalment by instalment, and the interest subsidies paid on it (from its claims).
import { get } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import '/lib/terms.js';
import { currentApplications } from '/enterprise/applications.js';

const $ = (selector) => document.querySelector(selector);

const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });

function amount(tag, fen) {
  const element = text(tag, formatFen(fen));
  element.title = formatYuan(fen);
  element.dataset.fen = toBigInt(fen).toString();
  return element;
}

function plan(loan) {
  const instalments = loan.schedule?.instalments ?? [];
  if (instalments.length === 0) {
    return text('p', t('el.noPlan'), 'muted');
  }
  const table = document.createElement('table');
  table.className = 'list';
  table.dataset.testid = 'loan-plan';
  const head = document.createElement('tr');
  head.append(...['el.number', 'el.dueOn', 'el.principal', 'el.interest'].map((key) => Object.assign(text('th', t(key)), { scope: 'col' })));
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const instalment of instalments) {
    const row = document.createElement('tr');
    row.append(text('td', String(instalment.number)), text('td', instalment.dueOn), amount('td', instalment.principalFen), amount('td', instalment.interestFen));
    body.append(row);
  }
  const details = document.createElement('details');
  details.append(text('summary', t('el.plan', { kind: t(`sk.${loan.schedule.kind}`), n: instalments.length })), table);
  return details;
}

function card(loan, subsidised) {
  const item = document.createElement('li');
  item.dataset.loanId = loan.loanId;
  item.classList.toggle('is-overdue', loan.status === 'OVERDUE');
  // The ledger knows the bank by id; its application names it.
  const bank = currentApplications().find((a) => a.applicationId === loan.applicationId)?.bankName || loan.bankId;
  const title = text('h3', `${bank} · ${formatFen(loan.grantedFen)} · ${formatBp(loan.rateBp)}`);
  if (loan.status === 'OVERDUE') {
    title.prepend(text('span', t('ls.OVERDUE'), 'badge'), ' ');
  }
  const figures = document.createElement('dl');
  figures.className = 'pairs';
  const pair = (key, value) => {
    const dd = document.createElement('dd');
    dd.append(value);
    figures.append(text('dt', t(key)), dd);
  };
  pair('el.status', t(`ls.${loan.status}`));
  pair('el.disbursed', amount('span', loan.disbursedFen));
  pair('el.owed', amount('span', loan.balanceFen));
  pair('el.repaid', amount('span', loan.principalRepaidFen));
  if (loan.nextDueOn) {
    pair('el.nextDue', t('el.nextDueText', { date: loan.nextDueOn, amount: formatFen(loan.nextDuePrincipalFen) }));
  }
  if (loan.status === 'OVERDUE') {
    pair('el.pastDue', t('el.pastDueText', { days: loan.daysPastDue ?? 0, date: loan.overdueDueOn ?? '' }));
  }
  pair('el.subsidies', amount('span', subsidised));
  if (loan.renewalOf) {
    pair('el.renewalOf', loan.renewalOf);
  }
  figures.dataset.testid = 'loan-figures';
  item.append(title, figures, plan(loan));
  return item;
}

// The loans last read, drawn again when the applications (which name their banks) are read.
let shown = null;

function drawLoans() {
  const { loans, paid } = shown;
  $('#loan-cards').replaceChildren(...loans.map((loan) => card(loan, loan.renewalOf ? 0n : paid.get(loan.applicationId) ?? 0n)));
  $('#no-loans').hidden = loans.length > 0;
}

document.addEventListener('financemarket:applications', () => shown && drawLoans());

export async function loadLoans() {
  const problem = $('#loans-error');
  problem.hidden = true;
  try {
    const [page, claims] = await Promise.all([get('/api/v1/loans?pageSize=100'), get('/api/v1/subsidy-claims?pageSize=100')]);
    // The subsidies paid on each application (a loan and its renewals share their application).
    const paid = new Map();
    for (const claim of claims.claims ?? []) {
      if (claim.status === 'PAID') {
        paid.set(claim.applicationId, (paid.get(claim.applicationId) ?? 0n) + toBigInt(claim.amountFen));
      }
    }
    const loans = await Promise.all((page.loans ?? []).map((loan) => get(`/api/v1/loans/${encodeURIComponent(loan.loanId)}`)));
    shown = { loans, paid };
    drawLoans();
  } catch (error) {
    shown = null;
    $('#loan-cards').replaceChildren();
    $('#no-loans').hidden = true;
    problem.textContent = messageOf(error);
    problem.hidden = false;
  }
}
