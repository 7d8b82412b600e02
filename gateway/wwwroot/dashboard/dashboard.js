// The officials' dashboard: a region's running totals, its loans (balances, first loans, the overdue ratio),
// where its credit went (by bank, month of contract and industry) and the loan balance month by month with
// each month's report to download, read again every 2 s while an official is signed in on this tab. The frame, the session and
// the words are the ones every page shares, so an official signed in on /official is signed in here too.
import { drawBreakdown, drawMonthly, drawTrend } from '/dashboard/charts.js';
import { strings } from '/dashboard/strings.js';
import { chinaDateTime } from '/lib/dates.js';
import { refusal } from '/lib/fields.js';
import { clearErrors, onSubmit, showError } from '/lib/forms.js';
import { download, get } from '/lib/http.js';
import { addStrings, t } from '/lib/i18n.js';
import { startPage } from '/lib/layout.js';
import { formatBp, formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';
import { isLocalMode, session, signInAsDemo } from '/lib/session.js';
import { setUpLeague } from '/official/league.js';

// Totals are cheap to read; the three breakdowns are read again only when a figure has changed.
const POLL_MS = 2000;
const REGION_CODE = /^[1-9]\d(\d{2}){0,2}$/;
const COUNTS = ['matchedDeals', 'enterprisesServed', 'applications', 'rejected', 'subsidyClaimsPaid'];
const AMOUNTS = ['creditGrantedFen', 'subsidyPaidFen', 'subsidisedPrincipalFen'];
const BREAKDOWNS = ['BANK', 'MONTH', 'INDUSTRY'];
// The loans' figures (snapshot.loans), and the enterprises on the platform beside them.
const LOAN_COUNTS = ['firstLoanFirms'];
const LOAN_AMOUNTS = ['disbursedFen', 'balanceFen', 'inclusiveBalanceFen', 'firstLoanFen'];
const LOAN_RATIOS = ['creditLoanShareBp', 'overdueRatioBp'];

const $ = (id) => document.getElementById(id);

// Each sign-in or change of region starts a new generation; answers that arrive for an older one are dropped,
// and so is every answer once the tab's session is no longer the one the round was started for.
const view = { token: null, region: '', snapshot: null, rows: null, figures: null, status: null, timer: 0, generation: 0 };

const named = (region) => (t(`region.${region}`) === `region.${region}` ? region : `${region} ${t(`region.${region}`)}`);

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
  $('status').classList.toggle('failing', key !== 'd.live');
}

function stop() {
  clearTimeout(view.timer);
  view.generation += 1;
  view.figures = null;
}

function hideFigures() {
  $('totals').hidden = true;
  $('charts').hidden = true;
  $('trend').hidden = true;
  view.snapshot = null;
  view.rows = null;
}

function showFigures() {
  const snapshot = view.snapshot;
  for (const name of COUNTS) {
    $(name).textContent = formatCount(snapshot[name]);
    $(name).dataset.value = toBigInt(snapshot[name]).toString();
  }
  for (const name of AMOUNTS) {
    $(name).textContent = formatFen(snapshot[name]);
    $(name).title = formatYuan(snapshot[name]);
    $(name).dataset.value = toBigInt(snapshot[name]).toString();
  }
  const loans = snapshot.loans ?? {};
  $('enterprisesRegistered').textContent = formatCount(snapshot.enterprisesRegistered);
  $('enterprisesRegistered').dataset.value = toBigInt(snapshot.enterprisesRegistered).toString();
  for (const name of LOAN_COUNTS) {
    $(name).textContent = formatCount(loans[name]);
    $(name).dataset.value = toBigInt(loans[name]).toString();
  }
  for (const name of LOAN_AMOUNTS) {
    $(name).textContent = formatFen(loans[name]);
    $(name).title = formatYuan(loans[name]);
    $(name).dataset.value = toBigInt(loans[name]).toString();
  }
  // A ratio of nothing outstanding is no figure at all.
  for (const name of LOAN_RATIOS) {
    $(name).textContent = loans[name] === undefined ? '—' : formatBp(loans[name]);
    $(name).dataset.value = loans[name] === undefined ? '' : toBigInt(loans[name]).toString();
  }
  $('as-of').dateTime = snapshot.asOf ?? '';
  $('as-of').textContent = chinaDateTime(snapshot.asOf) || '—';
  $('region').textContent = named(snapshot.regionCode || view.region);
  $('totals').hidden = false;
}

