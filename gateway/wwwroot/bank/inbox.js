// The bank's inbox: submitted applications, earliest decide-by date first, overdue ones marked in words as
// well as in red; and the decision on one of them, an approval within the product's limits or a rejection
// with its reason. A decision that lost a race (409) says so and the inbox is read again.
import { post } from '/lib/http.js';
import { clearErrors, messageOf, onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen, formatYuan } from '/lib/money.js';
import { basisPoints, fen, refusal, whole, yuanInput } from '/lib/fields.js';
import { bankPath, everything, showNote, todayInShanghai } from '/bank/api.js';
import { REJECTION_CODES } from '/lib/terms.js';
import { chinaDate } from '/lib/dates.js';
import { creditBox } from '/bank/credit.js';

const $ = (selector) => document.querySelector(selector);
let chosen = null;
let decided = () => {};

const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });

const byDeadline = (a, b) => a.decideBy.localeCompare(b.decideBy) || (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '');

function card(application, today) {
  const item = document.createElement('li');
  item.dataset.applicationId = application.applicationId;
  const overdue = application.decideBy < today;
  item.classList.toggle('is-overdue', overdue);
  const title = text('h3', application.productName);
  if (overdue) {
    title.prepend(text('span', t('b.overdue'), 'badge'), ' ');
  }
  item.append(title);
  // Who asks, and for what, as the need said it: the firm by name first.
  if (application.enterpriseName) {
    const firm = text('p', application.enterpriseName, 'firm');
    firm.dataset.testid = 'enterprise-name';
    item.append(firm);
  }
  item.append(text('p', t('b.enterprise', {
    uscc: application.uscc, size: t(`size.${application.sizeClass}`),
    industry: application.industryName ? `${application.industryName}（${application.industryCode}）` : application.industryCode,
  }), 'muted'));
  const need = text('p', t('b.need', {
    purpose: application.purpose || t('b.noPurpose'),
    collateral: t(application.collateralAvailable ? 'b.collateralYes' : 'b.collateralNo'),
    submitted: chinaDate(application.submittedAt),
  }));
  need.dataset.testid = 'need';
  item.append(need);
  const requested = text('p', t('b.requested', { amount: formatFen(application.requestedAmountFen), term: application.requestedTermMonths }));
  requested.title = formatYuan(application.requestedAmountFen);
  item.append(requested);
  const due = text('p', t(overdue ? 'b.overdueText' : 'b.dueText', { date: application.decideBy }), overdue ? 'overdue' : 'muted');
  due.dataset.testid = 'decide-by';
  item.append(due);
  item.append(contact(application));
  const button = text('button', t('b.decide'), 'primary');
  button.type = 'button';
  button.setAttribute('aria-label', `${t('b.decide')} ${application.productName} · ${application.uscc}`);
  button.addEventListener('click', () => openDecision(application));
  item.append(button);
  item.append(creditBox(application));
  return item;
}

// The first contact with the enterprise (the promise's second step): recorded once, by channel.
function contact(application) {
  if (application.contact) {
    const done = text('p', t('b.contacted', { date: application.contact.at.slice(0, 10), channel: t(`ch.${application.contact.channel}`) }), 'muted');
    done.dataset.testid = 'contacted';
    return done;
  }
  const row = document.createElement('p');
  const id = `channel-${application.applicationId}`;
  const label = text('label', t('b.contactChannel'));
  label.htmlFor = id;
  const channel = document.createElement('select');
  channel.id = id;
  channel.append(...['PHONE', 'VISIT', 'ONLINE'].map((c) => new Option(t(`ch.${c}`), c)));
  const record = text('button', t('b.recordContact'));
  record.type = 'button';
  record.addEventListener('click', async () => {
    try {
      const contacted = await post(`/api/v1/applications/${encodeURIComponent(application.applicationId)}:contact`, { channel: channel.value });
      showNote($('#inbox-message'), t('b.contactedNote', { enterprise: contacted.enterpriseName || contacted.uscc }), true);
    } catch (error) {
      showNote($('#inbox-message'), t('b.conflict', { message: messageOf(error) }), false);
    }
    await loadInbox();
  });
  if (application.contactBy) {
    row.append(text('span', t('b.contactBy', { date: application.contactBy }), 'muted'), ' ');
  }
  row.append(label, ' ', channel, ' ', record);
  return row;
}

