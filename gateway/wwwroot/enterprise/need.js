// A need posted, its ranked matches (a page at a time, best first) with their reasons, how many products
// each rule left out, the products that fail one rule only, any product of the shelf explained against the
// need, and the one-click application behind a consent step.
import { get, post } from '/lib/http.js';
import { clearErrors, messageOf, onSubmit, showError } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen, toBigInt } from '/lib/money.js';
import { session } from '/lib/session.js';
import { fen, whole } from '/lib/fields.js';
import '/lib/terms.js';
import { preCreditBox, sourceWords } from '/lib/credit.js';
import { forNeed } from '/enterprise/broadcast.js';
import { appliedTo } from '/enterprise/applications.js';

const $ = (selector) => document.querySelector(selector);
const PAGE_SIZE = 20;
// The need on screen: its first answer (counts, nearest misses), every match read so far, the token of the
// next page, and the products explained against it (product id → { answer } or { error } or { loading }).
let need = null;
let matches = [];
let nextPageToken = '';
let explained = new Map();
let chosen = null;

const list = (items, word = (item) => item) => (items ?? []).map(word).join(t('r.and'));
const size = (code) => t(`size.${code}`);
const rating = (code) => t(`rating.${code}`);
const years = (n) => t(toBigInt(n) === 1n ? 'r.year' : 'r.years', { n: toBigInt(n) });
const spread = (bp) => (toBigInt(bp) < 0n ? `− ${-toBigInt(bp)}` : `+ ${toBigInt(bp)}`);

// Each reason in the page's language from its code and values; the words for a code are r.<CODE>.
const WORDS = {
  SIZE_CLASS: ({ sizeClass: v }) => ({ required: list(v.required, size), actual: size(v.actual) }),
  INDUSTRY: ({ industry: v }) => ({ required: list(v.required), actual: v.actual }),
  REGION: ({ region: v }) => ({ required: list(v.required), actual: v.actual }),
  YEARS_IN_OPERATION: ({ yearsInOperation: v }) => ({ required: years(v.required), actual: years(v.actual) }),
  TAX_RATING: ({ taxRating: v }) => ({ required: rating(v.required), actual: rating(v.actual) }),
  COLLATERAL: () => ({}),
  AMOUNT_ABOVE_MAXIMUM: ({ amount: v }) => ({ amount: formatFen(v.amountFen), max: formatFen(v.maxAmountFen) }),
  AMOUNT_BELOW_MINIMUM: ({ amount: v }) => ({ amount: formatFen(v.amountFen), min: formatFen(v.minAmountFen) }),
  AMOUNT_WITHIN: ({ amount: v }) => ({ amount: formatFen(v.amountFen), min: formatFen(v.minAmountFen), max: formatFen(v.maxAmountFen) }),
  TERM_ABOVE_MAXIMUM: ({ term: v }) => ({ term: toBigInt(v.termMonths), max: toBigInt(v.maxTermMonths) }),
  TERM_BELOW_MINIMUM: ({ term: v }) => ({ term: toBigInt(v.termMonths), min: toBigInt(v.minTermMonths) }),
  TERM_WITHIN: ({ term: v }) => ({ term: toBigInt(v.termMonths), min: toBigInt(v.minTermMonths), max: toBigInt(v.maxTermMonths) }),
  ESTIMATED_RATE: ({ rate: v }) => ({ rate: formatBp(v.estimatedRateBp), lpr: formatBp(v.lprBp), spread: spread(v.rateSpreadBp) }),
  DECISION_WITHIN: ({ decisionSlaDays: days }) => ({ days: toBigInt(days) }),
  SUBSIDY_ELIGIBLE: () => ({}),
  ENFORCEMENT_RECORD: ({ enforcementRecords: n }) => ({ n: toBigInt(n) }),
  VERIFIED_DATA: ({ verified: v, verifiedBy }) => ({ value: v.rule === 'SIZE_CLASS' ? size(v.value) : rating(v.value), source: sourceWords(verifiedBy) }),
};

function keyOf(detail) {
  if (detail.code === 'TAX_RATING' && detail.taxRating?.required === 'A') {
    return 'r.TAX_RATING_ONLY';
  }
  if (detail.code === 'DECISION_WITHIN' && toBigInt(detail.decisionSlaDays) === 1n) {
    return 'r.DECISION_WITHIN_ONE';
  }
  if (detail.code === 'VERIFIED_DATA') {
    return `r.VERIFIED_DATA.${detail.verified.rule}`;
  }
  return `r.${detail.code}`;
}