function drawCharts() {
  BREAKDOWNS.forEach((by, i) => drawBreakdown($(`chart-${by}`), by, view.rows[i]));
  $('charts').hidden = false;
  const months = view.rows[BREAKDOWNS.indexOf('MONTH')];
  drawTrend($('chart-TREND'), months, downloadReport);
  drawMonthly($('chart-INCLUSIVE'), months, 'inclusiveBalanceFen');
  drawMonthly($('chart-FIRST'), months, 'firstLoanFen');
  $('trend').hidden = false;
}

// The month's report of the region shown, in the format asked, saved by the browser.
async function downloadReport(month, format, button) {
  const said = $('report-message');
  said.hidden = true;
  button.disabled = true;
  try {
    await download(`/api/v1/reports/monthly?regionCode=${encodeURIComponent(view.region)}&month=${month}&format=${format}`,
      `monthly-report-${view.region}-${month}.${format}`);
  } catch (error) {
    said.textContent = t('d.reportFailed', { month, message: error.message });
    said.hidden = false;
  } finally {
    button.disabled = false;
  }
}

const breakdown = async (by, region) =>
  (await get(`/api/v1/totals/breakdown?by=${by}&regionCode=${encodeURIComponent(region)}`)).rows ?? [];

// One round: the totals, the breakdowns if a figure moved, then the next round.
async function round(generation) {
  const current = () => generation === view.generation && session.current?.token === view.token;
  try {
    const snapshot = await get(`/api/v1/totals?regionCode=${encodeURIComponent(view.region)}`);
    if (!current()) {
      return;
    }
    // Without a region in the token, the API answers for the official's own: that is the region from now on.
    view.region ||= snapshot.regionCode ?? '';
    $('d-region').value ||= view.region;
    view.snapshot = snapshot;
    showFigures();
    const figures = [...COUNTS, ...AMOUNTS].map((name) => toBigInt(snapshot[name]).toString())
      .concat([...LOAN_COUNTS, ...LOAN_AMOUNTS, 'repaidPrincipalFen', 'overdueBalanceFen'].map((name) => toBigInt(snapshot.loans?.[name]).toString()))
      .join();
    if (figures !== view.figures) {
      const rows = await Promise.all(BREAKDOWNS.map((by) => breakdown(by, view.region)));
      if (!current()) {
        return;
      }
      view.rows = rows;
      drawCharts();
      view.figures = figures;
    }
    setStatus('d.live', { seconds: POLL_MS / 1000 });
  } catch (error) {
    if (!current()) {
      return;
    }
    if (error.status === 401) {
      // The frame signs the official out and reloads into its sign-in, saying why; nothing more is read.
      stop();
      hideFigures();
      return;
    }
    if (error.status === 403 || error.status === 400) {
      // Figures of another region must not stay on screen under a refusal for this one.
      stop();
      hideFigures();
      if (error.status === 403) {
        say(t('d.refusedRegion', { region: named(view.region), message: error.message }));
      } else {
        showError($('region-form'), error);
      }
      return;
    }
    // The figures stay, dated by their as-of time, with the failure said beside it.
    setStatus('d.notRefreshed', { message: error.message });
  }
  view.timer = setTimeout(() => round(generation), POLL_MS);
}

// The banks' league table of the region shown, beside its figures.
let loadLeague = () => {};

function show(region) {
  stop();
  clearErrors($('region-form'));
  view.region = region;
  round(view.generation);
  loadLeague();
}

function setUpRegionForm() {
  onSubmit($('region-form'), (data) => {
    const region = String(data.get('regionCode') ?? '').trim();
    if (!REGION_CODE.test(region)) {
      throw refusal('regionCode', 'd.regionFormat');
    }
    say('');
    show(region);
  });
  // Words drawn by script follow the language switch too.
  document.addEventListener('languagechange', () => {
    if (view.snapshot && !$('totals').hidden) {
      showFigures();
    }
    if (view.rows && !$('charts').hidden) {
      drawCharts();
    }
    if (view.status) {
      setStatus(view.status.key, view.status.values);
    }
  });
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
  ready: (user) => {
    setUpRegionForm();
    if (!opening) {
      say('');
    }
    hideFigures();
    loadLeague = setUpLeague($('league-table'), () => view.region);
    view.token = user.token;
    $('d-region').value = user.region ?? '';
    show(user.region ?? '');
  },
});
opening = false;
