// The officials' dashboard: for a region (the official's own or one within it, picked by name) and a range of
// months (the last twelve up to the platform's date unless chosen), the market's and the loans' figures, where
// the credit went (by month, bank and industry) and the loan balance month by month with each month's report
// to download; what is shown exports as CSV. Read again every 2 s while an official is signed in on this tab.
// The frame, the session and the words are the ones every page shares.
import { drawBreakdown, drawMonthly, drawTrend } from '/dashboard/charts.js';
import { downloadCsv } from '/dashboard/export.js';
import { drawRegions, industryLabel, loadIndustries, loadRegions, regionName } from '/dashboard/names.js';
import { MONTH, fillMonths, mergeRows, overRange, presets } from '/dashboard/range.js';
import { strings } from '/dashboard/strings.js';
import { chinaDateTime } from '/lib/dates.js';
import { readAll, refusal } from '/lib/fields.js';
import { clearErrors, showError } from '/lib/forms.js';
import { download, get } from '/lib/http.js';
import { addStrings, t } from '/lib/i18n.js';
import { icon } from '/lib/icons.js';
import { startPage } from '/lib/layout.js';
import { formatBp, formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import { showNote } from '/lib/notes.js';
import { isLocalMode, session, signInAsDemo } from '/lib/session.js';
import { succeeded } from '/lib/toast.js';
import { today } from '/lib/today.js';
import { setUpLeague } from '/official/league.js';

const POLL_MS = 2000;
const REGION_CODE = /^[1-9]\d(\d{2}){0,2}$/;
// What the API answers for a region or range it will not show: said beside the pickers, the page kept.
const REFUSALS = [400, 403, 404];
// The tiles by the period each covers: the range's flows, the stocks at its end, and the two distinct counts
// that only the platform's running totals know. Each tile's id is its figure's name.
const GROUPS = [
  { scope: 'range', items: [['matchedDeals', 'count'], ['creditGrantedFen', 'fen'], ['applications', 'count'], ['rejected', 'count'],
    ['subsidyClaimsPaid', 'count'], ['subsidyPaidFen', 'fen'], ['loans.disbursedFen', 'fen'], ['loans.firstLoanFirms', 'count'], ['loans.firstLoanFen', 'fen']] },
  { scope: 'end', items: [['enterprisesRegistered', 'count'], ['loans.balanceFen', 'fen'], ['loans.inclusiveBalanceFen', 'fen'],
    ['loans.creditLoanShareBp', 'bp'], ['loans.overdueRatioBp', 'bp']] },
  { scope: 'all', items: [['enterprisesServed', 'count'], ['subsidisedPrincipalFen', 'fen']] },
];

const $ = (id) => document.getElementById(id);
const form = () => $('view-form');
const read = (from, path) => path.split('.').reduce((value, part) => value?.[part], from);

// asked: the region and range this generation reads; shown: what is on screen (kept while another is asked
// for, and kept when that one is refused). Each ask starts a new generation; answers for an older one are
// dropped, and so is every answer once the tab's session is no longer the one the round was started for.
const view = { token: null, own: '', asked: null, shown: null, fresh: false, fingerprint: null, namings: 0, status: null, timer: 0, generation: 0, width: 0 };

const sameView = (a, b) => a && b && a.region === b.region && a.range.from === b.range.from && a.range.to === b.range.to;
const periodText = (range) => t('d.periodText', { from: range.from, to: range.to });

function say(text) {
  $('message').textContent = text ?? '';
  $('message').hidden = !text;
}

function setStatus(key, values = {}) {
  view.status = { key, values };
  const text = t(key, values);
  // A live region: rewriting the same words every round would have screen readers repeat them.
  if ($('status').textContent !== text) {
    $('status').textContent = text;
  }
  $('status').classList.toggle('failing', key === 'd.notRefreshed');
}

function stop() {
  clearTimeout(view.timer);
  view.generation += 1;
}

// The tiles, the as-of time and the headings of what is shown; every round, since the as-of time moves.
function drawFigures() {
  const { snapshot, months, range, region } = view.shown;
  const figures = { ...overRange(months), enterprisesServed: snapshot.enterprisesServed, subsidisedPrincipalFen: snapshot.subsidisedPrincipalFen };
  for (const { items } of GROUPS) {
    for (const [path, kind] of items) {
      const tile = $(path.split('.').at(-1));
      const value = read(figures, path);
      // A ratio of nothing outstanding is no figure at all.
      tile.textContent = value === undefined && kind === 'bp' ? '—' : kind === 'fen' ? formatFen(value) : kind === 'bp' ? formatBp(value) : formatCount(value);
      tile.dataset.value = value === undefined && kind === 'bp' ? '' : toBigInt(value).toString();
      if (kind === 'fen') {
        tile.title = formatYuan(value);
      }
    }
  }
  $('as-of').dateTime = snapshot.asOf ?? '';
  $('as-of').textContent = chinaDateTime(snapshot.asOf) || '—';
  $('region').textContent = regionName(region);
  $('in-range').textContent = periodText(range);
  $('at-end').textContent = t('d.atEnd', { month: range.to });
  for (const id of ['totals', 'charts', 'trend']) {
    $(id).hidden = false;
  }
  $('empty').hidden = true;
  $('export').disabled = false;
}

const industries = () => view.shown.industries.map((row) => ({ ...row, label: industryLabel(row) }));

function drawCharts() {
  const { months, banks } = view.shown;
  drawBreakdown($('chart-MONTH'), 'MONTH', months);
  drawBreakdown($('chart-BANK'), 'BANK', banks);
  drawBreakdown($('chart-INDUSTRY'), 'INDUSTRY', industries());
  drawTrend($('chart-TREND'), months, downloadReport);
  drawMonthly($('chart-INCLUSIVE'), months, 'inclusiveBalanceFen');
  drawMonthly($('chart-FIRST'), months, 'firstLoanFen');
  view.width = $('charts').clientWidth;
}

// The month's report of the region shown, in the format asked, saved by the browser.
async function downloadReport(month, format, button) {
  const said = $('report-message');
  said.hidden = true;
  button.disabled = true;
  const region = view.shown.region;
  try {
    await download(`/api/v1/reports/monthly?regionCode=${encodeURIComponent(region)}&month=${month}&format=${format}`,
      `monthly-report-${region}-${month}.${format}`);
  } catch (error) {
    said.textContent = t('d.reportFailed', { month, message: error.message });
    said.hidden = false;
  } finally {
    button.disabled = false;
  }
}

const breakdown = async (by, region, month = '') =>
  (await get(`/api/v1/totals/breakdown?by=${by}&regionCode=${encodeURIComponent(region)}${month && `&month=${month}`}`)).rows ?? [];

// The months of the range, and its banks and industries. A month without a row had nothing happen, so only the
// months with rows are read by bank and industry; when every month with a row lies in the range, the whole
// breakdown is the range's, read at once.
async function readBreakdowns(region, range) {
  const rows = await breakdown('MONTH', region);
  const inRange = rows.map((row) => row.key).filter((month) => month >= range.from && month <= range.to);
  const whole = inRange.length === rows.length;
  const [banks, industriesRead] = await Promise.all(['BANK', 'INDUSTRY'].map(async (by) =>
    (whole ? breakdown(by, region) : mergeRows(await Promise.all(inRange.map((month) => breakdown(by, region, month)))))));
  return { months: fillMonths(rows, range), banks, industries: industriesRead };
}

const fingerprintOf = (snapshot) => JSON.stringify(snapshot, (key, value) => (key === 'asOf' ? undefined : typeof value === 'bigint' ? value.toString() : value));

// One round: the totals, the breakdowns if a figure moved (or the region or range is new), then the next round.
async function round(generation) {
  const current = () => generation === view.generation && session.current?.token === view.token;
  const { region, range } = view.asked;
  try {
    const snapshot = await get(`/api/v1/totals?regionCode=${encodeURIComponent(region)}`);
    if (!current()) {
      return;
    }
    const fingerprint = fingerprintOf(snapshot);
    if (fingerprint !== view.fingerprint) {
      const data = await readBreakdowns(region, range);
      if (!current()) {
        return;
      }
      view.shown = { region, range, ...data, snapshot };
      // A bank registered a moment ago may be answered by its id until the totals learn its name (within
      // seconds): the breakdowns are read again for a few rounds until every bank has its name.
      const unnamed = data.banks.some((row) => !row.label || row.label === row.key);
      view.namings = unnamed ? view.namings + 1 : 0;
      view.fingerprint = unnamed && view.namings < 10 ? null : fingerprint;
      drawFigures();
      drawCharts();
    } else {
      view.shown.snapshot = snapshot;
      drawFigures();
    }
    if (view.fresh) {
      view.fresh = false;
      arrived();
    }
    setStatus('d.live', { seconds: POLL_MS / 1000 });
  } catch (error) {
    if (!current()) {
      return;
    }
    if (error.status === 401) {
      // The frame signs the official out and reloads into its sign-in, saying why; nothing more is read.
      stop();
      return;
    }
    if (REFUSALS.includes(error.status)) {
      refused(view.asked, error);
      return;
    }
    // The figures stay, dated by their as-of time, with the failure said beside it.
    setStatus('d.notRefreshed', { message: error.message });
  }
  view.timer = setTimeout(() => round(generation), POLL_MS);
}

// The pickers, the address and the presets follow what is on screen.
function showControls(shown) {
  const select = $('d-region');
  if (![...select.options].some((option) => option.value === shown.region)) {
    select.append(Object.assign(document.createElement('option'), { value: shown.region }));
    drawRegions(select, view.own);
  }
  select.value = shown.region;
  $('d-from').value = shown.range.from;
  $('d-to').value = shown.range.to;
  history.replaceState(null, '', `${location.pathname}${location.search}#${new URLSearchParams({ region: shown.region, ...shown.range })}`);
  const offered = presets(today());
  for (const button of document.querySelectorAll('[data-preset]')) {
    const preset = offered[button.dataset.preset];
    button.setAttribute('aria-pressed', String(preset.from === shown.range.from && preset.to === shown.range.to));
  }
}

function arrived() {
  showControls(view.shown);
  loadLeague();
}

// A region or range the API will not show is said beside the pickers; what was on screen stays (and goes on
// being read), or, with nothing yet, the official's own region is shown.
function refused(asked, error) {
  stop();
  const kept = view.shown && !sameView(view.shown, asked) ? view.shown : null;
  if (error.status === 400 && error.fields?.length) {
    showError(form(), error);
  } else {
    // The page's own words: the API's are English and name no region by its name.
    const said = error.status === 404 ? 'd.noRegion' : 'd.refusedRegion';
    showNote($('view-message'), () => [t(said, { region: regionName(asked.region) }),
      kept ? t('d.keptRegion', { region: regionName(kept.region) }) : ''].join(' ').trim(), false);
  }
  if (kept) {
    showControls(kept);
    view.asked = { region: kept.region, range: kept.range };
    view.fresh = false;
    round(view.generation);
  } else if (asked.region !== view.own) {
    ask({ region: view.own, range: asked.range });
  } else {
    $('empty').hidden = false;
    setStatus('d.notRefreshed', { message: error.message });
  }
}

// The banks' league table of the region shown, beside its figures.
let loadLeague = () => {};

function ask(asked) {
  stop();
  view.asked = asked;
  view.fresh = true;
  view.fingerprint = null;
  view.namings = 0;
  setStatus('loading');
  round(view.generation);
}

function readControls() {
  const data = new FormData(form());
  const month = (name) => () => {
    const text = String(data.get(name) ?? '').trim();
    if (!MONTH.test(text)) {
      throw refusal(name, 'd.monthFormat');
    }
    return text;
  };
  const { from, to } = readAll({ from: month('from'), to: month('to') });
  if (from > to) {
    throw refusal('from', 'd.rangeOrder');
  }
  return { region: String(data.get('regionCode') ?? view.own), range: { from, to } };
}

// #region=1309&from=2025-11&to=2026-10, as the page writes it after each view, so a view can be bookmarked and
// shared; what it does not say (or says wrongly) is the default, and a wrong part is said.
function fromAddress() {
  const query = new URLSearchParams(location.hash.slice(1));
  const range = presets(today()).last12;
  const asked = { region: view.own, range };
  const wrong = [];
  const region = query.get('region');
  if (region !== null && !REGION_CODE.test(region)) {
    wrong.push({ field: 'regionCode', description: t('d.regionFormat') });
  } else if (region) {
    asked.region = region;
  }
  const [from, to] = [query.get('from'), query.get('to')];
  if (from !== null || to !== null) {
    if (MONTH.test(from ?? '') && MONTH.test(to ?? '') && from <= to) {
      asked.range = { from, to };
    } else {
      wrong.push({ field: 'from', description: t('d.monthFormat') });
    }
  }
  if (wrong.length) {
    showError(form(), { status: 400, fields: wrong });
  }
  return asked;
}

function setUpControls() {
  form().addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form());
    try {
      ask(readControls());
    } catch (error) {
      showError(form(), error);
    }
  });
  for (const button of document.querySelectorAll('[data-preset]')) {
    button.addEventListener('click', () => {
      const preset = presets(today())[button.dataset.preset];
      $('d-from').value = preset.from;
      $('d-to').value = preset.to;
      form().requestSubmit();
    });
  }
  $('export').querySelector('span').innerHTML = icon('download');
  $('empty').querySelector('span').innerHTML = icon('empty');
  $('export').addEventListener('click', () => {
    const { region, range, snapshot, months, banks } = view.shown;
    const figures = { ...overRange(months), enterprisesServed: snapshot.enterprisesServed, subsidisedPrincipalFen: snapshot.subsidisedPrincipalFen };
    const scopes = { range: periodText(range), end: t('d.atEnd', { month: range.to }), all: t('d.allTimeScope') };
    const name = `dashboard-${region}-${range.from}-${range.to}.csv`;
    downloadCsv({
      region: regionName(region), period: periodText(range), asOf: chinaDateTime(snapshot.asOf),
      groups: GROUPS.map(({ scope, items }) => ({ scope: scopes[scope], items: items.map(([path, kind]) => ({ key: `d.${path.split('.').at(-1)}`, kind, value: read(figures, path) })) })),
      months, banks, industries: industries(),
    }, name);
    succeeded(() => t('d.exported', { name }));
  });
  window.addEventListener('hashchange', () => {
    clearErrors(form());
    ask(fromAddress());
  });
  // Words drawn by script follow the language switch too.
  document.addEventListener('languagechange', () => {
    drawRegions($('d-region'), view.own);
    if (view.shown) {
      drawFigures();
      drawCharts();
    }
    if (view.status) {
      setStatus(view.status.key, view.status.values);
    }
  });
  // The charts are drawn to their box's width: again when it changes (a window resized, a phone turned).
  new ResizeObserver(() => requestAnimationFrame(() => {
    if (view.shown && !$('charts').hidden && Math.abs($('charts').clientWidth - view.width) > 8) {
      drawCharts();
    }
  })).observe($('charts'));
}

