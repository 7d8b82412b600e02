// One application of the inbox, opened beside the table (under it on a phone): what the enterprise asked,
// what the bank may see of it, its timeline from the application's own timestamps (and its loan's first
// payout), and the actions its state allows: the first contact, an approval or a rejection, each decision
// shown in a summary to confirm before it is sent; the loan desk once approved. A decision that lost a race
// (409) says so and shows the application as it now is.
import { confirmAction } from '/lib/confirm.js';
import { chinaDateTime } from '/lib/dates.js';
import { basisPoints, fen, readAll, refusal, whole, yuanInput } from '/lib/fields.js';
import { clearErrors, messageOf, onSubmit } from '/lib/forms.js';
import { get, post } from '/lib/http.js';
import { icon } from '/lib/icons.js';
import { language, t } from '/lib/i18n.js';
import { formatBp, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import { clearNote } from '/lib/notes.js';
import { succeeded } from '/lib/toast.js';
import { REJECTION_CODES } from '/lib/terms.js';
import { showNote, todayInShanghai } from '/bank/api.js';
import { creditBox } from '/bank/credit.js';
import { openLoan } from '/bank/loans.js';

const $ = (selector) => document.querySelector(selector);
const CHANNELS = ['PHONE', 'VISIT', 'ONLINE'];

let shown = null;
let loan = null;
let reading = 0;
let creditIn = null;
// What the inbox does when an application changes: redraw its row, read the figures and loans again, or read
// the whole list again when the application itself cannot be read.
let hooks = { changed: () => {}, decided: () => {}, reread: () => {} };

const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });

export const enterpriseOf = (application) => application.enterpriseName || application.uscc;

export const overdue = (application, today = todayInShanghai()) => application.status === 'SUBMITTED' && application.decideBy < today;

// A status as a chip: its colour says the same as its words.
const CHIPS = { SUBMITTED: 'info', APPROVED: 'ok', REJECTED: 'danger', EXPIRED: 'warn', WITHDRAWN: '' };

export function statusChip(application) {
  const chip = text('span', t(`bs.${application.status}`), `chip ${CHIPS[application.status] ?? ''}`.trim());
  chip.dataset.testid = 'status';
  chip.dataset.status = application.status;
  return chip;
}

export const shownApplication = () => shown;

function pairs(list, entries) {
  list.replaceChildren(...entries.filter(([, value]) => value !== undefined && value !== null && value !== '').flatMap(([key, value]) => {
    const dd = text('dd', '');
    dd.append(value);
    dd.dataset.testid = `detail-${key}`;
    return [text('dt', t(`bd.${key}`)), dd];
  }));
}

const dealText = (deal) => t('b.dealText', {
  amount: formatYuan(deal.grantedAmountFen), rate: formatBp(deal.annualRateBp), term: deal.termMonths, date: deal.contractDate,
});

function describeApplication(a) {
  pairs($('#detail-application'), [
    ['product', a.productKind ? `${a.productName}（${t(`kind.${a.productKind}`)}）` : a.productName],
    ['amount', formatYuan(a.requestedAmountFen)],
    ['term', t('b.months', { n: a.requestedTermMonths })],
    ['purpose', a.purpose || '—'],
    ['collateral', t(a.collateralAvailable ? 'b.yes' : 'b.no')],
    ['origin', t(`bo.${a.origin || 'APPLIED'}`, { round: a.round ?? 1 })],
    ['submitted', chinaDateTime(a.submittedAt)],
    ['decideBy', overdue(a) ? `${a.decideBy} · ${t('b.overdue')}` : a.decideBy],
    ['promised', a.status === 'SUBMITTED' ? a.promisedDecisionBy : ''],
    ['deal', a.deal ? dealText(a.deal) : ''],
    ['rejection', a.rejection ? `${t(`rc.${a.rejection.code}`)}：${a.rejection.reason ?? ''}` : ''],
    ['withdrawn', a.withdrawnReason],
  ]);
  pairs($('#detail-enterprise'), [
    ['name', a.enterpriseName],
    ['uscc', a.uscc],
    ['size', a.sizeClass ? `${t(`size.${a.sizeClass}`)}${a.sizeClassVerifiedBy ? t('b.verifiedBy', { source: a.sizeClassVerifiedBy }) : ''}` : ''],
    ['industry', a.industryName ? `${a.industryName}（${a.industryCode}）` : a.industryCode],
    ['region', a.regionCode],
    ['rating', a.taxRatingVerifiedBy ? t('b.ratingVerified', { source: a.taxRatingVerifiedBy }) : ''],
  ]);
}

