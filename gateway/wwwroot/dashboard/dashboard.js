// The officials' dashboard: sign in, then the region's totals and charts, refreshed while the page is open.
import * as api from './api.js';
import { drawBreakdown } from './charts.js';
import { formatCount, formatFen, formatYuan, toBigInt } from '/lib/money.js';

// Totals are cheap to read; the three breakdowns are read again only when a figure has changed.
const POLL_MS = 2000;
const REGION_CODE = /^[1-9]\d(\d{2}){0,2}$/;
const COUNTS = ['matchedDeals', 'enterprisesServed', 'applications', 'rejected', 'subsidyClaimsPaid'];
const AMOUNTS = ['creditGrantedFen', 'subsidyPaidFen', 'subsidisedPrincipalFen'];
const BREAKDOWNS = ['BANK', 'MONTH', 'INDUSTRY'];
const REGION_NAMES = { 13: '河北省 Hebei', 1309: '沧州市 Cangzhou', 130903: '运河区 Yunhe district' };
const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

const $ = (id) => document.getElementById(id);

// Each sign-in or change of region starts a new generation; answers that arrive for an older one are dropped.
const view = { token: null, ownRegion: null, region: null, figures: null, timer: 0, generation: 0 };

function named(region) {
  return REGION_NAMES[region] ? `${region} ${REGION_NAMES[region]}` : region;
}

function beijingTime(iso) {
  const instant = new Date(iso);
  if (!iso || Number.isNaN(instant.getTime())) {
    return '—';
  }
  const p = Object.fromEntries(BEIJING.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function say(text) {
  $('message').textContent = text ?? '';
  $('message').hidden = !text;
}

function setStatus(text, failing) {
  // A live region: rewriting the same words every round would have screen readers repeat them.
  if ($('status').textContent !== text) {
    $('status').textContent = text;
  }
  $('status').classList.toggle('failing', failing);
}

function stop() {
  clearTimeout(view.timer);
  view.generation += 1;
  view.figures = null;
}

function showLogin(message) {
  stop();
  view.token = null;
  api.session.token = null;
  $('token').value = '';
  $('session').hidden = true;
  $('totals').hidden = true;
  $('charts').hidden = true;
  $('login').hidden = false;
  say(message);
}

function showFigures(snapshot) {
  for (const name of COUNTS) {
    $(name).textContent = formatCount(snapshot[name]);
    $(name).dataset.value = toBigInt(snapshot[name]).toString();
  }
  for (const name of AMOUNTS) {
    $(name).textContent = formatFen(snapshot[name]);
    $(name).title = formatYuan(snapshot[name]);
    $(name).dataset.value = toBigInt(snapshot[name]).toString();
  }
  $('as-of').dateTime = snapshot.asOf ?? '';
  $('as-of').textContent = beijingTime(snapshot.asOf);
  $('region').textContent = named(view.region);
  $('totals').hidden = false;
}

function refused(error) {
  stop();
  $('totals').hidden = true;
  $('charts').hidden = true;
  say(`You may not read the totals of region ${named(view.region)}: ${error.message}`);
}

// One round: the totals (or the first snapshot, already read), the breakdowns if a figure moved, then the next round.
async function update(generation, first) {
  try {
    const snapshot = first ?? await api.totals(view.token, view.region);
    if (generation !== view.generation) {
      return;
    }
    showFigures(snapshot);
    const figures = [...COUNTS, ...AMOUNTS].map((name) => toBigInt(snapshot[name]).toString()).join();
    if (figures !== view.figures) {
      const rows = await Promise.all(BREAKDOWNS.map((by) => api.breakdown(view.token, by, view.region)));
      if (generation !== view.generation) {
        return;
      }
      BREAKDOWNS.forEach((by, i) => drawBreakdown($(`chart-${by}`), by, rows[i]));
      $('charts').hidden = false;
      view.figures = figures;
    }
    setStatus(`live, refreshed every ${POLL_MS / 1000} s`, false);
  } catch (error) {
    if (generation !== view.generation) {
      return;
    }
    if (error.status === 401) {
      showLogin('Your sign-in has expired or is no longer accepted (401): sign in again.');
      return;
    }
    if (error.status === 403) {
      refused(error);
      return;
    }
    setStatus(`not refreshed: ${error.message}; trying again`, true);
  }
  view.timer = setTimeout(() => update(generation), POLL_MS);
}

function showRegion(region) {
  stop();
  view.region = region;
  say('');
  update(view.generation);
}

// The first read checks the token and tells the official's own region (the default of the totals call).
async function signIn(token, region) {
  stop();
  const generation = view.generation;
  let snapshot;
  try {
    snapshot = await api.totals(token, region);
  } catch (error) {
    if (generation === view.generation) {
      showLogin(error.status === 401
        ? 'The token was not accepted (401): it has expired, or it was not issued for this platform.'
        : `This token may not read the totals${region ? ` of region ${named(region)}` : ''}: ${error.message}`);
    }
    return;
  }
  if (generation !== view.generation) {
    return;
  }
  api.session.token = token;
  Object.assign(view, { token, ownRegion: snapshot.regionCode, region: snapshot.regionCode });
  $('session-region').textContent = named(view.ownRegion);
  $('region-code').value = view.ownRegion;
  $('session').hidden = false;
  $('login').hidden = true;
  say('');
  update(generation, snapshot);
}

async function signInAsDemo(region) {
  if (!REGION_CODE.test(region)) {
    showLogin(`"${region}" is not a region code: 2, 4 or 6 digits (13, 1309, 130903).`);
    return;
  }
  try {
    await signIn(await api.demoOfficialToken(region), region);
  } catch (error) {
    showLogin(`No demo token for region ${region}: ${error.message}`);
  }
}

function wire() {
  for (const button of document.querySelectorAll('#demo button[data-region]')) {
    button.addEventListener('click', () => signInAsDemo(button.dataset.region));
  }
  $('demo-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signInAsDemo($('demo-region').value.trim());
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim().replace(/^Bearer\s+/i, ''));
  });
  $('region-form').addEventListener('submit', (event) => {
    event.preventDefault();
    showRegion($('region-code').value.trim());
  });
  $('sign-out').addEventListener('click', () => {
    // Without ?demoRegion= a reload does not sign the demo official back in.
    history.replaceState(null, '', location.pathname);
    showLogin('Signed out.');
  });
}

async function start() {
  wire();
  const local = await api.isLocalMode();
  $('demo').hidden = !local;
  const demoRegion = new URLSearchParams(location.search).get('demoRegion');
  if (demoRegion !== null && !local) {
    showLogin('Demo sign-in (?demoRegion=) works only in local mode (./run.sh): sign in with a token.');
  } else if (demoRegion !== null) {
    await signInAsDemo(demoRegion.trim());
  } else if (api.session.token) {
    await signIn(api.session.token);
  } else {
    showLogin();
  }
}

start();