// The server's English sentence stands in for a code this page does not know, or values it lacks
// (a need stored before details existed has none).
function reasonsOf(answer) {
  const sentences = answer.reasons ?? [];
  const details = answer.details ?? [];
  return Array.from({ length: Math.max(sentences.length, details.length) }, (_, i) => {
    const detail = details[i];
    const sentence = sentences[i] ?? detail?.code ?? '';
    const words = WORDS[detail?.code];
    if (!words) {
      return sentence;
    }
    try {
      const reason = t(keyOf(detail), words(detail));
      // A value the credit data verified says so (VERIFIED_DATA says nothing else).
      return detail.verifiedBy && detail.code !== 'VERIFIED_DATA' ? t('r.verifiedBy', { reason, source: sourceWords(detail.verifiedBy) }) : reason;
    } catch {
      return sentence;
    }
  });
}

function card(title, lines, reasons) {
  const item = document.createElement('li');
  item.innerHTML = '<h4></h4><ul class="reasons"></ul>';
  item.querySelector('h4').textContent = title;
  for (const line of lines) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = line;
    item.querySelector('h4').after(p);
  }
  item.querySelector('ul').replaceChildren(...reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
  return item;
}

// Counts grouped in threes, as the page writes every figure: 2,318.
const grouped = (n) => toBigInt(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const counted = (key, n, values = {}) => t(toBigInt(n) === 1n ? `${key}One` : key, { ...values, n: grouped(n) });
// The rule a reason code names, in the page's language; a code this page does not know, as it is.
const ruleOf = (code) => (t(`x.${code}`) === `x.${code}` ? code : t(`x.${code}`));

// Apply, or, once applied, where the application's progress is followed.
function applyButton(product) {
  const application = need && appliedTo(need.needId).get(product.productId);
  if (application) {
    const link = Object.assign(document.createElement('a'), { className: 'button', href: `#application-${application.applicationId}`, textContent: t('e.appliedState') });
    link.dataset.testid = 'applied';
    return link;
  }
  const apply = Object.assign(document.createElement('button'), { type: 'button', className: 'primary', textContent: t('e.applyTo') });
  apply.setAttribute('aria-label', `${t('e.applyTo')} ${product.productName}`);
  apply.addEventListener('click', () => openConsent(product));
  return apply;
}

function matchCard(match) {
  const item = card(`${match.productName} · ${match.bankName || match.bankId}`,
    [t('e.score', { score: match.score ?? 0, rate: formatBp(match.estimatedRateBp) })], reasonsOf(match));
  item.dataset.productId = match.productId;
  if (match.preCredit) {
    item.append(preCreditBox(match.preCredit));
  }
  item.append(applyButton(match));
  return item;
}

function showMatches() {
  // A need stored before its answer was bounded holds every match and no count.
  const total = toBigInt(need.matchCount) < BigInt(matches.length) ? BigInt(matches.length) : toBigInt(need.matchCount);
  $('[data-testid="match-count"]').textContent = counted('e.matchCount', total);
  $('#shown').textContent = nextPageToken ? t('e.shown', { n: grouped(matches.length) }) : '';
  $('#matches').replaceChildren(...matches.map(matchCard));
  $('#no-match').hidden = matches.length > 0;
  $('#more-matches').hidden = !nextPageToken;
}

// How many products each rule left out, most first, and the products that fail one rule only.
function showExclusions() {
  const total = toBigInt(need.excludedCount);
  $('#excluded-box').hidden = total === 0n;
  $('#excluded-total').textContent = counted('e.excludedCount', total);
  const counts = [...(need.excludedByReason ?? [])]
    .sort((a, b) => { const d = toBigInt(b.count) - toBigInt(a.count); return d > 0n ? 1 : d < 0n ? -1 : 0; })
    .map(({ code, count }) => Object.assign(document.createElement('li'), {
      textContent: counted('e.byReason', count ?? 0, { reason: ruleOf(code) }),
    }));
  $('#excluded-counts').replaceChildren(...counts);
  const misses = (need.nearestMisses ?? []).map((x) => card(`${x.productName} · ${x.bankName || x.bankId}`, [], reasonsOf(x)));
  $('#nearest-box').hidden = misses.length === 0;
  $('#nearest-misses').replaceChildren(...misses);
}

function showResults() {
  $('#results').hidden = false;
  $('#more-error').hidden = true;
  showMatches();
  showExclusions();
}

// The answer names the need; what it asked for (shown again when applying) is the request's.
function posted(answer, request) {
  need = { ...answer, asked: request };
  matches = [...(answer.matches ?? [])];
  nextPageToken = answer.nextPageToken ?? '';
  explained = new Map();
  showResults();
  forNeed(answer.needId);
  // The shelf offers to explain its products against this need, and forgets what it said of the last one.
  document.dispatchEvent(new CustomEvent('financemarket:need'));
}

// The next page of matches, after those on screen; a page that answers after another need was posted is dropped.
async function showMore() {
  const button = $('#more-matches');
  const error = $('#more-error');
  if (button.disabled || !nextPageToken) {
    return;
  }
  const asked = need;
  // A disabled button loses the focus: it is given back when the page has come.
  const focused = document.activeElement === button;
  button.disabled = true;
  error.hidden = true;
  try {
    const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), pageToken: nextPageToken });
    const page = await get(`/api/v1/financing-needs/${encodeURIComponent(asked.needId)}?${query}`);
    if (need !== asked) {
      return;
    }
    const known = new Set(matches.map((m) => m.productId));
    const added = (page.matches ?? []).filter((m) => !known.has(m.productId));
    const first = matches.length;
    matches.push(...added);
    nextPageToken = page.nextPageToken ?? '';
    showMatches();
    // With no more to show the button goes: focus moves to the first match it brought rather than get lost.
    if (focused && !nextPageToken && added.length) {
      const item = $('#matches').children[first];
      item.tabIndex = -1;
      item.focus();
    }
  } catch (failure) {
    if (need === asked) {
      error.textContent = messageOf(failure);
      error.hidden = false;
    }
  } finally {
    button.disabled = false;
    if (focused && !button.hidden && document.activeElement === document.body) {
      button.focus();
    }
  }
}