// One step of the timeline: done (green), bad (red: refused, expired, overdue) or still to come (grey).
function step(name, state, words, when = '', datetime = '') {
  const item = text('li', '', state);
  item.dataset.step = name;
  item.append(text('span', words));
  if (when) {
    const time = text('time', when);
    time.dateTime = datetime || when;
    item.append(time);
  }
  return item;
}

function firstPayout(read) {
  const payouts = (read?.entries ?? []).filter((entry) => entry.kind === 'DISBURSED');
  return payouts.length ? { on: payouts[0].on, total: payouts.reduce((sum, entry) => sum + toBigInt(entry.principalFen), 0n) } : null;
}

// Submitted (or taken from a broadcast), contacted, decided, contract, paid: from the application's
// timestamps, and the payouts from its loan's ledger.
function timeline(a) {
  const today = todayInShanghai();
  const steps = [a.origin === 'TAKEN'
    ? step('taken', 'done', t('tl.taken', { round: a.round ?? 1 }), chinaDateTime(a.submittedAt), a.submittedAt)
    : step('submitted', 'done', t('tl.submitted'), chinaDateTime(a.submittedAt), a.submittedAt)];
  if (a.contact) {
    steps.push(step('contacted', 'done', t('tl.contacted', { channel: t(`ch.${a.contact.channel}`) }), chinaDateTime(a.contact.at), a.contact.at));
  } else if (a.status === 'SUBMITTED') {
    const late = a.contactBy && a.contactBy < today;
    steps.push(step('contacted', late ? 'bad' : 'todo', a.contactBy ? t(late ? 'tl.contactLate' : 'tl.contactDue', { date: a.contactBy }) : t('tl.contact')));
  } else {
    steps.push(step('contacted', 'todo', t('tl.noContact')));
  }
  const decided = chinaDateTime(a.decidedAt);
  switch (a.status) {
    case 'APPROVED':
      steps.push(step('decided', 'done', t('tl.approved'), decided, a.decidedAt));
      break;
    case 'REJECTED':
      steps.push(step('decided', 'bad', t('tl.rejected', { code: t(`rc.${a.rejection?.code ?? 'OTHER'}`) }), decided, a.decidedAt));
      break;
    case 'EXPIRED':
      steps.push(step('decided', 'bad', t('tl.expired', { date: a.decideBy }), decided, a.decidedAt));
      break;
    case 'WITHDRAWN':
      steps.push(step('decided', 'bad', t('tl.withdrawn'), decided, a.decidedAt));
      break;
    default:
      steps.push(step('decided', overdue(a, today) ? 'bad' : 'todo', t(overdue(a, today) ? 'tl.decideLate' : 'tl.decideDue', { date: a.decideBy })));
  }
  if (a.status === 'APPROVED' && a.deal) {
    const signed = a.deal.contractDate <= today;
    steps.push(step('contract', signed ? 'done' : 'todo', t(signed ? 'tl.contract' : 'tl.contractDue', { date: a.deal.contractDate }), a.deal.contractDate));
    const paid = firstPayout(loan);
    steps.push(paid
      ? step('paid', 'done', t('tl.paid', { amount: formatFen(paid.total) }), paid.on)
      : step('paid', 'todo', t(loan || !a.loanId ? 'tl.notPaid' : 'tl.paidReading')));
  } else if (a.status === 'SUBMITTED') {
    steps.push(step('contract', 'todo', t('tl.contractLater')), step('paid', 'todo', t('tl.paidLater')));
  }
  $('#detail-timeline').replaceChildren(...steps);
}

// The loan an approval opened, for the payouts on the timeline and the loan desk's button. It is opened by
// the approval's event, a moment later: until then (404) the timeline says nothing is paid out yet.
async function readLoan(application) {
  const ask = ++reading;
  loan = null;
  $('#detail-loan').hidden = true;
  if (!application.loanId) {
    return;
  }
  let read = null;
  try {
    read = await get(`/api/v1/loans/${encodeURIComponent(application.loanId)}`);
  } catch {
    // Not there yet, or not readable now: the timeline stays as the application alone tells it.
  }
  if (ask !== reading || shown?.applicationId !== application.applicationId) {
    return;
  }
  loan = read ?? { entries: [] };
  $('#detail-loan').hidden = !read;
  timeline(shown);
}

