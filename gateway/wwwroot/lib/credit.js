// Credit data (信用信息) as every page shows it: an enterprise's credit profile (tax years, the insured-employee
// trend, utilities, enforcement records and penalties in force, honours, the verified values with what
// verified them, and each record's source and date), a pre-credit estimate with its parts, and the words for
// where a verified value came from. The enterprise's page and the bank's desk draw the profile with the
// same code; money is exact 元 from integer fen.
import { chinaDate } from '/lib/dates.js';
import { addStrings, language, t } from '/lib/i18n.js';
import { formatFen, formatYuan, toBigInt } from '/lib/money.js';
import '/lib/terms.js';

addStrings({
  zh: {
    'cr.and': '、', 'cr.asOf': '数据截至 {date}', 'cr.verified': '核实值（匹配、预授信和贴息采用，代替企业自报值）', 'cr.none': '暂无',
    'cr.rating': '纳税信用等级', 'cr.employees': '社保参保人数', 'cr.enforcementInForce': '在执行的被执行记录', 'cr.taxBasis': '纳税额 / 开票收入',
    'cr.verifiedBy': '{value}（据{source}核实）', 'cr.count': '{n} 条', 'cr.persons': '{n} 人', 'cr.taxBasisValue': '{year} 年：{paid} / {revenue}',
    'cr.tax': '纳税情况（近三年）', 'cr.taxYear': '{year} 年 · 纳税信用 {rating} · 纳税额 {paid} · 开票收入 {revenue}', 'cr.noRating': '未评级',
    'cr.employeesTrend': '社保参保人数（近 12 个月，按月）', 'cr.employeesMonth': '{month}：{n} 人',
    'cr.utility': '水电缴费', 'cr.utilityOnTime': '{total} 个月中 {onTime} 个月按时缴费', 'cr.utilityMonth': '{month}：用电 {kwh} 千瓦时 · {paid}',
    'cr.paidOnTime': '按时缴费', 'cr.paidLate': '未按时缴费',
    'cr.enforcement': '被执行记录（在执行）', 'cr.enforcementRecord': '{court} {case} · {listed} 立案 · 执行标的 {amount}', 'cr.dishonest': ' · 失信被执行人',
    'cr.penalties': '行政处罚（公示期内）', 'cr.penalty': '{authority} {date} · {severity} · {description}（公示至 {until}）',
    'cr.severity.MINOR': '一般', 'cr.severity.SERIOUS': '严重',
    'cr.honors': '荣誉资质', 'cr.honor': '{kind}（{year} 年）', 'cr.noRecords': '无记录',
    'cr.source': '来源：{provider} · 批次 {batch} · {date} 报送', 'cr.flags': '存疑，未作为核实值：{flags}',
    'flag.REVENUE_BELOW_TAX': '开票收入低于纳税额', 'flag.HEADCOUNT_JUMP': '参保人数单月变化超过十倍',
    'vb.tax': '{year} 年纳税数据', 'vb.siMonth': '{month} 社保数据', 'vb.court': '法院执行数据',
    'pc.estimate': '预授信额度约 {amount}', 'pc.noTaxData': '暂无纳税数据，无法估算预授信额度', 'pc.enforcement': '有在执行的被执行记录，暂无预授信额度',
    'pc.parts': '额度如何计算', 'pc.part': '{name}：{amount}（{formula}）', 'pc.limitedBy': '取以上各项中最低的“{part}”，按万元向下取整。',
    'pc.PRODUCT_MAXIMUM': '产品最高额度', 'pc.TAX_PAID_MULTIPLE': '按纳税额', 'pc.INVOICED_REVENUE_SHARE': '按开票收入', 'pc.ENFORCEMENT_RECORD': '被执行记录', 'pc.NO_TAX_DATA': '无纳税数据',
    'pc.f.maximum': '产品最高额度 {amount} 元', 'pc.f.taxPaid': '{year} 年纳税额 {amount} 元的 {n} 倍', 'pc.f.revenue': '{year} 年开票收入 {amount} 元的 {share}',
    'pc.f.enforcement': '{n} 条被执行记录在执行',
  },
  en: {
    'cr.and': ', ', 'cr.asOf': 'As of {date}', 'cr.verified': 'Verified values (used for matching, pre-credit and subsidies in place of what was declared)', 'cr.none': 'none',
    'cr.rating': 'Tax credit rating', 'cr.employees': 'Insured employees', 'cr.enforcementInForce': 'Enforcement records in force', 'cr.taxBasis': 'Tax paid / invoiced revenue',
    'cr.verifiedBy': '{value} (verified by {source})', 'cr.count': '{n}', 'cr.persons': '{n}', 'cr.taxBasisValue': '{year}: {paid} / {revenue}',
    'cr.tax': 'Tax (the last three years)', 'cr.taxYear': '{year} · tax rating {rating} · tax paid {paid} · invoiced revenue {revenue}', 'cr.noRating': 'not rated',
    'cr.employeesTrend': 'Insured employees (the last 12 months)', 'cr.employeesMonth': '{month}: {n}',
    'cr.utility': 'Utilities', 'cr.utilityOnTime': '{onTime} of {total} months paid on time', 'cr.utilityMonth': '{month}: {kwh} kWh · {paid}',
    'cr.paidOnTime': 'paid on time', 'cr.paidLate': 'paid late',
    'cr.enforcement': 'Court enforcement records in force', 'cr.enforcementRecord': '{court} {case} · listed {listed} · {amount}', 'cr.dishonest': ' · dishonest judgement debtor',
    'cr.penalties': 'Administrative penalties still published', 'cr.penalty': '{authority} {date} · {severity} · {description} (published until {until})',
    'cr.severity.MINOR': 'minor', 'cr.severity.SERIOUS': 'serious',
    'cr.honors': 'Honours', 'cr.honor': '{kind} ({year})', 'cr.noRecords': 'none',
    'cr.source': 'Source: {provider} · batch {batch} · received {date}', 'cr.flags': 'Questioned, not used as verified: {flags}',
    'flag.REVENUE_BELOW_TAX': 'invoiced revenue below the tax paid', 'flag.HEADCOUNT_JUMP': 'insured employees changed more than tenfold in a month',
    'vb.tax': 'tax data {year}', 'vb.siMonth': 'social insurance data {month}', 'vb.court': 'court enforcement data',
    'pc.estimate': 'Pre-credit of about {amount}', 'pc.noTaxData': 'No tax data on file to estimate a pre-credit line', 'pc.enforcement': 'No pre-credit while an enforcement record is in force',
    'pc.parts': 'How it is worked out', 'pc.part': '{name}: {amount} ({formula})', 'pc.limitedBy': 'The least of these, "{part}", rounded down to the 万元.',
    'pc.PRODUCT_MAXIMUM': "the product's maximum", 'pc.TAX_PAID_MULTIPLE': 'from tax paid', 'pc.INVOICED_REVENUE_SHARE': 'from invoiced revenue', 'pc.ENFORCEMENT_RECORD': 'enforcement record', 'pc.NO_TAX_DATA': 'no tax data',
  },
});