// /dashboard?demoRegion=130903 signs a demo official of that region in at once (local mode only), so a
// headless browser can picture a running platform. The parameter is used once and taken off the address:
// the reload that follows a sign-out must not sign the demo official in again.
async function signInFromAddress() {
  const query = new URLSearchParams(location.search);
  const region = query.get('demoRegion')?.trim();
  if (region === undefined) {
    return;
  }
  query.delete('demoRegion');
  history.replaceState(null, '', `${location.pathname}${query.size ? `?${query}` : ''}${location.hash}`);
  if (!REGION_CODE.test(region)) {
    say(t('d.demoRegion', { region }));
  } else if (!(await isLocalMode())) {
    say(t('d.demoLocalOnly'));
  } else {
    try {
      await signInAsDemo('official', `demo-official-${region}`, region);
    } catch (error) {
      say(t('d.demoFailed', { region, message: error.message }));
    }
  }
}

// The messages of a demo sign-in are said before the frame is drawn, and stay while the page opens with the
// session the tab already had; a sign-in made on the page itself clears them.
addStrings(strings);
await signInFromAddress();
let opening = true;
startPage({
  role: 'official',
  strings,
  ready: async (user) => {
    if (!opening) {
      say('');
    }
    view.token = user.token;
    view.own = user.region ?? '';
    setUpControls();
    loadLeague = setUpLeague($('league-table'), () => view.shown?.region ?? view.own);
    await Promise.all([loadRegions($('d-region'), view.own), loadIndustries()]);
    ask(fromAddress());
  },
});
opening = false;