function options(select, values, label, first = null) {
  const chosen = select.value;
  select.replaceChildren(...(first ? [new Option(first, '')] : []), ...values.map((value) => new Option(label(value), value)));
  select.value = values.includes(chosen) ? chosen : (first ? '' : values[0]);
}

// The forms start from the request (where most approvals start) each time another application is opened.
function prefill(a) {
  const approve = $('#approve-form');
  const reject = $('#reject-form');
  const contact = $('#contact-form');
  for (const form of [approve, reject, contact]) {
    clearErrors(form);
  }
  approve.grantedAmountFen.value = yuanInput(a.requestedAmountFen);
  approve.annualRateBp.value = '';
  approve.termMonths.value = String(a.requestedTermMonths);
  // The platform's date: a demo clock may run ahead of the browser's.
  approve.contractDate.value = todayInShanghai();
  approve.disburseNow.checked = true;
  reject.code.value = '';
  reject.reason.value = '';
  contact.channel.value = CHANNELS[0];
}

function actions(a) {
  const open = a.status === 'SUBMITTED';
  $('#contact-form').hidden = !open || Boolean(a.contact);
  $('#contact-by').textContent = a.contactBy ? t('b.contactBy', { date: a.contactBy }) : '';
  $('#approve-form').hidden = !open;
  $('#reject-form').hidden = !open;
  $('#decision-limits').textContent = t('b.limits', {
    min: formatFen(a.minAmountFen), max: formatFen(a.maxAmountFen), minTerm: a.minTermMonths, maxTerm: a.maxTermMonths,
  });
  options($('#c-channel'), CHANNELS, (c) => t(`ch.${c}`));
  options($('#r-code'), REJECTION_CODES, (code) => t(`rc.${code}`), t('b.chooseCode'));
}

// Draws the panel for an application; focus: move the reader there (it was opened from the table).
export function showApplication(application, { focus = false } = {}) {
  const another = shown?.applicationId !== application.applicationId;
  shown = application;
  const panel = $('#application');
  panel.hidden = false;
  $('#inbox .desk').classList.add('open');
  $('#detail-title').textContent = `${enterpriseOf(application)} · ${application.productName ?? ''}`;
  const status = $('#detail-status');
  status.replaceChildren(statusChip(application));
  if (overdue(application)) {
    status.append(' ', text('span', t('b.overdue'), 'badge'));
  }
  describeApplication(application);
  if (another) {
    clearNote($('#inbox-message'));
    prefill(application);
    loan = null;
  }
  // The credit data is read on request, and stays drawn while its application is open (in its language).
  if (another || creditIn !== language()) {
    $('#detail-credit').replaceChildren(creditBox(application));
    creditIn = language();
  }
  actions(application);
  timeline(application);
  if (another || application.loanId !== loan?.loanId) {
    readLoan(application);
  }
  $('#detail-close').innerHTML = icon('close');
  if (focus) {
    $('#detail-title').focus({ preventScroll: true });
    panel.scrollIntoView({ block: 'nearest' });
  }
}

export function closeApplication() {
  const was = shown;
  shown = null;
  loan = null;
  $('#application').hidden = true;
  $('#inbox .desk').classList.remove('open');
  return was;
}

// The application as it now is, after a decision that lost a race: read again, or the list is.
async function refresh(applicationId) {
  try {
    hooks.changed(await get(`/api/v1/applications/${encodeURIComponent(applicationId)}`));
  } catch {
    await hooks.reread();
  }
}

