// Every page's notices: the unread count in the header and, on request, the list, newest first, each in the
// reader's language from its fields (the API's own summary is the Chinese line SMS and webhooks carry). A
// notice is marked read by its button; the count is read again with the list, and every minute.
import { chinaDateTime } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { addStrings, t } from '/lib/i18n.js';
import { messageOf } from '/lib/forms.js';
import { formatFen } from '/lib/money.js';
import { icon } from '/lib/icons.js';

const EVERY = 60_000;
const $ = (selector) => document.querySelector(selector);

addStrings({
  zh: {
    'n.title': '通知', 'm.all': '全部', 'm.filter': '显示哪些消息', 'm.unread': '未读', 'm.none': '暂无消息。申请、审批、贴息有进展时，会在这里通知您。', 'm.noneUnread': '没有未读消息。', 'n.open': '通知（未读 {count}）', 'n.none': '暂无通知。', 'n.read': '标为已读', 'n.more': '更多通知', 'n.unread': '未读',
    'n.NEED_TAKEN': '{bank}已接单您的融资需求，将与您联系。', 'n.APPLICATION_CONTACTED': '{bank}已通过{channel}与您联系。',
    'n.APPLICATION_APPROVED': '{bank}已批准您的申请，授信{amount}。', 'n.APPLICATION_REJECTED': '{bank}未批准您的申请（{code}）。可申请转介给其他银行。',
    'n.APPLICATION_EXPIRED': '{bank}未在{day}前答复您的申请，申请已失效。', 'n.SUBSIDY_PAID': '贴息{amount}已拨付。',
    'n.OPPORTUNITY_DIGEST': '{day}有{count}个新的融资需求适合贵行产品，可在“可接单需求”中查看。', 'n.APPLICATION_RECEIVED': '收到{enterprise}的新申请，请于{day}前审批。',
    'n.STEP_DUE_SOON': '{enterprise}的申请需在{day}前{step}。', 'n.STEP_OVERDUE': '{bank}对{enterprise}的申请未按时{step}（应于{day}前）。',
    'n.BROADCAST_UNTAKEN': '{enterprise}发布的融资需求在{day}前无银行接单。',
    'n.CREDIT_DATA_READ': '{bank}于{day}经您的授权查询了您的信用信息。', 'n.CREDIT_DATA_READ.official': '{region}监管部门于{day}查阅了您的信用信息。',
    'n.CREDIT_CONSENT_GRANTED': '{enterprise}授权贵行查询其信用信息（{purpose}），有效期至{day}。',
    'n.CREDIT_CONSENT_REVOKED': '{enterprise}已于{day}撤回对贵行查询其信用信息的授权。',
    'n.CREDIT_DATA_IMPORTED': '{provider}报送的信用数据（批次{batch}）有{refused}条被拒收、{flagged}条存疑，请核查。',
    'purpose.APPLICATION': '贷款审批', 'purpose.PRE_CREDIT': '预授信',
    'ch.PHONE': '电话', 'ch.VISIT': '上门', 'ch.ONLINE': '线上', 'step.TAKE': '接单', 'step.CONTACT': '首次联系', 'step.DECIDE': '审批',
  },
  en: {
    'n.title': 'Notifications', 'm.all': 'All', 'm.filter': 'Which messages', 'm.unread': 'Unread', 'm.none': 'No messages yet. You are told here when an application, a decision or a subsidy moves on.', 'm.noneUnread': 'No unread messages.', 'n.open': 'Notifications ({count} unread)', 'n.none': 'No notifications.', 'n.read': 'Mark read', 'n.more': 'More notifications', 'n.unread': 'unread',
    'n.NEED_TAKEN': '{bank} took your financing need and will contact you.', 'n.APPLICATION_CONTACTED': '{bank} contacted you ({channel}).',
    'n.APPLICATION_APPROVED': '{bank} approved your application: {amount} of credit.', 'n.APPLICATION_REJECTED': '{bank} declined your application ({code}). You may have it referred to other banks.',
    'n.APPLICATION_EXPIRED': '{bank} did not answer your application by {day}; it has lapsed.', 'n.SUBSIDY_PAID': 'An interest subsidy of {amount} was paid.',
    'n.OPPORTUNITY_DIGEST': '{count} new financing needs on {day} fit your products: see the opportunities.', 'n.APPLICATION_RECEIVED': 'A new application from {enterprise}: decide by {day}.',
    'n.STEP_DUE_SOON': "{enterprise}'s application: {step} due by {day}.", 'n.STEP_OVERDUE': "{bank} missed the {step} of {enterprise}'s application (due {day}).",
    'n.BROADCAST_UNTAKEN': "No bank took {enterprise}'s financing need by {day}.",
    'n.CREDIT_DATA_READ': '{bank} read your credit data on {day}, under your consent.', 'n.CREDIT_DATA_READ.official': 'Officials of {region} read your credit data on {day}.',
    'n.CREDIT_CONSENT_GRANTED': '{enterprise} let you read its credit data ({purpose}) until {day}.',
    'n.CREDIT_CONSENT_REVOKED': '{enterprise} withdrew its consent to your reading its credit data on {day}.',
    'n.CREDIT_DATA_IMPORTED': 'Credit data from {provider} (batch {batch}): {refused} records refused, {flagged} flagged; please check.',
    'purpose.APPLICATION': 'loan decision', 'purpose.PRE_CREDIT': 'pre-credit',
    'ch.PHONE': 'phone', 'ch.VISIT': 'visit', 'ch.ONLINE': 'online', 'step.TAKE': 'take', 'step.CONTACT': 'first contact', 'step.DECIDE': 'decision',
  },
});

