// What the dashboard shows, as one CSV file: the figures with the period each covers, then credit granted by
// month, by bank (by name) and by industry. UTF-8 with a byte order mark, so Excel reads the Chinese; amounts
// in 元 with two decimals, written from the integer fen (no float); in the page's language.
import { yuanInput } from '/lib/fields.js';
import { saveCsv } from '/lib/csv.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatCount } from '/lib/money.js';

// A figure as a spreadsheet reads it: fen as 元 ("123456.78"), basis points as a percentage, counts as they are.
export function value(kind, figure) {
  if (figure === undefined || figure === null) {
    return '';
  }
  return kind === 'fen' ? yuanInput(figure) : kind === 'bp' ? formatBp(figure) : formatCount(figure);
}

const heading = (key, kind) => (kind === 'fen' ? t('d.inYuan', { name: t(key) }) : t(key));

const MONTH_COLUMNS = [
  ['d.creditGrantedFen', 'fen', (r) => r.creditGrantedFen], ['d.matchedDeals', 'count', (r) => r.matchedDeals],
  ['d.applications', 'count', (r) => r.applications], ['d.rejected', 'count', (r) => r.rejected],
  ['d.disbursedFen', 'fen', (r) => r.loans?.disbursedFen], ['d.firstLoanFen', 'fen', (r) => r.loans?.firstLoanFen],
  ['d.balanceByMonth', 'fen', (r) => r.loans?.balanceFen], ['d.inclusiveByMonth', 'fen', (r) => r.loans?.inclusiveBalanceFen],
  ['d.overdueRatioBp', 'bp', (r) => r.loans?.overdueRatioBp],
];
const KEY_COLUMNS = MONTH_COLUMNS.slice(0, 4);

function rowsOf(title, keyHeading, columns, rows) {
  return [[], [title], [keyHeading, ...columns.map(([key, kind]) => heading(key, kind))],
    ...rows.map((row) => [row.label || row.key, ...columns.map(([, kind, read]) => value(kind, read(row) ?? (kind === 'bp' ? undefined : 0n)))])];
}

// shown: { region, period, asOf, groups: [{ scope, items: [{ key, kind, value }] }], months, banks, industries }.
function dashboardRows(shown) {
  return [
    [t('d.title')],
    [t('d.totalsOf'), shown.region],
    [t('d.period'), shown.period],
    [t('d.asOf'), `${shown.asOf} ${t('d.beijing')}`],
    [],
    [t('d.figure'), t('d.value'), t('d.scope')],
    ...shown.groups.flatMap((group) => group.items.map((item) => [heading(item.key, item.kind), value(item.kind, item.value), group.scope])),
    ...rowsOf(t('d.byMonth'), t('d.key.MONTH'), MONTH_COLUMNS, shown.months),
    ...rowsOf(t('d.byBank'), t('d.key.BANK'), KEY_COLUMNS, shown.banks),
    ...rowsOf(t('d.byIndustry'), t('d.key.INDUSTRY'), KEY_COLUMNS, shown.industries),
  ];
}

export function downloadCsv(shown, name) {
  saveCsv(dashboardRows(shown), name);
}
