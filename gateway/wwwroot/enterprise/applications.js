// The enterprise's applications with their deadlines and outcomes, newest first.
import { get, post } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { addStrings, t } from '/lib/i18n.js';
import { formatBp, formatFen } from '/lib/money.js';
import { openClaim } from '/enterprise/claims.js';
import { clearNote, showNote } from '/lib/notes.js';
import { chinaDateTime } from '/lib/dates.js';

const $ = (selector) => document.querySelector(selector);

function outcome(application) {
  if (application.status === 'APPROVED' && application.deal) {
    const deal = application.deal;
    return t('deal', { amount: formatFen(deal.grantedAmountFen), rate: formatBp(deal.annualRateBp), term: deal.termMonths, date: deal.contractDate });
  }
  return application.rejection ? '' : application.rejectionReason ?? '';
}

// A rejection in the enterprise's words: its category, the bank's reason, what would change it, and the
// offer to refer the need to the other fitting banks (once).
addStrings({
  zh: {
    'ap.tabs': '按状态查看', 'ap.tab': '{name}（{n}）', 'ap.tab.all': '全部', 'ap.tab.pending': '审批中', 'ap.tab.approved': '已批准', 'ap.tab.rejected': '未批准', 'ap.tab.ended': '已失效',
    'ap.noneHere': '此状态下没有申请。', 'ap.asked': '申请 {amount}，{term} 个月 · 答复期限 {decideBy}',
    'tl.submitted': '提交申请', 'tl.taken': '{bank}接单', 'tl.contacted': '银行已联系（{channel}）', 'tl.contactBy': '银行将于 {date} 前联系您',
    'tl.decideBy': '银行将于 {date} 前答复', 'tl.approved': '审批通过', 'tl.contract': '签订合同', 'tl.paid': '贴息 {amount} 已拨付',
    'tl.claim.PENDING': '已申请贴息 {amount}，待审核', 'tl.claim.APPROVED': '贴息 {amount} 已审核，待拨付', 'tl.claim.REJECTED': '贴息申请 {amount} 未通过',
    'tl.REJECTED': '未获批准', 'tl.EXPIRED': '银行未按期答复，已失效', 'tl.WITHDRAWN': '已撤回',
  },
  en: {
    'ap.tabs': 'By status', 'ap.tab': '{name} ({n})', 'ap.tab.all': 'All', 'ap.tab.pending': 'Pending', 'ap.tab.approved': 'Approved', 'ap.tab.rejected': 'Rejected', 'ap.tab.ended': 'Lapsed',
    'ap.noneHere': 'No application has this status.', 'ap.asked': 'Asked for {amount} over {term} months · answer by {decideBy}',
    'tl.submitted': 'Applied', 'tl.taken': 'Taken by {bank}', 'tl.contacted': 'The bank contacted you ({channel})', 'tl.contactBy': 'The bank contacts you by {date}',
    'tl.decideBy': 'The bank answers by {date}', 'tl.approved': 'Approved', 'tl.contract': 'Contract signed', 'tl.paid': 'Subsidy of {amount} paid',
    'tl.claim.PENDING': 'Subsidy of {amount} claimed, awaiting approval', 'tl.claim.APPROVED': 'Subsidy of {amount} approved, to be paid', 'tl.claim.REJECTED': 'Subsidy claim of {amount} rejected',
    'tl.REJECTED': 'Rejected', 'tl.EXPIRED': 'Lapsed: the bank did not answer in time', 'tl.WITHDRAWN': 'Withdrawn',
  },
});

function rejection(application, cell, user) {
  const r = application.rejection;
  const code = r.code || 'OTHER';
  cell.append(Object.assign(document.createElement('p'), { textContent: t('ap.meaning', { code: t(`rc.${code}`), reason: r.reason ?? '' }) }));
  cell.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('ap.change', { change: t(`rcw.${code}`) }) }));
  if (application.referredAt) {
    return;
  }
  const refer = Object.assign(document.createElement('button'), { type: 'button', textContent: t('ap.refer') });
  refer.addEventListener('click', async () => {
    refer.disabled = true;
    const note = $('#applications-error');
    try {
      const broadcast = await post(`/api/v1/applications/${encodeURIComponent(application.applicationId)}:refer`, {});
      showNote(note, () => t('ap.referred', { reached: broadcast.banksReached }), true);
    } catch (error) {
      showNote(note, messageOf(error), false);
    }
    await loadApplications(user, false);
  });
  cell.append(refer);
}

// The status tabs of the history: what waits for a bank, what was approved, what was not, what lapsed.
const FILTERS = [['all', null], ['pending', ['SUBMITTED']], ['approved', ['APPROVED']], ['rejected', ['REJECTED']], ['ended', ['EXPIRED', 'WITHDRAWN']]];
const CHIPS = { SUBMITTED: 'warn', APPROVED: 'ok', REJECTED: 'danger', EXPIRED: 'danger', WITHDRAWN: '' };
let filter = 'all';
let shown = [];
// The claims of each application (applicationId → claims), for the paid step of its timeline.
let claimsOf = new Map();

function step(key, when, state, values = {}) {
  const li = document.createElement('li');
  li.className = state;
  li.textContent = t(key, values);
  if (when) {
    const time = document.createElement('time');
    time.textContent = when;
    li.append(time);
  }
  return li;
}