// The notice in the reader's words, from its fields.
export function noticeText(n) {
  const key = n.kind === 'CREDIT_DATA_READ' && n.readerRole === 'official' ? 'n.CREDIT_DATA_READ.official' : `n.${n.kind}`;
  return t(key, {
    bank: n.bankName || n.bankId || '', enterprise: n.enterpriseName || n.uscc || '', day: n.day ?? '', count: n.count ?? 0,
    amount: n.amountFen ? formatFen(n.amountFen) : '', channel: t(`ch.${n.code}`), step: t(`step.${n.code}`), code: t(`rc.${n.code ?? 'OTHER'}`),
    region: n.regionCode ?? '', purpose: t(`purpose.${n.code}`), provider: n.providerId ?? '', batch: n.batchId ?? '',
    refused: n.refused ?? 0, flagged: n.flagged ?? 0,
  });
}

function item(notice, refresh, problem = showProblem) {
  const li = document.createElement('li');
  li.dataset.notificationId = notice.notificationId;
  li.className = notice.read ? 'read' : 'unread';
  li.append(Object.assign(document.createElement('p'), { textContent: noticeText(notice) }));
  const when = Object.assign(document.createElement('p'), { className: 'muted', textContent: chinaDateTime(notice.updatedAt) });
  li.append(when);
  if (!notice.read) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('n.read') });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await post(`/api/v1/notifications/${encodeURIComponent(notice.notificationId)}:read`, {});
        // The header's count and the message centre read it again.
        document.dispatchEvent(new CustomEvent('financemarket:read'));
      } catch (error) {
        problem(error);
      }
      await refresh();
    });
    li.append(button);
  }
  return li;
}

function showProblem(error) {
  const problem = $('#inbox-panel .form-error');
  problem.textContent = error ? messageOf(error) : '';
  problem.hidden = !error;
}

function noticePage(pageSize, after, unreadOnly = false) {
  const query = new URLSearchParams({ pageSize: String(pageSize) });
  if (unreadOnly) {
    query.set('unreadOnly', 'true');
  }
  if (after) {
    query.set('pageToken', after);
  }
  return get(`/api/v1/notifications?${query}`);
}

// A page of notices into a list (after those shown, for "more"); answers the next page's token.
function fill(list, page, after, refresh, problem) {
  const notices = (page.notifications ?? []).map((n) => item(n, refresh, problem));
  if (after) {
    list.append(...notices);
  } else {
    list.replaceChildren(...notices);
  }
  return page.nextPageToken ?? '';
}

