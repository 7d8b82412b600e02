// Charts of credit granted, and of the loans month by month, as inline SVG drawn at the width of their box
// (a unit is a CSS pixel, so the words stay legible on a phone), each with its figures as a table for screen
// readers and for anyone who wants the exact amounts. Bar lengths are the only place a float is used.
import { language, t } from '/lib/i18n.js';
import { formatBp, formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';

const SVG = 'http://www.w3.org/2000/svg';
const MOST_BARS = 10;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function element(namespace, name, attributes = {}, text = undefined) {
  const made = namespace ? document.createElementNS(namespace, name) : document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    made.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    made.textContent = text;
  }
  return made;
}

const svg = (name, attributes, text) => element(SVG, name, attributes, text);
const html = (name, attributes, text) => element(null, name, attributes, text);

function share(value, max) {
  return max > 0n ? Number((value * 10_000n) / max) / 10_000 : 0;
}

const widthOf = (figure) => Math.max(300, Math.round(figure.clientWidth || 640));

function chartFrame(title, items, width, height) {
  const label = `${title}: ${items.map((i) => `${i.label} ${formatFen(i.amount)}`).join('; ')}`;
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, class: 'chart' });
}

function bar(x, y, width, height, item) {
  const rect = svg('rect', { x, y, width, height, class: 'bar', 'data-key': item.key });
  rect.append(svg('title', {}, `${item.label}: ${formatYuan(item.amount)}`));
  return rect;
}

// One line per row, the name above its bar, so long bank and industry names fit.
function bars(title, items, width) {
  const max = items.reduce((m, i) => (i.amount > m ? i.amount : m), 0n);
  const chart = chartFrame(title, items, width, items.length * 44 + 4);
  const room = width - 110;
  items.forEach((item, index) => {
    const top = index * 44;
    const length = Math.max(share(item.amount, max) * room, 1);
    chart.append(
      svg('text', { x: 0, y: top + 15, class: 'label' }, item.label),
      bar(0, top + 22, length, 16, item),
      svg('text', { x: length + 6, y: top + 35, class: 'value' }, formatFen(item.amount)),
    );
  });
  return chart;
}

const monthWord = (key) => (language() === 'en' ? EN_MONTHS[Number(key.slice(5)) - 1] : `${Number(key.slice(5))}月`);
const yearWord = (key) => (language() === 'en' ? key.slice(0, 4) : `${key.slice(0, 4)}年`);

// Every month of the range as a column, a month without any as none above the axis. Under the axis each month
// is named, and its year where the range begins and wherever a new year starts, so November of one year is
// never read as November of another; with more months than the width names, every few are named.
function columns(title, items, width) {
  const max = items.reduce((m, i) => (i.amount > m ? i.amount : m), 0n);
  const chart = chartFrame(title, items, width, 236);
  const step = width / items.length;
  const every = Math.max(1, Math.ceil(items.length / Math.floor(width / 40)));
  // Wide columns carry their amounts; narrower ones leave them to the tooltip and the table, and the scale
  // is given by the highest.
  const amounts = step >= 100;
  chart.append(svg('line', { x1: 0, x2: width, y1: 190.5, y2: 190.5, class: 'axis' }));
  if (max > 0n && !amounts) {
    chart.append(svg('line', { x1: 0, x2: width, y1: 30.5, y2: 30.5, class: 'grid' }),
      svg('text', { x: 0, y: 22, class: 'value' }, t('d.max', { amount: formatFen(max) })));
  }
  items.forEach((item, index) => {
    const height = share(item.amount, max) * 160;
    const middle = index * step + step / 2;
    const newYear = index === 0 || item.key.endsWith('-01');
    chart.append(bar(middle - Math.min(step * 0.35, 24), 190 - height, Math.min(step * 0.7, 48), height, item));
    if (newYear && index > 0) {
      chart.append(svg('line', { x1: index * step, x2: index * step, y1: 30, y2: 228, class: 'year-start' }));
    }
    if (index % every === 0 || newYear) {
      chart.append(svg('text', { x: middle, y: 208, class: 'label month', 'text-anchor': 'middle' }, monthWord(item.key)));
    }
    if (newYear) {
      chart.append(svg('text', { x: index * step + 3, y: 228, class: 'label year', 'data-year': item.key.slice(0, 4) }, yearWord(item.key)));
    }
    if (amounts && item.amount > 0n) {
      chart.append(svg('text', { x: middle, y: 184 - height, class: 'value', 'text-anchor': 'middle' }, formatFen(item.amount)));
    }
  });
  return chart;
}

