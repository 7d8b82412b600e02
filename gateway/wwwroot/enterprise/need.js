// A need posted, its ranked matches with their reasons, the excluded products with theirs, and the
// one-click application behind a consent step.
import { post } from '/lib/http.js';
import { clearErrors, onSubmit, showError } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp } from '/lib/money.js';
import { session } from '/lib/session.js';
import { fen, whole } from '/lib/fields.js';

const $ = (selector) => document.querySelector(selector);
let need = null;
let chosen = null;

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
      [t('e.score', { score: match.score, rate: formatBp(match.estimatedRateBp) })], match.reasons ?? []);
    const apply = Object.assign(document.createElement('button'), { type: 'button', className: 'primary', textContent: t('e.applyTo') });
    apply.setAttribute('aria-label', `${t('e.applyTo')} ${match.productName}`);
    apply.addEventListener('click', () => openConsent(match));
    item.append(apply);
    return item;
  });
  $('#matches').replaceChildren(...matches);
  $('#no-match').hidden = matches.length > 0;
  $('#excluded').replaceChildren(...(posted.excluded ?? []).map((x) => card(`${x.productName} · ${x.bankId}`, [], x.reasons ?? [])));
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