// What is known of a product against the need, written in the place its shelf card keeps for it.
function drawExplanation(productId, region = document.querySelector(`[data-explain="${CSS.escape(productId)}"]`)) {
  const state = explained.get(productId);
  if (!region || !state) {
    return;
  }
  region.parentElement.querySelector('.explain-button').disabled = Boolean(state.loading);
  if (state.loading) {
    region.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('loading') }));
    return;
  }
  if (state.error) {
    region.replaceChildren(Object.assign(document.createElement('p'), { className: 'form-error', textContent: messageOf(state.error) }));
    return;
  }
  const answer = state.answer;
  const verdict = document.createElement('p');
  const word = Object.assign(document.createElement('strong'), {
    className: answer.matched ? 'ok' : 'unfit', textContent: t(answer.matched ? 'e.fit' : 'e.unfit'),
  });
  verdict.append(word);
  if (answer.matched) {
    verdict.append(` · ${t('e.score', { score: answer.score ?? 0, rate: formatBp(answer.estimatedRateBp) })}`);
  }
  const reasons = document.createElement('ul');
  reasons.className = 'reasons';
  reasons.replaceChildren(...reasonsOf(answer).map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
  const parts = [verdict, reasons];
  if (!answer.listed) {
    parts.push(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('e.delisted') }));
  } else if (answer.matched) {
    parts.push(applyButton(answer));
  }
  region.replaceChildren(...parts);
}

async function explain(productId, button) {
  const asked = need;
  if (explained.get(productId)?.loading) {
    return;
  }
  // The button is disabled while it asks, which takes the focus from it: it is given back with the answer.
  const focused = document.activeElement === button;
  explained.set(productId, { loading: true });
  drawExplanation(productId);
  let state;
  try {
    state = { answer: await get(`/api/v1/financing-needs/${encodeURIComponent(asked.needId)}/products/${encodeURIComponent(productId)}`) };
  } catch (error) {
    state = { error };
  }
  // An answer about an earlier need is not shown against the one posted since.
  if (need === asked) {
    explained.set(productId, state);
    drawExplanation(productId);
    const again = document.querySelector(`[data-explain="${CSS.escape(productId)}"]`)?.parentElement.querySelector('.explain-button');
    if (focused && again && document.activeElement === document.body) {
      again.focus();
    }
  }
}

