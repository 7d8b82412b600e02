// The bank's own figures, counted from all its applications: what waits, what it approved (and the credit
// that granted), what it rejected and what expired undecided.
import { formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import { messageOf } from '/lib/forms.js';
import { bankPath, everything, showNote } from '/bank/api.js';

const $ = (selector) => document.querySelector(selector);

export function count(applications) {
  const figures = { pending: 0n, approved: 0n, rejected: 0n, expired: 0n, creditGrantedFen: 0n };
  const names = { SUBMITTED: 'pending', APPROVED: 'approved', REJECTED: 'rejected', EXPIRED: 'expired' };
  for (const application of applications) {
    const name = names[application.status];
    if (name) {
      figures[name] += 1n;
    }
    if (application.status === 'APPROVED') {
      figures.creditGrantedFen += toBigInt(application.deal?.grantedAmountFen);
    }
  }
  return figures;
}

const COUNTS = ['pending', 'approved', 'rejected', 'expired'];

function show(id, value, text, exact = '') {
  const element = $(`#${id}`);
  element.textContent = text;
  element.dataset.value = value.toString();
  element.title = exact;
}

export async function loadFigures() {
  $('#figures-error').hidden = true;
  let figures;
  try {
    figures = count(await everything(bankPath('/applications'), 'applications'));
  } catch (error) {
    // Figures counted earlier would pass for today's beside the error: they are blanked out.
    for (const name of [...COUNTS, 'creditGrantedFen']) {
      show(name, '', '—');
    }
    showNote($('#figures-error'), messageOf(error), false);
    return;
  }
  for (const name of COUNTS) {
    show(name, figures[name], formatCount(figures[name]));
  }
  show('creditGrantedFen', figures.creditGrantedFen, formatFen(figures.creditGrantedFen), formatYuan(figures.creditGrantedFen));
}
