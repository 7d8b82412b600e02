// The bank's own scorecard in a region it names (as the officials' league table shows it): what it took
// and received, how it answered, how long it took in working hours, what it missed, why it declined.
import { get } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { addStrings, t } from '/lib/i18n.js';
import { formatCount } from '/lib/money.js';
import { bankPath } from '/bank/api.js';
import { figureText } from '/official/league.js';

const $ = (selector) => document.querySelector(selector);

addStrings({
  zh: {
    'sc.title': '本行服务评分', 'sc.hint': '本行在所选地区（区划代码或其前 2、4 位）今年以来的响应情况，与政府看到的排行一致。', 'sc.region': '地区代码', 'sc.read': '查看评分',
    'sc.needsTaken': '接单', 'sc.applicationsReceived': '收到申请', 'sc.contacted': '已联系', 'sc.approved': '批准', 'sc.rejected': '拒绝', 'sc.expired': '超期未答复',
    'sc.overdueSteps': '逾期环节', 'sc.referralsReceived': '承接转介', 'sc.approvalRate': '批准率', 'sc.toTake': '接单用时（工作时，中位数）',
    'sc.toContact': '首次联系用时（工作时，中位数）', 'sc.toDecide': '审批用时（工作时，中位数）', 'sc.byCode': '拒绝原因',
  },
  en: {
    'sc.title': 'Our scorecard', 'sc.hint': "How the bank has answered enterprises in a region (a code or its 2- or 4-digit prefix) this year, as officials' league table shows it.", 'sc.region': 'Region code', 'sc.read': 'Show the scorecard',
    'sc.needsTaken': 'Needs taken', 'sc.applicationsReceived': 'Applications', 'sc.contacted': 'Contacted', 'sc.approved': 'Approved', 'sc.rejected': 'Rejected', 'sc.expired': 'Expired',
    'sc.overdueSteps': 'Overdue steps', 'sc.referralsReceived': 'Referrals taken', 'sc.approvalRate': 'Approval rate', 'sc.toTake': 'Working hours to take (median)',
    'sc.toContact': 'Working hours to contact (median)', 'sc.toDecide': 'Working hours to decide (median)', 'sc.byCode': 'Why declined',
  },
});

const COUNTS = ['needsTaken', 'applicationsReceived', 'contacted', 'approved', 'rejected', 'expired', 'overdueSteps', 'referralsReceived'];
const MEDIANS = [['toTake', 'medianWorkingMinutesToTake'], ['toContact', 'medianWorkingMinutesToContact'], ['toDecide', 'medianWorkingMinutesToDecide']];

let shown = null;

function pair(label, value, testid) {
  const div = document.createElement('div');
  const dd = Object.assign(document.createElement('dd'), { textContent: value });
  dd.dataset.testid = testid;
  div.append(Object.assign(document.createElement('dt'), { textContent: label }), dd);
  return div;
}

function show(card) {
  shown = card;
  const list = $('[data-testid="scorecard"]');
  const byCode = (card.rejectionsByCode ?? []).map((c) => `${t(`rc.${c.code}`)} ${formatCount(c.count)}`).join('，') || '–';
  list.replaceChildren(
    ...COUNTS.map((name) => pair(t(`sc.${name}`), figureText(card, name), `sc-${name}`)),
    pair(t('sc.approvalRate'), figureText(card, 'approvalRateBp'), 'sc-approvalRate'),
    ...MEDIANS.map(([key, field]) => pair(t(`sc.${key}`), figureText(card, field), `sc-${key}`)),
    pair(t('sc.byCode'), byCode, 'sc-byCode'));
  list.hidden = false;
}

export function setUpScorecard() {
  onSubmit($('#scorecard-form'), async (data) => {
    $('[data-testid="scorecard"]').hidden = true;
    const regionCode = String(data.get('regionCode') ?? '').trim();
    show(await get(bankPath(`/scorecard?${new URLSearchParams({ regionCode })}`)));
  });
  document.addEventListener('languagechange', () => shown && show(shown));
}