// The message centre: the whole inbox on a page of its own (all or unread only), read a page at a time,
// with an empty state that says where notices come from. Returns its refresh, for when the page is shown.
export function messageCentre(root) {
  root.innerHTML = `
    <div class="sections" role="group" data-i18n-label="m.filter"><button type="button" data-filter="all" aria-pressed="true"></button><button type="button" data-filter="unread" aria-pressed="false"></button></div>
    <p class="form-error" role="alert" hidden></p>
    <ul class="notices" data-testid="messages"></ul>
    <div class="empty-state" data-empty hidden>${icon('bell')}<p></p></div>
    <button type="button" data-more hidden></button>`;
  const list = root.querySelector('ul');
  const more = root.querySelector('[data-more]');
  const empty = root.querySelector('[data-empty]');
  const problem = (error) => {
    const line = root.querySelector('.form-error');
    line.textContent = error ? messageOf(error) : '';
    line.hidden = !error;
  };
  let unreadOnly = false;
  let next = '';
  // Only the latest read is drawn: a filter pressed twice quickly must not show the first answer last.
  let asked = 0;
  const label = () => {
    root.querySelector('[role="group"]').setAttribute('aria-label', t('m.filter'));
    root.querySelector('[data-filter="all"]').textContent = t('m.all');
    root.querySelector('[data-filter="unread"]').textContent = t('m.unread');
    empty.querySelector('p').textContent = t(unreadOnly ? 'm.noneUnread' : 'm.none');
    more.textContent = t('n.more');
  };
  const refresh = async (after = '') => {
    const mine = ++asked;
    try {
      const page = await noticePage(20, after, unreadOnly);
      if (mine !== asked) {
        return;
      }
      next = fill(list, page, after, () => refresh(), problem);
      more.hidden = !next;
      empty.hidden = list.children.length > 0;
      problem(null);
    } catch (error) {
      problem(error);
    }
    label();
  };
  for (const button of root.querySelectorAll('[data-filter]')) {
    button.addEventListener('click', () => {
      unreadOnly = button.dataset.filter === 'unread';
      for (const other of root.querySelectorAll('[data-filter]')) {
        other.setAttribute('aria-pressed', String(other === button));
      }
      refresh();
    });
  }
  more.addEventListener('click', () => refresh(next));
  document.addEventListener('languagechange', () => refresh());
  // A notice read in the header's list is read here too.
  document.addEventListener('financemarket:read', () => refresh());
  label();
  return refresh;
}

// Adds the count and the list to the header for a signed-in enterprise, bank or official.
export function startInbox() {
  const top = document.getElementById('top');
  const box = document.createElement('div');
  box.className = 'inbox';
  box.innerHTML = `
    <button type="button" id="inbox-toggle" aria-expanded="false" aria-controls="inbox-panel" data-testid="inbox-toggle"></button>
    <section id="inbox-panel" data-testid="notifications" hidden>
      <h2></h2>
      <p class="form-error" role="alert" hidden></p>
      <ul></ul>
      <button type="button" data-more hidden></button>
      <p class="muted" data-empty hidden></p>
    </section>`;
  top.append(box);
  const toggle = box.querySelector('#inbox-toggle');
  const panel = box.querySelector('#inbox-panel');
  const more = panel.querySelector('[data-more]');
  let unread = 0;
  let next = '';
  const label = () => {
    toggle.textContent = t('n.open', { count: unread >= 1000 ? '999+' : unread });
    toggle.dataset.unread = String(unread);
    panel.querySelector('h2').textContent = t('n.title');
    panel.querySelector('[data-empty]').textContent = t('n.none');
    more.textContent = t('n.more');
  };
  // The count, and while the list is open its first page (or, with `after`, the next page below those shown).
  const refresh = async (after = '') => {
    try {
      const page = await noticePage(panel.hidden ? 1 : 50, after);
      unread = Number(page.unreadCount ?? 0);
      if (!panel.hidden) {
        const list = panel.querySelector('ul');
        next = fill(list, page, after, () => refresh(), showProblem);
        more.hidden = !next;
        panel.querySelector('[data-empty]').hidden = list.children.length > 0;
      }
      showProblem(null);
    } catch (error) {
      showProblem(error);
    }
    label();
  };
  more.addEventListener('click', () => refresh(next));
  toggle.addEventListener('click', async () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    await refresh();
  });
  document.addEventListener('languagechange', () => refresh());
  document.addEventListener('financemarket:read', () => refresh());
  label();
  refresh();
  setInterval(() => refresh(), EVERY);
  return refresh;
}