// What happened to the application, in order, and what comes next while it is open.
function timeline(application) {
  const list = document.createElement('ol');
  list.className = 'timeline';
  list.dataset.testid = 'timeline';
  const steps = [step(application.origin === 'TAKEN' ? 'tl.taken' : 'tl.submitted', chinaDateTime(application.submittedAt), 'done', { bank: application.bankName || application.bankId })];
  const contact = application.contact;
  if (contact?.at) {
    steps.push(step('tl.contacted', chinaDateTime(contact.at), 'done', { channel: t(`ch.${contact.channel}`) }));
  } else if (application.status === 'SUBMITTED' && application.contactBy) {
    steps.push(step('tl.contactBy', '', 'todo', { date: application.contactBy }));
  }
  const decided = chinaDateTime(application.decidedAt);
  switch (application.status) {
    case 'SUBMITTED':
      steps.push(step('tl.decideBy', '', 'todo', { date: application.decideBy }));
      break;
    case 'APPROVED':
      steps.push(step('tl.approved', decided, 'done'));
      if (application.deal?.contractDate) {
        steps.push(step('tl.contract', application.deal.contractDate, 'done'));
      }
      for (const claim of claimsOf.get(application.applicationId) ?? []) {
        steps.push(claim.status === 'PAID'
          ? step('tl.paid', chinaDateTime(claim.paidAt), 'done', { amount: formatFen(claim.amountFen) })
          : step(`tl.claim.${claim.status}`, chinaDateTime(claim.decidedAt || claim.submittedAt), claim.status === 'REJECTED' ? 'bad' : 'todo', { amount: formatFen(claim.amountFen) }));
      }
      break;
    default:
      steps.push(step(`tl.${application.status}`, decided, 'bad'));
  }
  list.replaceChildren(...steps);
  return list;
}

function applicationCard(application, user) {
  const item = document.createElement('li');
  item.id = `application-${application.applicationId}`;
  item.dataset.applicationId = application.applicationId;
  item.innerHTML = '<header><h3></h3><span class="chip" data-testid="status"></span></header><p class="muted"></p><p data-deal></p>';
  item.querySelector('h3').textContent = `${application.productName} · ${application.bankName || application.bankId}`;
  const chip = item.querySelector('[data-testid="status"]');
  chip.textContent = t(`status.${application.status}`);
  chip.classList.add(...[CHIPS[application.status]].filter(Boolean));
  item.querySelector('p.muted').textContent = t('ap.asked', {
    amount: formatFen(application.requestedAmountFen ?? 0), term: application.requestedTermMonths ?? '', decideBy: application.decideBy,
  });
  const deal = item.querySelector('[data-deal]');
  deal.textContent = outcome(application);
  deal.hidden = !deal.textContent;
  item.append(timeline(application));
  if (application.status === 'REJECTED' && application.rejection) {
    rejection(application, item, user);
  }
  const actions = document.createElement('div');
  actions.className = 'buttons';
  if (application.status === 'APPROVED' && application.subsidyEligible) {
    const claim = Object.assign(document.createElement('button'), { type: 'button', textContent: t('c.claim') });
    claim.setAttribute('aria-label', `${t('c.claim')} ${application.productName}`);
    claim.addEventListener('click', () => openClaim(application));
    actions.append(claim);
  }
  if (actions.children.length) {
    item.append(actions);
  }
  return item;
}

function drawTabs(user) {
  const nav = $('#application-tabs');
  nav.replaceChildren(...FILTERS.map(([name, statuses]) => {
    const count = statuses ? shown.filter((a) => statuses.includes(a.status)).length : shown.length;
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('ap.tab', { name: t(`ap.tab.${name}`), n: count }) });
    button.dataset.filter = name;
    button.setAttribute('aria-pressed', String(filter === name));
    button.addEventListener('click', () => {
      filter = name;
      draw(user);
      // The buttons are drawn again with their counts: the focus returns to the one pressed.
      $(`#application-tabs [data-filter="${name}"]`).focus();
    });
    return button;
  }));
}

function draw(user) {
  drawTabs(user);
  const statuses = FILTERS.find(([name]) => name === filter)[1];
  const cards = shown.filter((a) => !statuses || statuses.includes(a.status)).map((a) => applicationCard(a, user));
  $('#application-list').replaceChildren(...cards);
  $('#application-list').hidden = cards.length === 0;
  $('#application-tabs').hidden = shown.length === 0;
  const none = $('#no-applications');
  none.hidden = cards.length > 0;
  none.textContent = shown.length ? t('ap.noneHere') : t('e.noApplications');
}

// The products already applied to for a need: the match cards say so instead of offering to apply again.
export function appliedTo(needId) {
  return new Map(shown.filter((a) => a.needId === needId).map((a) => [a.productId, a]));
}

export function currentApplications() {
  return shown;
}

export async function loadApplications(user, clear = true) {
  const error = $('#applications-error');
  if (clear) {
    clearNote(error);
  }
  let page;
  try {
    page = await get(`/api/v1/enterprises/${encodeURIComponent(user.subject)}/applications?pageSize=100`);
  } catch (failure) {
    // Cards read earlier, and the "none" line, would pass for the current state beside the error.
    shown = [];
    $('#application-list').replaceChildren();
    $('#application-tabs').hidden = true;
    $('#no-applications').hidden = true;
    showNote(error, messageOf(failure), false);
    return shown;
  }
  shown = (page.applications ?? []).toReversed();
  draw(user);
  document.dispatchEvent(new CustomEvent('financemarket:applications'));
  return shown;
}

export function setUpApplications(user) {
  // A link to one application (a result page's, a match's) shows it whatever status tab was chosen.
  document.addEventListener('financemarket:show-application', () => {
    if (filter !== 'all') {
      filter = 'all';
      draw(user());
    }
  });
  document.addEventListener('financemarket:claims', (event) => {
    claimsOf = new Map();
    for (const claim of event.detail) {
      claimsOf.set(claim.applicationId, [...(claimsOf.get(claim.applicationId) ?? []), claim]);
    }
    draw(user());
  });
  document.addEventListener('languagechange', () => draw(user()));
}