// A table of rows under their headings, each row named by its first cell. Every other cell carries its heading
// as data-label, so a phone, which shows each row as a card, names each value.
function listTable(headingKeys, rows, cellsOf) {
  const headings = headingKeys.map((key) => t(key));
  const made = html('table', { class: 'list' });
  made.append(html('thead'), html('tbody'));
  made.tHead.append(html('tr'));
  made.tHead.rows[0].append(...headings.map((heading) => html('th', { scope: 'col' }, heading)));
  for (const row of rows) {
    const [name, ...cells] = cellsOf(row);
    const line = html('tr', { 'data-key': row.key });
    line.append(html('th', { scope: 'row' }, name), ...cells.map((cell, index) => {
      const td = typeof cell === 'string' ? html('td', {}, cell) : cell;
      td.dataset.label = headings[index + 1];
      return td;
    }));
    made.tBodies[0].append(line);
  }
  return made;
}

const fenCell = (value) => html('td', { title: formatYuan(value), 'data-fen': toBigInt(value) }, formatFen(value));

const table = (by, rows) => listTable([`d.key.${by}`, 'd.creditGrantedFen', 'd.matchedDeals', 'd.applications', 'd.rejected'], rows,
  (row) => [row.label, fenCell(row.creditGrantedFen), formatCount(row.matchedDeals), formatCount(row.applications), formatCount(row.rejected)]);

// Open at first on a laptop; a phone, where a long table is a long scroll, opens it on a tap.
const wide = () => matchMedia('(min-width: 30rem)').matches;

// The table under a summary, open or closed as it was when drawn before.
function details(figure, summary, content, openAtFirst = false) {
  const opened = html('details');
  opened.open = figure.querySelector('details')?.open ?? openAtFirst;
  const scroll = html('div', { class: 'scroll' });
  scroll.append(content);
  opened.append(html('summary', {}, summary), scroll);
  return opened;
}

const captionOf = (figure) => figure.querySelector('figcaption');
const titleOf = (figure) => captionOf(figure).textContent.trim();
const empty = (key) => html('p', { class: 'empty' }, t(key));

// Fills a <figure> (keeping its caption) with the chart of one breakdown and the table of all its rows: by
// month every month of the range in order, by bank or industry the largest ten.
export function drawBreakdown(figure, by, rows) {
  const items = rows.map((row) => ({ key: row.key, label: row.label || row.key, amount: toBigInt(row.creditGrantedFen) }));
  let chart;
  if (!items.some((item) => item.amount > 0n)) {
    chart = empty('d.noCredit');
  } else if (by === 'MONTH') {
    chart = columns(titleOf(figure), items, widthOf(figure));
  } else {
    const largest = items.filter((item) => item.amount > 0n).sort((a, b) => (b.amount > a.amount) - (b.amount < a.amount));
    chart = bars(titleOf(figure), largest.slice(0, MOST_BARS), widthOf(figure));
  }
  figure.replaceChildren(captionOf(figure), chart, details(figure, t('d.asTable', { n: rows.length }), table(by, rows)));
}

const loans = (row) => row.loans ?? {};

function trendTable(rows, onDownload) {
  const headings = ['d.key.MONTH', 'd.balanceFen', 'd.inclusiveBalanceFen', 'd.disbursedFen', 'd.firstLoanFirms', 'd.overdueRatioBp', 'd.report'];
  return listTable(headings, rows, (row) => {
    const l = loans(row);
    const downloads = html('td', { class: 'downloads' });
    for (const format of ['xlsx', 'csv', 'html']) {
      const button = html('button', { type: 'button', 'data-format': format, 'aria-label': t('d.downloadReport', { month: row.key, format }) }, format);
      button.addEventListener('click', () => onDownload(row.key, format, button));
      downloads.append(button);
    }
    return [row.key, fenCell(l.balanceFen), fenCell(l.inclusiveBalanceFen), fenCell(l.disbursedFen), formatCount(l.firstLoanFirms),
      l.overdueRatioBp === undefined ? '—' : formatBp(l.overdueRatioBp), downloads];
  });
}

// Fills a <figure> with one loan figure for every month of the range, as columns.
export function drawMonthly(figure, months, figureName) {
  const items = months.map((row) => ({ key: row.key, label: row.key, amount: toBigInt(loans(row)[figureName]) }));
  const chart = items.some((item) => item.amount > 0n) ? columns(titleOf(figure), items, widthOf(figure)) : empty('d.noBalance');
  figure.replaceChildren(captionOf(figure), chart);
}

// Fills a <figure> with the loan balance at each month's end and a table of every month, newest first, each
// with its monthly report to download.
export function drawTrend(figure, months, onDownload) {
  const listed = details(figure, t('d.monthsTable', { n: months.length }), trendTable([...months].reverse(), onDownload), wide());
  drawMonthly(figure, months, 'balanceFen');
  figure.append(listed);
}
