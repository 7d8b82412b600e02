// Charts of credit granted, and of the loan balance month by month, as inline SVG, each with its figures as a
// table for screen readers and for
// anyone who wants the exact amounts. Bar lengths are the only place a float is used.
import { t } from '/lib/i18n.js';
import { formatBp, formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const MOST_BARS = 10;
const MOST_MONTHS = 24;

function svg(name, attributes = {}, text = undefined) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function html(name, attributes = {}, text = undefined) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    element.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

function share(value, max) {
  return max > 0n ? Number((value * 10_000n) / max) / 10_000 : 0;
}

function chartFrame(title, items, height) {
  const label = `${title}: ${items.map((i) => `${i.label} ${formatFen(i.amount)}`).join('; ')}`;
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
}

function bar(x, y, width, height, item) {
  const rect = svg('rect', { x, y, width: Math.max(width, 1), height, class: 'bar' });
  rect.append(svg('title', {}, `${item.label}: ${formatYuan(item.amount)}`));
  return rect;
}

// One line per row, the label above its bar, so long bank ids and industry names fit.
function bars(title, items) {
  const max = items.reduce((m, i) => (i.amount > m ? i.amount : m), 0n);
  const chart = chartFrame(title, items, items.length * 40 + 4);
  const room = WIDTH - 130;
  items.forEach((item, index) => {
    const top = index * 40;
    const length = share(item.amount, max) * room;
    chart.append(
      svg('text', { x: 0, y: top + 14, class: 'label' }, item.label),
      bar(0, top + 20, length, 14, item),
      svg('text', { x: length + 6, y: top + 32, class: 'value' }, formatFen(item.amount)),
    );
  });
  return chart;
}

function columns(title, items) {
  const max = items.reduce((m, i) => (i.amount > m ? i.amount : m), 0n);
  const chart = chartFrame(title, items, 220);
  const step = Math.min(80, WIDTH / items.length);
  items.forEach((item, index) => {
    const height = share(item.amount, max) * 150;
    const middle = index * step + step / 2;
    chart.append(
      bar(middle - step * 0.35, 180 - height, step * 0.7, height, item),
      svg('text', { x: middle, y: 198, class: 'label', 'text-anchor': 'middle' }, step >= 50 ? item.label : item.label.slice(5)),
    );
    // Narrow columns leave their amounts to the tooltip and the table.
    if (step >= 64) {
      chart.append(svg('text', { x: middle, y: 174 - height, class: 'value', 'text-anchor': 'middle' }, formatFen(item.amount)));
    }
  });
  return chart;
}

function table(by, rows) {
  const element = html('table');
  const head = html('tr');
  for (const heading of [`d.key.${by}`, 'd.creditGrantedFen', 'd.matchedDeals', 'd.applications', 'd.rejected'].map((key) => t(key))) {
    head.append(html('th', { scope: 'col' }, heading));
  }
  element.append(html('thead'), html('tbody'));
  element.tHead.append(head);
  for (const row of rows) {
    const line = html('tr', { 'data-key': row.key });
    line.append(
      html('th', { scope: 'row' }, row.label),
      html('td', { title: formatYuan(row.creditGrantedFen), 'data-fen': toBigInt(row.creditGrantedFen) }, formatFen(row.creditGrantedFen)),
      html('td', {}, formatCount(row.matchedDeals)),
      html('td', {}, formatCount(row.applications)),
      html('td', {}, formatCount(row.rejected)),
    );
    element.tBodies[0].append(line);
  }
  return element;
}

// Fills a <figure> (keeping its caption) with the chart of one breakdown and the table of all its rows.
export function drawBreakdown(figure, by, rows) {
  const title = figure.querySelector('figcaption').textContent.trim();
  const withCredit = rows
    .map((row) => ({ key: row.key, label: row.label || row.key, amount: toBigInt(row.creditGrantedFen) }))
    .filter((item) => item.amount > 0n);
  let chart;
  if (withCredit.length === 0) {
    chart = html('p', { class: 'empty' }, t('d.noCredit'));
  } else if (by === 'MONTH') {
    chart = columns(title, withCredit.sort((a, b) => a.key.localeCompare(b.key)).slice(-MOST_MONTHS));
  } else {
    chart = bars(title, withCredit.sort((a, b) => (b.amount > a.amount) - (b.amount < a.amount)).slice(0, MOST_BARS));
  }
  const wasOpen = figure.querySelector('details')?.open ?? false;
  const details = html('details');
  details.open = wasOpen;
  details.append(html('summary', {}, t('d.asTable', { n: rows.length })), table(by, rows));
  figure.replaceChildren(figure.querySelector('figcaption'), chart, details);
}

const loans = (row) => row.loans ?? {};

function trendTable(rows, onDownload) {
  const element = html('table');
  const head = html('tr');
  for (const key of ['d.key.MONTH', 'd.balanceFen', 'd.inclusiveBalanceFen', 'd.disbursedFen', 'd.firstLoanFirms', 'd.overdueRatioBp', 'd.report']) {
    head.append(html('th', { scope: 'col' }, t(key)));
  }
  element.append(html('thead'), html('tbody'));
  element.tHead.append(head);
  for (const row of rows) {
    const l = loans(row);
    const line = html('tr', { 'data-key': row.key });
    const downloads = html('td', { class: 'downloads' });
    for (const format of ['xlsx', 'csv', 'html']) {
      const button = html('button', { type: 'button', 'data-format': format, 'aria-label': t('d.downloadReport', { month: row.key, format }) }, format);
      button.addEventListener('click', () => onDownload(row.key, format, button));
      downloads.append(button);
    }
    line.append(
      html('th', { scope: 'row' }, row.key),
      html('td', { title: formatYuan(l.balanceFen), 'data-fen': toBigInt(l.balanceFen) }, formatFen(l.balanceFen)),
      html('td', { title: formatYuan(l.inclusiveBalanceFen), 'data-fen': toBigInt(l.inclusiveBalanceFen) }, formatFen(l.inclusiveBalanceFen)),
      html('td', { title: formatYuan(l.disbursedFen), 'data-fen': toBigInt(l.disbursedFen) }, formatFen(l.disbursedFen)),
      html('td', {}, formatCount(l.firstLoanFirms)),
      html('td', {}, l.overdueRatioBp === undefined ? '—' : formatBp(l.overdueRatioBp)),
      downloads,
    );
    element.tBodies[0].append(line);
  }
  return element;
}

// Fills a <figure> with one loan figure month by month (the last 24 months that have it), as columns.
export function drawMonthly(figure, rows, figureName) {
  const title = figure.querySelector('figcaption').textContent.trim();
  const items = [...rows].sort((a, b) => a.key.localeCompare(b.key))
    .map((row) => ({ key: row.key, label: row.key, amount: toBigInt(loans(row)[figureName]) }))
    .filter((item) => item.amount > 0n);
  figure.replaceChildren(figure.querySelector('figcaption'), items.length === 0 ? html('p', { class: 'empty' }, t('d.noBalance')) : columns(title, items.slice(-MOST_MONTHS)));
}

// Fills a <figure> with the loan balance at each month's end (the breakdown by month: each row's balances
// are those at its end) and a table of every month, newest first, each with its monthly report to download.
export function drawTrend(figure, rows, onDownload) {
  const title = figure.querySelector('figcaption').textContent.trim();
  const months = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  const withBalance = months
    .map((row) => ({ key: row.key, label: row.key, amount: toBigInt(loans(row).balanceFen) }))
    .filter((item) => item.amount > 0n);
  const chart = withBalance.length === 0 ? html('p', { class: 'empty' }, t('d.noBalance')) : columns(title, withBalance.slice(-MOST_MONTHS));
  figure.replaceChildren(figure.querySelector('figcaption'), chart, trendTable(months.reverse(), onDownload));
}
