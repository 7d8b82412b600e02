// The bank's inbox as a work queue: its applications in a table, by status (the API's filter: waiting ones
// first, the decided ones kept as history), searched, sorted by any column and paged on the page, exported as
// CSV as filtered; a row opens the application's panel, where it is decided. A decision changes its row in
// place (its status chip), so what was just decided stays in sight until the list is read again.
import { messageOf } from '/lib/forms.js';
import { icon } from '/lib/icons.js';
import { language, t } from '/lib/i18n.js';
import { formatBp, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import { yuanInput } from '/lib/fields.js';
import { chinaDate } from '/lib/dates.js';
import { bankPath, everything, showNote, todayInShanghai } from '/bank/api.js';
import { saveCsv } from '/lib/csv.js';
import { succeeded } from '/lib/toast.js';
import {
  closeApplication, enterpriseOf, overdue, setUpApplication, showApplication, shownApplication, statusChip,
} from '/bank/application.js';

const $ = (selector) => document.querySelector(selector);
const PAGE_SIZE = 20;

// What the list holds and how it is looked at: the tab (a status the API filters by; '' is every status),
// the search, the sort and the page.
const view = { status: 'SUBMITTED', query: '', sortBy: 'decideBy', ascending: true, page: 1 };
// null while the tab's applications are being read.
let rows = null;
let reading = 0;

// Waiting ones first when sorted by status, then as far as each got.
const STATUSES = ['SUBMITTED', 'APPROVED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'];

const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });

// Each column: its words' key, the value it sorts by, and its cell.
const COLUMNS = [
  { key: 'enterprise', by: (a) => enterpriseOf(a), cell: enterpriseCell },
  { key: 'industry', by: (a) => a.industryName || a.industryCode || '', cell: (a) => a.industryName || a.industryCode || '' },
  { key: 'amount', by: (a) => toBigInt(a.requestedAmountFen), cell: amountCell, numeric: true },
  { key: 'term', by: (a) => a.requestedTermMonths ?? 0, cell: (a) => t('b.months', { n: a.requestedTermMonths }), numeric: true },
  { key: 'purpose', by: (a) => a.purpose ?? '', cell: (a) => a.purpose || '—' },
  { key: 'collateral', by: (a) => (a.collateralAvailable ? 1 : 0), cell: (a) => t(a.collateralAvailable ? 'b.yes' : 'b.no') },
  { key: 'product', by: (a) => a.productName ?? '', cell: (a) => a.productName ?? '' },
  { key: 'submitted', by: (a) => a.submittedAt ?? '', cell: (a) => chinaDate(a.submittedAt) },
  { key: 'decideBy', by: (a) => a.decideBy ?? '', cell: deadlineCell },
  { key: 'status', by: (a) => STATUSES.indexOf(a.status), cell: statusChip },
];

function enterpriseCell(application) {
  const box = document.createDocumentFragment();
  const open = text('button', enterpriseOf(application), 'link');
  open.type = 'button';
  open.dataset.testid = 'enterprise-name';
  open.setAttribute('aria-label', t('b.open', { enterprise: enterpriseOf(application), product: application.productName ?? '' }));
  open.setAttribute('aria-controls', 'application');
  open.addEventListener('click', () => select(application.applicationId));
  box.append(open, text('small', application.uscc, 'uscc'));
  return box;
}

function amountCell(application) {
  const amount = text('span', formatFen(application.requestedAmountFen));
  // The exact figure for a tooltip and for whoever reads the value (a test, a screen reader's details).
  amount.title = formatYuan(application.requestedAmountFen);
  amount.dataset.value = toBigInt(application.requestedAmountFen).toString();
  return amount;
}

function deadlineCell(application) {
  const box = document.createDocumentFragment();
  box.append(text('span', application.decideBy ?? ''));
  if (overdue(application)) {
    box.append(' ', text('span', t('b.overdue'), 'badge'));
  }
  return box;
}

// Words compared as the reader's language orders them (pinyin in Chinese); numbers, BigInt amounts and
// dates (ISO text) as what they are.
const collator = () => new Intl.Collator(language() === 'en' ? 'en' : 'zh-CN', { numeric: true });

function sorted(list) {
  const column = COLUMNS.find((c) => c.key === view.sortBy) ?? COLUMNS[8];
  const words = collator();
  const compare = (x, y) => (typeof x === 'string' ? words.compare(x, y) : x < y ? -1 : x > y ? 1 : 0);
  const direction = view.ascending ? 1 : -1;
  // Ties keep a fixed order (deadline, then id), so paging never shows a row twice or skips one.
  return list.toSorted((a, b) => direction * compare(column.by(a), column.by(b))
    || (a.decideBy ?? '').localeCompare(b.decideBy ?? '') || a.applicationId.localeCompare(b.applicationId));
}