const element = (tag, text = '', className = '') => Object.assign(document.createElement(tag), { textContent: text, className });

// An integer grouped in threes: 12,345.
const grouped = (n) => toBigInt(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const rating = (code) => (code && code !== 'TAX_CREDIT_RATING_UNSPECIFIED' ? t(`rating.${code}`) : t('cr.noRating'));

// Where a verified value came from, in the page's language. The API writes it in English: matching's reasons
// say "tax data 2025", "social insurance data 2026-10", "court enforcement data", and the
// discrepancies "tax 2025", "social insurance 2026-10"; another form is shown as it is.
const SOURCES = [
  [/^tax (?:data )?(\d{4})$/, (m) => t('vb.tax', { year: m[1] })],
  [/^social insurance (?:data )?(\d{4}-\d{2})$/, (m) => t('vb.siMonth', { month: m[1] })],
  [/^court enforcement data$/, () => t('vb.court')],
];

export function sourceWords(verifiedBy) {
  const text = String(verifiedBy ?? '');
  const found = SOURCES.map(([pattern, words]) => [pattern.exec(text), words]).find(([m]) => m);
  return found ? found[1](found[0]) : text;
}

// "A 级（据 2025 年纳税数据核实）": a value with what verified it.
export const verifiedValue = (value, verifiedBy) => (verifiedBy ? t('cr.verifiedBy', { value, source: sourceWords(verifiedBy) }) : value);

function sourceLine(source, flags = []) {
  const line = element('p', '', 'muted source');
  line.append(source ? t('cr.source', { provider: source.providerId ?? '', batch: source.batchId ?? '', date: chinaDate(source.receivedAt) }) : '');
  if (flags?.length) {
    line.append(element('span', ` · ${t('cr.flags', { flags: flags.map((f) => (t(`flag.${f}`) === `flag.${f}` ? f : t(`flag.${f}`))).join(t('cr.and')) })}`, 'unfit'));
  }
  return line;
}

// One group of the profile: its heading and a list of records, each with its source, or "none".
function group(level, title, testid, items) {
  const box = element('div', '', 'credit-group');
  box.append(element(`h${level}`, title));
  const list = element('ul', '', 'records');
  list.dataset.testid = testid;
  list.replaceChildren(...(items.length ? items : [element('li', t('cr.noRecords'), 'muted')]));
  box.append(list);
  return box;
}

function record(text, source, flags, key) {
  const item = element('li');
  item.append(element('span', text));
  item.append(sourceLine(source, flags));
  if (key !== undefined) {
    item.dataset.key = key;
  }
  return item;
}

function verifiedList(profile) {
  const v = profile.verified ?? {};
  const list = element('dl', '', 'tiles');
  list.dataset.testid = 'credit-verified';
  const ratingYear = Number(v.taxRatingYear ?? 0);
  const employeesMonth = v.employeesMonth ?? '';
  const taxYear = Number(v.taxYear ?? 0);
  const rows = [
    ['rating', t('cr.rating'), ratingYear ? verifiedValue(rating(v.taxCreditRating), `tax data ${ratingYear}`) : t('cr.none')],
    ['employees', t('cr.employees'), employeesMonth
      ? verifiedValue(t('cr.persons', { n: grouped(v.insuredEmployees ?? 0) }), `social insurance ${employeesMonth}`)
      : t('cr.none')],
    ['enforcement', t('cr.enforcementInForce'), verifiedValue(t('cr.count', { n: grouped(v.enforcementRecordsInForce ?? 0) }), 'court enforcement data')],
    ['tax-basis', t('cr.taxBasis'), taxYear
      ? verifiedValue(t('cr.taxBasisValue', { year: taxYear, paid: formatYuan(v.taxPaidFen ?? 0), revenue: formatYuan(v.invoicedRevenueFen ?? 0) }), `tax data ${taxYear}`)
      : t('cr.none')],
  ];
  for (const [key, term, value] of rows) {
    const row = element('div');
    const dd = element('dd', value);
    dd.dataset.testid = `verified-${key}`;
    row.append(element('dt', term), dd);
    list.append(row);
  }
  return list;
}

// The insured-employee trend, oldest month first, each month as a bar of the year's largest headcount.
function employeesTrend(months) {
  const most = months.reduce((max, m) => Math.max(max, Number(m.insuredEmployees ?? 0)), 0);
  return months.map((m) => {
    const item = record('', m.source, m.flags, m.month);
    const label = item.querySelector('span');
    label.textContent = t('cr.employeesMonth', { month: m.month, n: grouped(m.insuredEmployees ?? 0) });
    const bar = document.createElement('meter');
    bar.min = 0;
    bar.max = Math.max(most, 1);
    bar.value = Number(m.insuredEmployees ?? 0);
    bar.setAttribute('aria-label', label.textContent);
    label.after(' ', bar);
    return item;
  });
}

// The whole profile, its groups under headings of the given level (3 under a section's h2). Compact (on a
// bank's application card): the groups side by side, each record's source in its tooltip.
export function renderProfile(profile, { level = 3, compact = false } = {}) {
  const box = element('div', '', compact ? 'credit-profile compact' : 'credit-profile');
  box.dataset.testid = 'credit-profile';
  box.append(element('p', t('cr.asOf', { date: profile.asOf ?? '' }), 'muted'));
  box.append(element(`h${level}`, t('cr.verified')), verifiedList(profile));
  const groups = element('div', '', 'groups');
  box.append(groups);
  groups.append(group(level, t('cr.tax'), 'credit-tax', (profile.tax ?? []).map((y) => record(t('cr.taxYear', {
    year: y.year, rating: rating(y.taxCreditRating), paid: formatYuan(y.taxPaidFen ?? 0), revenue: formatYuan(y.invoicedRevenueFen ?? 0),
  }), y.source, y.flags, String(y.year)))));
  groups.append(group(level, t('cr.employeesTrend'), 'credit-employees', employeesTrend(profile.insuredEmployees ?? [])));
  const utility = profile.utility ?? [];
  const utilityBox = group(level, t('cr.utility'), 'credit-utility', utility.map((u) => record(t('cr.utilityMonth', {
    month: u.month, kwh: grouped(u.electricityKwh ?? 0), paid: t(u.paidOnTime ? 'cr.paidOnTime' : 'cr.paidLate'),
  }), u.source, [], u.month)));
  if (utility.length) {
    const onTime = element('p', t('cr.utilityOnTime', { onTime: profile.utilityMonthsOnTime ?? 0, total: utility.length }));
    onTime.dataset.testid = 'utility-on-time';
    utilityBox.querySelector('ul').before(onTime);
  }
  groups.append(utilityBox);
  groups.append(group(level, t('cr.enforcement'), 'credit-enforcement', (profile.enforcement ?? []).map((e) => record(t('cr.enforcementRecord', {
    court: e.court ?? '', case: e.caseNumber ?? '', listed: e.listedOn ?? '', amount: formatYuan(e.amountFen ?? 0),
  }) + (e.dishonest ? t('cr.dishonest') : ''), e.source, [], e.caseNumber))));
  groups.append(group(level, t('cr.penalties'), 'credit-penalties', (profile.penalties ?? []).map((p) => record(t('cr.penalty', {
    authority: p.authority ?? '', date: p.decidedOn ?? '', severity: t(`cr.severity.${p.severity}`), description: p.description ?? '', until: p.inForceUntil ?? '',
  }), p.source, [], p.caseNumber || `${p.authority}|${p.decidedOn}`))));
  groups.append(group(level, t('cr.honors'), 'credit-honors', (profile.honors ?? []).map((h) => record(t('cr.honor', { kind: h.kind ?? '', year: h.year ?? '' }), h.source, [], `${h.kind}|${h.year}`))));
  if (compact) {
    for (const line of box.querySelectorAll('.source')) {
      const [said, ...flags] = line.childNodes;
      line.parentElement.title = said.textContent;
      said.remove();
      if (!flags.length) {
        line.remove();
      }
    }
  }
  return box;
}

// A part's formula in the page's language; the API writes it in English, which stands for any other form.
const FORMULAS = [
  [/^the product's maximum (.+) yuan$/, (m) => t('pc.f.maximum', { amount: m[1] })],
  [/^(\d+) × tax paid in (\d{4}) \((.+) yuan\)$/, (m) => t('pc.f.taxPaid', { n: m[1], year: m[2], amount: m[3] })],
  [/^(\d+\.\d+ %) of invoiced revenue in (\d{4}) \((.+) yuan\)$/, (m) => t('pc.f.revenue', { share: m[1].replace(' ', ''), year: m[2], amount: m[3] })],
  [/^(\d+) court enforcement record\(s\) in force$/, (m) => t('pc.f.enforcement', { n: m[1] })],
];

function formulaWords(formula) {
  const match = language() === 'zh' && FORMULAS.map(([pattern, words]) => [pattern.exec(formula ?? ''), words]).find(([m]) => m);
  return match ? match[1](match[0]) : formula ?? '';
}

const partName = (name) => (t(`pc.${name}`) === `pc.${name}` ? name : t(`pc.${name}`));

// A pre-credit estimate in one line ("预授信额度约 15.00 万元"), and its parts on request (a closed <details>).
export function preCreditBox(estimate) {
  const box = element('div', '', 'pre-credit');
  box.dataset.testid = 'pre-credit';
  const line = element('p');
  line.dataset.testid = 'pre-credit-estimate';
  if (estimate.estimateFen === undefined || estimate.estimateFen === null || estimate.limitedBy === 'NO_TAX_DATA') {
    line.textContent = t('pc.noTaxData');
    line.className = 'muted';
  } else if (estimate.limitedBy === 'ENFORCEMENT_RECORD') {
    line.textContent = t('pc.enforcement');
    line.className = 'unfit';
  } else {
    line.append(element('strong', t('pc.estimate', { amount: formatFen(estimate.estimateFen) })));
    line.title = formatYuan(estimate.estimateFen);
    line.dataset.value = toBigInt(estimate.estimateFen).toString();
  }
  box.append(line);
  const parts = estimate.parts ?? [];
  if (parts.length) {
    const details = document.createElement('details');
    details.append(element('summary', t('pc.parts')));
    const list = element('ul', '', 'reasons');
    list.replaceChildren(...parts.map((p) => {
      const item = element('li', t('pc.part', { name: partName(p.name), amount: formatFen(p.amountFen ?? 0), formula: formulaWords(p.formula) }));
      item.dataset.part = p.name;
      return item;
    }));
    details.append(list);
    if (estimate.limitedBy && estimate.limitedBy !== 'NO_TAX_DATA') {
      details.append(element('p', t('pc.limitedBy', { part: partName(estimate.limitedBy) }), 'muted'));
    }
    box.append(details);
  }
  return box;
}
