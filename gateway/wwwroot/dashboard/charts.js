// Charts of credit granted as inline SVG, each with its figures as a table for screen readers and for
// anyone who wants the exact amounts. Bar lengths are the only place a float is used.
import { t } from '/lib/i18n.js';
import { formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';

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
  const label = `${title}: ${items.map((i) => `${i.label} ${formatFen(i.credit)}`).join('; ')}`;
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
}

function bar(x, y, width, height, item) {
  const rect = svg('rect', { x, y, width: Math.max(width, 1), height, class: 'bar' });
  rect.append(svg('title', {}, `${item.label}: ${formatYuan(item.credit)}`));
  return rect;
}

// One line per row, the label above its bar, so long bank ids and industry names fit.
function bars(title, items) {
  const max = items.reduce((m, i) => (i.credit > m ? i.credit : m), 0n);
  const chart = chartFrame(title, items, items.length * 40 + 4);
  const room = WIDTH - 130;
  items.forEach((item, index) => {
    const top = index * 40;
    const length = share(item.credit, max) * room;
    chart.append(
      svg('text', { x: 0, y: top + 14, class: 'label' }, item.label),
      bar(0, top + 20, length, 14, item),
      svg('text', { x: length + 6, y: top + 32, class: 'value' }, formatFen(item.credit)),
    );
  });
  return chart;
}

function columns(title, items) {
  const max = items.reduce((m, i) => (i.credit > m ? i.credit : m), 0n);
  const chart = chartFrame(title, items, 220);
  const step = Math.min(80, WIDTH / items.length);
  items.forEach((item, index) => {
    const height = share(item.credit, max) * 150;
    const middle = index * step + step / 2;
    chart.append(
      bar(middle - step * 0.35, 180 - height, step * 0.7, height, item),
      svg('text', { x: middle, y: 198, class: 'label', 'text-anchor': 'middle' }, step >= 50 ? item.label : item.label.slice(5)),
    );
    // Narrow columns leave their amounts to the tooltip and the table.
    if (step >= 64) {
      chart.append(svg('text', { x: middle, y: 174 - height, class: 'value', 'text-anchor': 'middle' }, formatFen(item.credit)));
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
    .map((row) => ({ key: row.key, label: row.label || row.key, credit: toBigInt(row.creditGrantedFen) }))
    .filter((item) => item.credit > 0n);
  let chart;
  if (withCredit.length === 0) {
    chart = html('p', { class: 'empty' }, t('d.noCredit'));
  } else if (by === 'MONTH') {
    chart = columns(title, withCredit.sort((a, b) => a.key.localeCompare(b.key)).slice(-MOST_MONTHS));
  } else {
    chart = bars(title, withCredit.sort((a, b) => (b.credit > a.credit) - (b.credit < a.credit)).slice(0, MOST_BARS));
  }
  const wasOpen = figure.querySelector('details')?.open ?? false;
  const details = html('details');
  details.open = wasOpen;
  details.append(html('summary', {}, t('d.asTable', { n: rows.length })), table(by, rows));
  figure.replaceChildren(figure.querySelector('figcaption'), chart, details);
}