function matches(application, query) {
  if (!query) {
    return true;
  }
  const needle = query.toLocaleLowerCase();
  return [application.enterpriseName, application.uscc, application.productName]
    .some((field) => (field ?? '').toLocaleLowerCase().includes(needle));
}

// The rows the tab, the search and the sort give, every page of them (what the export writes).
const filtered = () => sorted((rows ?? []).filter((a) => matches(a, view.query.trim())));

function header() {
  $('#applications thead tr').replaceChildren(...COLUMNS.map((column) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.column = column.key;
    if (column.numeric) {
      th.className = 'number';
    }
    const button = text('button', t(`b.col.${column.key}`), 'sort');
    button.type = 'button';
    button.setAttribute('aria-label', t('b.sortBy', { column: t(`b.col.${column.key}`) }));
    button.addEventListener('click', () => {
      view.ascending = view.sortBy === column.key ? !view.ascending : true;
      view.sortBy = column.key;
      view.page = 1;
      draw();
      // The headings are drawn again: the focus goes on with the one just used.
      $(`#applications th[data-column="${column.key}"] button`).focus();
    });
    th.append(button);
    if (view.sortBy === column.key) {
      th.setAttribute('aria-sort', view.ascending ? 'ascending' : 'descending');
      button.insertAdjacentHTML('beforeend', `<span class="arrow" aria-hidden="true">${view.ascending ? '▲' : '▼'}</span>`);
    }
    return th;
  }));
}

function row(application, today) {
  const tr = document.createElement('tr');
  tr.dataset.applicationId = application.applicationId;
  tr.dataset.status = application.status;
  tr.classList.toggle('is-overdue', overdue(application, today));
  if (shownApplication()?.applicationId === application.applicationId) {
    tr.setAttribute('aria-current', 'true');
  }
  for (const column of COLUMNS) {
    const cell = document.createElement(column.key === 'enterprise' ? 'th' : 'td');
    if (column.key === 'enterprise') {
      cell.scope = 'row';
    }
    cell.dataset.column = column.key;
    // On a phone the row is a card, each cell led by its column's name.
    cell.dataset.label = t(`b.col.${column.key}`);
    if (column.numeric) {
      cell.className = 'number';
    }
    cell.append(column.cell(application));
    tr.append(cell);
  }
  // A click anywhere on the row opens it, as the enterprise's button does (the keyboard's way).
  tr.addEventListener('click', (event) => {
    if (!event.target.closest('button, a, input, select, textarea')) {
      select(application.applicationId);
    }
  });
  return tr;
}

function empty(found) {
  const none = $('#no-applications');
  none.hidden = found > 0;
  if (found === 0) {
    none.innerHTML = icon('empty');
    none.append(text('p', view.query.trim() && rows?.length ? t('b.noneFound', { query: view.query.trim() }) : t(`b.none.${view.status || 'ALL'}`)));
  }
}

function pager(found) {
  const pages = Math.max(1, Math.ceil(found / PAGE_SIZE));
  view.page = Math.min(Math.max(1, view.page), pages);
  $('#inbox .pager').hidden = pages === 1;
  $('#page-at').textContent = t('b.pageAt', { page: view.page, pages });
  const [previous, next] = [$('#page-previous'), $('#page-next')];
  previous.disabled = view.page === 1;
  next.disabled = view.page === pages;
  // A button disabled under the keyboard's focus would drop it to the page's start: it moves to the other.
  if (document.activeElement?.disabled) {
    (document.activeElement === next ? previous : next).focus();
  }
}

// Grey rows where the table will be, while it is read: the page says it is busy rather than empty.
function skeleton() {
  return Array.from({ length: 3 }, () => {
    const tr = document.createElement('tr');
    const td = Object.assign(document.createElement('td'), { colSpan: COLUMNS.length });
    td.append(Object.assign(document.createElement('div'), { className: 'skeleton' }));
    tr.append(td);
    return tr;
  });
}

// The table as the view now asks: drawn from the rows read, without asking the API again.
function draw() {
  const list = filtered();
  const today = todayInShanghai();
  header();
  pager(list.length);
  const start = (view.page - 1) * PAGE_SIZE;
  const table = $('#applications');
  table.setAttribute('aria-busy', String(rows === null));
  $('#applications tbody').replaceChildren(...(rows === null ? skeleton() : list.slice(start, start + PAGE_SIZE).map((a) => row(a, today))));
  table.hidden = rows !== null && list.length === 0;
  empty(rows === null ? 1 : list.length);
  $('#inbox-count').textContent = rows === null ? t('loading')
    : view.query.trim() ? t('b.countFound', { n: rows.length, found: list.length }) : t('b.count', { n: rows.length });
  $('#inbox-export').disabled = list.length === 0;
  for (const tab of document.querySelectorAll('#inbox .tabs button')) {
    tab.setAttribute('aria-pressed', String(tab.dataset.status === view.status));
  }
}