export async function loadInbox() {
  // A failed read has a line of its own: #inbox-message holds a decision's note, which must outlive the
  // reading of the inbox that follows the decision.
  const problem = $('#inbox-error');
  problem.hidden = true;
  let submitted;
  try {
    submitted = await everything(bankPath('/applications?status=SUBMITTED'), 'applications');
  } catch (error) {
    // Applications read earlier may have been decided or expired since: none is shown as if still waiting.
    $('#applications').replaceChildren();
    $('#no-applications').hidden = true;
    showNote(problem, messageOf(error), false);
    return;
  }
  const today = todayInShanghai();
  $('#applications').replaceChildren(...submitted.toSorted(byDeadline).map((a) => card(a, today)));
  $('#no-applications').hidden = submitted.length > 0;
}

function openDecision(application) {
  chosen = application;
  const approve = $('#approve-form');
  const reject = $('#reject-form');
  clearErrors(approve);
  clearErrors(reject);
  $('#decision-title').textContent = t('b.decideFor', { product: application.productName, enterprise: application.enterpriseName || application.uscc });
  $('#decision-application').textContent = t('b.requested', { amount: formatFen(application.requestedAmountFen), term: application.requestedTermMonths });
  $('#decision-limits').textContent = t('b.limits', {
    min: formatFen(application.minAmountFen), max: formatFen(application.maxAmountFen), minTerm: application.minTermMonths, maxTerm: application.maxTermMonths,
  });
  // The request, as the enterprise made it, is where most approvals start.
  approve.grantedAmountFen.value = yuanInput(application.requestedAmountFen);
  approve.annualRateBp.value = '';
  approve.termMonths.value = String(application.requestedTermMonths);
  approve.contractDate.value = todayInShanghai();
  reject.reason.value = '';
  reject.code.replaceChildren(
    new Option(t('b.chooseCode'), ''),
    ...REJECTION_CODES.map((code) => new Option(t(`rc.${code}`), code)));
  $('#decision').showModal();
}

// Decided elsewhere, or expired meanwhile: nothing was changed; close and show the inbox as it now stands.
async function decide(action, body, note, after = null) {
  try {
    const application = await post(`/api/v1/applications/${encodeURIComponent(chosen.applicationId)}:${action}`, body);
    $('#decision').close();
    const more = after ? await after(application) : '';
    showNote($('#inbox-message'), more ? `${note(application)} ${more}` : note(application), true);
  } catch (error) {
    if (error.status !== 409) {
      throw error;
    }
    $('#decision').close();
    showNote($('#inbox-message'), t('b.conflict', { message: error.message }), false);
  }
  await loadInbox();
  decided();
}

// The grant paid out on the contract day, recorded on the loan the approval opened (by its event, a moment
// later: a 404 is tried again). Interest, and so any subsidy, accrues only on what was paid out.
async function disburseAll(application) {
  const { loanId, deal } = application;
  if (!loanId || !deal || deal.contractDate > todayInShanghai()) {
    return t('b.disburseLater');
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await post(`/api/v1/loans/${encodeURIComponent(loanId)}/disbursements`, { on: deal.contractDate, amountFen: deal.grantedAmountFen });
      return t('b.disbursedNote', { amount: formatFen(deal.grantedAmountFen), date: deal.contractDate });
    } catch (error) {
      if (error.status !== 404 || attempt === 40) {
        return t('b.disburseFailed', { message: messageOf(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function setUpInbox(onDecided) {
  decided = onDecided;
  $('#decision-cancel').addEventListener('click', () => $('#decision').close());
  onSubmit($('#approve-form'), (data) => decide('approve', {
    grantedAmountFen: fen(data, 'grantedAmountFen'),
    annualRateBp: basisPoints(data, 'annualRateBp'),
    termMonths: whole(data, 'termMonths'),
    contractDate: data.get('contractDate'),
  }, (application) => t('b.approvedNote', {
    product: application.productName, uscc: application.uscc,
    amount: formatFen(application.deal?.grantedAmountFen), rate: formatBp(application.deal?.annualRateBp),
  }), data.get('disburseNow') === 'on' ? disburseAll : null));
  onSubmit($('#reject-form'), (data) => {
    const reason = String(data.get('reason') ?? '').trim();
    const code = String(data.get('code') ?? '');
    if (!reason) {
      throw refusal('reason', 'b.reasonRequired');
    }
    if (!code) {
      throw refusal('code', 'b.codeRequired');
    }
    return decide('reject', { code, reason }, (application) => t('b.rejectedNote', { product: application.productName, uscc: application.uscc }));
  });
}