// For a card of the shelf: once a need is posted, a button that explains the product against it, and the
// place its answer is written (again, in the page's language, whenever the card is drawn again).
export function explainer(product) {
  if (!need) {
    return null;
  }
  const box = document.createElement('div');
  box.className = 'explain';
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'explain-button', textContent: t('e.fits') });
  button.setAttribute('aria-label', `${t('e.fits')} ${product.name}`);
  button.addEventListener('click', () => explain(product.productId, button));
  const region = document.createElement('div');
  region.dataset.explain = product.productId;
  region.dataset.testid = 'explanation';
  region.setAttribute('aria-live', 'polite');
  box.append(button, region);
  drawExplanation(product.productId, region);
  return box;
}

// The steps of an application: the need is filled (step 1), here it is confirmed with the consent (step 2),
// and once submitted the dialog becomes its result page (step 3).
function stepTo(n) {
  const steps = [...document.querySelectorAll('#consent .steps li')];
  steps.forEach((li, i) => {
    li.classList.toggle('done', i < n || n === steps.length - 1);
    if (i === n) {
      li.setAttribute('aria-current', 'step');
    } else {
      li.removeAttribute('aria-current');
    }
  });
}

function summaryLines(match) {
  return [
    ['e.summary.product', match.productName], ['e.summary.bank', match.bankName || match.bankId],
    ['e.summary.amount', formatFen(need.asked.amountFen)], ['e.summary.term', t('e.months', { n: need.asked.termMonths })],
    ['e.summary.purpose', need.asked.purpose || ''], ['e.summary.rate', match.estimatedRateBp ? formatBp(match.estimatedRateBp) : ''],
  ].filter(([, value]) => value);
}

function openConsent(match) {
  chosen = match;
  const form = $('#consent-form');
  clearErrors(form);
  form.consentToCreditQuery.checked = false;
  form.hidden = false;
  $('#apply-result').hidden = true;
  stepTo(1);
  $('#consent-product').textContent = `${match.productName} · ${match.bankName || match.bankId}`;
  $('#consent-summary').replaceChildren(...summaryLines(match).flatMap(([key, value]) => [
    Object.assign(document.createElement('dt'), { textContent: t(key) }),
    Object.assign(document.createElement('dd'), { textContent: value }),
  ]));
  $('#consent').showModal();
}

function showResult(application) {
  stepTo(2);
  $('#consent-form').hidden = true;
  $('#apply-result-text').textContent = t('st.result', { bank: application.bankName || chosen.bankName || application.bankId, product: application.productName || chosen.productName, date: application.decideBy });
  $('#apply-progress').href = `#application-${application.applicationId}`;
  $('#apply-result').hidden = false;
  $('#apply-result-title').focus();
}

export function setUpNeed(applied) {
  // The answer on screen is written again in the other language.
  document.addEventListener('languagechange', () => need && showResults());
  onSubmit($('#need-form'), async (data) => {
    const request = {
      uscc: session.current.subject,
      amountFen: fen(data, 'amountFen'),
      termMonths: whole(data, 'termMonths'),
      purpose: data.get('purpose'),
      collateralAvailable: data.get('collateralAvailable') === 'on',
      pageSize: PAGE_SIZE,
    };
    posted(await post('/api/v1/financing-needs', request), request);
  });
  $('#more-matches').addEventListener('click', showMore);
  $('#consent-cancel').addEventListener('click', () => $('#consent').close());
  // The card that opened the dialog was drawn again meanwhile (applied, it leads to the application): the
  // focus goes back to it rather than to the top of the page.
  $('#consent').addEventListener('close', () => {
    const card = chosen && document.querySelector(`#matches > li[data-product-id="${CSS.escape(chosen.productId)}"]`);
    card?.querySelector('a.button, button')?.focus();
  });
  $('#apply-back').addEventListener('click', () => $('#consent').close());
  $('#apply-progress').addEventListener('click', () => $('#consent').close());
  // Applied products say so on their cards once the applications are read again.
  document.addEventListener('financemarket:applications', () => need && showMatches());
  const form = $('#consent-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!form.consentToCreditQuery.checked) {
      showError(form, { status: 400, fields: [{ field: 'consentToCreditQuery', description: t('e.consentRequired') }] });
      return;
    }
    const button = form.querySelector('[type="submit"]');
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    try {
      const application = await post('/api/v1/applications', { needId: need.needId, productId: chosen.productId, consentToCreditQuery: true });
      showResult(application);
      applied();
    } catch (error) {
      showError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