export async function loadInbox() {
  // A failed read has a line of its own: #inbox-message holds a decision's note, which must outlive the
  // reading of the list that follows the decision.
  const problem = $('#inbox-error');
  problem.hidden = true;
  const ask = ++reading;
  let read;
  try {
    const filter = view.status ? `?status=${view.status}` : '';
    read = await everything(bankPath(`/applications${filter}`), 'applications');
  } catch (error) {
    if (ask !== reading) {
      return;
    }
    // Applications read earlier may have been decided or expired since: none is shown as if still waiting.
    rows = [];
    draw();
    $('#no-applications').hidden = true;
    $('#inbox-count').textContent = '';
    closeApplication();
    showNote(problem, () => messageOf(error), false);
    return;
  }
  // A tab switched while this was read: the later read draws.
  if (ask !== reading) {
    return;
  }
  rows = read;
  draw();
  // The panel follows its application as now read (a language switch redraws it too); it stays open on one
  // the tab no longer holds.
  const shown = shownApplication();
  if (shown) {
    showApplication(rows.find((a) => a.applicationId === shown.applicationId) ?? shown);
  }
}

function select(applicationId) {
  const application = rows.find((a) => a.applicationId === applicationId);
  if (!application) {
    return;
  }
  showApplication(application, { focus: true });
  for (const tr of document.querySelectorAll('#applications tbody tr')) {
    if (tr.dataset.applicationId === applicationId) {
      tr.setAttribute('aria-current', 'true');
    } else {
      tr.removeAttribute('aria-current');
    }
  }
}

// An application as the API now answers it (decided, contacted), in place of its row and in the panel.
function changed(application) {
  const at = rows?.findIndex((a) => a.applicationId === application.applicationId) ?? -1;
  if (at >= 0) {
    rows[at] = application;
  }
  draw();
  showApplication(application);
}

// Every row the view gives, across its pages, as the reader sees them but exact: names rather than ids, the
// amounts in 元 to the fen from the integer fen (no float in between), dates as the platform's.
function exportRows() {
  const head = ['name', 'uscc', 'industry', 'amount', 'term', 'purpose', 'collateral', 'product', 'submitted', 'decideBy', 'status', 'granted', 'rate', 'contractDate', 'rejection']
    .map((key) => t(`csv.${key}`));
  const lines = filtered().map((a) => [
    a.enterpriseName ?? '', a.uscc, a.industryName || a.industryCode || '', yuanInput(a.requestedAmountFen), a.requestedTermMonths,
    a.purpose ?? '', t(a.collateralAvailable ? 'b.yes' : 'b.no'), a.productName ?? '', chinaDate(a.submittedAt), a.decideBy ?? '',
    t(`bs.${a.status}`), a.deal ? yuanInput(a.deal.grantedAmountFen) : '', a.deal ? formatBp(a.deal.annualRateBp).replace('%', '') : '',
    a.deal?.contractDate ?? '', a.rejection ? `${t(`rc.${a.rejection.code}`)}：${a.rejection.reason ?? ''}` : '',
  ]);
  return [head, ...lines];
}

function exportCsv() {
  const lines = exportRows();
  saveCsv(lines, `applications-${(view.status || 'all').toLowerCase()}-${todayInShanghai()}.csv`);
  succeeded(() => t('b.exported', { n: lines.length - 1 }));
}

export function setUpInbox(onDecided) {
  setUpApplication({ changed, decided: onDecided, reread: loadInbox });
  for (const tab of document.querySelectorAll('#inbox .tabs button')) {
    tab.addEventListener('click', () => {
      view.status = tab.dataset.status;
      view.page = 1;
      rows = null;
      draw();
      loadInbox();
    });
  }
  $('#inbox-search').addEventListener('input', (event) => {
    view.query = event.target.value;
    view.page = 1;
    draw();
  });
  $('#page-previous').addEventListener('click', () => {
    view.page -= 1;
    draw();
  });
  $('#page-next').addEventListener('click', () => {
    view.page += 1;
    draw();
  });
  const exporter = $('#inbox-export');
  const label = () => {
    exporter.innerHTML = icon('download');
    exporter.append(t('b.export'));
  };
  label();
  document.addEventListener('languagechange', label);
  exporter.addEventListener('click', exportCsv);
  draw();
}
