// The league table: every bank with a figure in the region, by name, with how it answers enterprises
// (kept by totals from the market's events), sorted by the column the official picks; again to reverse.
import { get } from '/lib/http.js';
import { addStrings, t } from '/lib/i18n.js';
import { formatBp, formatCount } from '/lib/money.js';
import { showProblem } from '/official/fields.js';

const COLUMNS = [
  ['NEEDS_TAKEN', 'needsTaken'], ['APPLICATIONS_RECEIVED', 'applicationsReceived'], ['APPROVAL_RATE', 'approvalRateBp'],
  ['MEDIAN_TO_TAKE', 'medianWorkingMinutesToTake'], ['MEDIAN_TO_CONTACT', 'medianWorkingMinutesToContact'], ['MEDIAN_TO_DECIDE', 'medianWorkingMinutesToDecide'],
  ['OVERDUE_STEPS', 'overdueSteps'], ['EXPIRED', 'expired'], ['REFERRALS_RECEIVED', 'referralsReceived'],
];

addStrings({
  zh: {
    'lg.title': '银行服务排行', 'lg.bank': '银行', 'lg.NEEDS_TAKEN': '接单数', 'lg.APPLICATIONS_RECEIVED': '收到申请', 'lg.APPROVAL_RATE': '批准率', 'lg.MEDIAN_TO_TAKE': '接单用时（工作时，中位数）',
    'lg.MEDIAN_TO_CONTACT': '首次联系用时（工作时）', 'lg.MEDIAN_TO_DECIDE': '审批用时（工作时）', 'lg.OVERDUE_STEPS': '逾期环节', 'lg.EXPIRED': '超期未答复',
    'lg.REFERRALS_RECEIVED': '承接转介', 'lg.none': '该地区暂无银行数据。', 'lg.sort': '按{column}排序', 'lg.untaken': '无银行接单的需求：{n} 个',
  },
  en: {
    'lg.title': "Banks' league table", 'lg.bank': 'Bank', 'lg.NEEDS_TAKEN': 'Needs taken', 'lg.APPLICATIONS_RECEIVED': 'Applications', 'lg.APPROVAL_RATE': 'Approval rate', 'lg.MEDIAN_TO_TAKE': 'Working hours to take (median)',
    'lg.MEDIAN_TO_CONTACT': 'Working hours to contact', 'lg.MEDIAN_TO_DECIDE': 'Working hours to decide', 'lg.OVERDUE_STEPS': 'Overdue steps', 'lg.EXPIRED': 'Expired',
    'lg.REFERRALS_RECEIVED': 'Referrals taken', 'lg.none': 'No bank has figures in this region yet.', 'lg.sort': 'Sort by {column}', 'lg.untaken': 'Needs no bank took: {n}',
  },
});

// A figure of a scorecard as the pages show it (here and on the bank's desk): a count, the approval rate
// from its basis points, a median in working hours; '–' where the card has none.
export function figureText(card, field) {
  const value = card[field];
  if (field === 'approvalRateBp' || field.startsWith('median')) {
    if (value === undefined || value === null) {
      return '–';
    }
    return field === 'approvalRateBp' ? formatBp(value) : (Number(value) / 60).toFixed(1);
  }
  return formatCount(value ?? 0);
}

// Draws the table into `box` for the region `regionOf()` names; returns the function that reads it again.
export function setUpLeague(box, regionOf) {
  let sortBy = 'OVERDUE_STEPS';
  let ascending = false;
  box.innerHTML = `<p class="form-error" role="alert" hidden></p><p class="muted" data-testid="untaken-broadcasts"></p>
    <table class="list" data-testid="league"><thead><tr></tr></thead><tbody></tbody></table><p class="muted" data-empty hidden></p>`;
  const load = async () => {
    const problem = box.querySelector('.form-error');
    const head = box.querySelector('thead tr');
    head.replaceChildren(Object.assign(document.createElement('th'), { scope: 'col', textContent: t('lg.bank') }), ...COLUMNS.map(([key]) => {
      const th = document.createElement('th');
      th.scope = 'col';
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(`lg.${key}`) });
      button.setAttribute('aria-label', t('lg.sort', { column: t(`lg.${key}`) }));
      button.addEventListener('click', () => {
        ascending = sortBy === key ? !ascending : false;
        sortBy = key;
        load();
      });
      th.append(button);
      if (sortBy === key) {
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      }
      return th;
    }));
    try {
      const table = await get(`/api/v1/scorecards?${new URLSearchParams({ regionCode: regionOf(), sortBy, ascending: String(ascending) })}`);
      const cards = table.scorecards ?? [];
      box.querySelector('tbody').replaceChildren(...cards.map((card) => {
        const tr = document.createElement('tr');
        tr.dataset.bankId = card.bankId;
        tr.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: card.bankName || card.bankId }));
        for (const [, field] of COLUMNS) {
          tr.append(Object.assign(document.createElement('td'), { textContent: figureText(card, field) }));
        }
        return tr;
      }));
      box.querySelector('[data-empty]').textContent = t('lg.none');
      box.querySelector('[data-empty]').hidden = cards.length > 0;
      box.querySelector('[data-testid="untaken-broadcasts"]').textContent = t('lg.untaken', { n: formatCount(table.untakenBroadcasts ?? 0) });
      showProblem(problem, null);
    } catch (error) {
      box.querySelector('tbody').replaceChildren();
      showProblem(problem, error);
    }
  };
  document.addEventListener('languagechange', load);
  return load;
}