// The grant paid out on the contract day, recorded on the loan the approval opened (by its event, a moment
// later: a 404 is tried again). Interest, and so any subsidy, accrues only on what was paid out. Its words,
// for the note, as a function of the language.
async function disburseAll(application) {
  const { loanId, deal } = application;
  if (!loanId || !deal || deal.contractDate > todayInShanghai()) {
    return () => t('b.disburseLater');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await post(`/api/v1/loans/${encodeURIComponent(loanId)}/disbursements`, { on: deal.contractDate, amountFen: deal.grantedAmountFen });
      return () => t('b.disbursedNote', { amount: formatFen(deal.grantedAmountFen), date: deal.contractDate });
    } catch (error) {
      if (error.status !== 404 || attempt === 40) {
        return () => t('b.disburseFailed', { message: messageOf(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Sends a decision once confirmed. Decided elsewhere, or expired meanwhile (409): nothing was changed, and
// the application is shown as it now is. Any other refusal is the form's to show beside its fields.
async function decide(application, action, body, key, note, after = null) {
  const message = $('#inbox-message');
  let decided;
  try {
    decided = await post(`/api/v1/applications/${encodeURIComponent(application.applicationId)}:${action}`, body, { key });
  } catch (error) {
    if (error.status !== 409) {
      throw error;
    }
    await refresh(application.applicationId);
    showNote(message, () => t('b.conflict', { message: error.message }), false);
    hooks.decided();
    return;
  }
  hooks.changed(decided);
  // The decided form is gone with its button: the focus goes to the panel's title rather than the page's top.
  $('#detail-title')?.focus();
  const more = after ? await after(decided) : null;
  // Chinese sentences follow one another without a space.
  const words = () => [note(decided), more?.()].filter(Boolean).join(language() === 'en' ? ' ' : '');
  if (shown?.applicationId === decided.applicationId) {
    showNote(message, words, true);
    if (more) {
      readLoan(decided);
    }
  } else {
    // Another application is open by now (the payout took a while): its panel is not this one's place.
    succeeded(words);
  }
  hooks.decided();
}

const summaryOf = (a) => [[t('cf.enterprise'), t('b.firm', { name: enterpriseOf(a), uscc: a.uscc })], [t('cf.product'), a.productName ?? '']];

export function setUpApplication(inbox) {
  hooks = inbox;
  $('#detail-close').addEventListener('click', () => {
    const was = closeApplication();
    // Back where the reader came from: the row's own button.
    document.querySelector(`#applications tr[data-application-id="${CSS.escape(was?.applicationId ?? '')}"] button`)?.focus();
    for (const tr of document.querySelectorAll('#applications tr[aria-current]')) {
      tr.removeAttribute('aria-current');
    }
  });
  $('#open-loan').addEventListener('click', () => loan && openLoan(loan));
  onSubmit($('#contact-form'), async (data, key) => {
    const application = shown;
    try {
      const contacted = await post(`/api/v1/applications/${encodeURIComponent(application.applicationId)}:contact`, { channel: data.get('channel') }, { key });
      hooks.changed(contacted);
      showNote($('#inbox-message'), () => t('b.contactedNote', { enterprise: enterpriseOf(contacted) }), true);
    } catch (error) {
      if (error.status !== 409) {
        throw error;
      }
      await refresh(application.applicationId);
      showNote($('#inbox-message'), () => t('b.conflict', { message: error.message }), false);
    }
  });
  onSubmit($('#approve-form'), async (data, key) => {
    const application = shown;
    const body = readAll({
      grantedAmountFen: () => fen(data, 'grantedAmountFen'),
      annualRateBp: () => basisPoints(data, 'annualRateBp'),
      termMonths: () => whole(data, 'termMonths'),
      contractDate: () => String(data.get('contractDate') ?? ''),
    });
    const disburse = data.get('disburseNow') === 'on';
    const yes = await confirmAction({
      title: t('b.confirmApprove'),
      lines: [...summaryOf(application),
        [t('cf.amount'), formatYuan(body.grantedAmountFen)], [t('cf.term'), t('b.months', { n: body.termMonths })],
        [t('cf.rate'), formatBp(body.annualRateBp)], [t('cf.contractDate'), body.contractDate],
        [t('cf.disburse'), t(disburse ? 'cf.disburseNow' : 'cf.disburseLater')]],
      go: t('b.goApprove'),
    });
    if (!yes) {
      return;
    }
    await decide(application, 'approve', body, key, (a) => t('b.approvedNote', {
      product: a.productName, enterprise: enterpriseOf(a), amount: formatFen(a.deal?.grantedAmountFen), rate: formatBp(a.deal?.annualRateBp),
    }), disburse ? disburseAll : null);
  });
  onSubmit($('#reject-form'), async (data, key) => {
    const application = shown;
    const body = readAll({
      code: () => String(data.get('code') ?? '') || (() => { throw refusal('code', 'b.codeRequired'); })(),
      reason: () => String(data.get('reason') ?? '').trim() || (() => { throw refusal('reason', 'b.reasonRequired'); })(),
    });
    const yes = await confirmAction({
      title: t('b.confirmReject'),
      lines: [...summaryOf(application),
        [t('cf.requested'), formatYuan(application.requestedAmountFen)], [t('cf.term'), t('b.months', { n: application.requestedTermMonths })],
        [t('cf.code'), t(`rc.${body.code}`)], [t('cf.reason'), body.reason]],
      go: t('b.goReject'),
      danger: true,
    });
    if (!yes) {
      return;
    }
    await decide(application, 'reject', body, key, (a) => t('b.rejectedNote', { product: a.productName, enterprise: enterpriseOf(a) }));
  });
}
