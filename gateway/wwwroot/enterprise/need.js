// A need posted, its ranked matches with their reasons, the excluded products with theirs, and the
// one-click application behind a consent step.
import { post } from '/lib/http.js';
import { clearErrors, onSubmit, showError } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen, toBigInt } from '/lib/money.js';
import { session } from '/lib/session.js';
import { fen, whole } from '/lib/fields.js';
import '/lib/terms.js';

const $ = (selector) => document.querySelector(selector);
let need = null;
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
};

function keyOf(detail) {
  if (detail.code === 'TAX_RATING' && detail.taxRating?.required === 'A') {
    return 'r.TAX_RATING_ONLY';
  }
  if (detail.code === 'DECISION_WITHIN' && toBigInt(detail.decisionSlaDays) === 1n) {
    return 'r.DECISION_WITHIN_ONE';
  }
  return `r.${detail.code}`;
}

// The server's English sentence stands in for a code this page does not know, or values it lacks
// (a need stored before details existed has none).
function reasonsOf(answer) {
  const sentences = answer.reasons ?? [];
  const details = answer.details ?? [];
  return sentences.map((sentence, i) => {
    const detail = details[i];
    const words = WORDS[detail?.code];
    if (!words) {
      return sentence;
    }
    try {
      return t(keyOf(detail), words(detail));
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

function showResults(posted) {
  need = posted;
  $('#results').hidden = false;
  const matches = (posted.matches ?? []).map((match) => {
    const item = card(`${match.productName} · ${match.bankId}`,
      [t('e.score', { score: match.score, rate: formatBp(match.estimatedRateBp) })], reasonsOf(match));
    const apply = Object.assign(document.createElement('button'), { type: 'button', className: 'primary', textContent: t('e.applyTo') });
    apply.setAttribute('aria-label', `${t('e.applyTo')} ${match.productName}`);
    apply.addEventListener('click', () => openConsent(match));
    item.append(apply);
    return item;
  });
  $('#matches').replaceChildren(...matches);
  $('#no-match').hidden = matches.length > 0;
  $('#excluded').replaceChildren(...(posted.excluded ?? []).map((x) => card(`${x.productName} · ${x.bankId}`, [], reasonsOf(x))));
}

function openConsent(match) {
  chosen = match;
  const form = $('#consent-form');
  clearErrors(form);
  form.consentToCreditQuery.checked = false;
  $('#consent-product').textContent = `${match.productName} · ${match.bankId}`;
  $('#consent').showModal();
}

export function setUpNeed(applied) {
  // The answer on screen is written again in the other language.
  document.addEventListener('languagechange', () => need && showResults(need));
  onSubmit($('#need-form'), async (data) => {
    showResults(await post('/api/v1/financing-needs', {
      uscc: session.current.subject,
      amountFen: fen(data, 'amountFen'),
      termMonths: whole(data, 'termMonths'),
      purpose: data.get('purpose'),
      collateralAvailable: data.get('collateralAvailable') === 'on',
    }));
  });
  $('#consent-cancel').addEventListener('click', () => $('#consent').close());
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
      $('#consent').close();
      const note = $('#need-form .form-error');
      note.hidden = false;
      note.className = 'form-error ok';
      note.textContent = t('e.applied', { date: application.decideBy });
      applied();
    } catch (error) {
      showError(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
