// The LPR table: read the quote in force on any day (every page that shows the section), and, on the
// operator's page, record a month's quote or correct one (typed in percent, sent in basis points).
import { get, post, put } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp } from '/lib/money.js';
import { basisPoints } from '/lib/fields.js';
import { confirm } from '/official/fields.js';

const $ = (selector) => document.querySelector(selector);

let shown = null;

function showQuote(quote) {
  shown = quote;
  const line = $('#lpr-quote');
  line.textContent = t('o.quote', { date: quote.effectiveOn, one: formatBp(quote.oneYearBp), five: formatBp(quote.fiveYearBp) });
  line.dataset.oneYearBp = String(quote.oneYearBp);
  line.dataset.fiveYearBp = String(quote.fiveYearBp);
  // The figures a correction replaced stay in view, with who and why.
  const list = $('#lpr-corrections');
  if (list) {
    list.replaceChildren(...(quote.corrections ?? []).map((c) => Object.assign(document.createElement('li'), {
      textContent: t('o.correction', { one: formatBp(c.previousOneYearBp), five: formatBp(c.previousFiveYearBp), by: c.correctedBy, reason: c.reason }),
    })));
  }
}

export function setUpLpr() {
  // Words drawn by script follow the language switch too.
  document.addEventListener('languagechange', () => shown && showQuote(shown));
  const record = $('#lpr-form');
  if (record) {
    onSubmit(record, async (data) => {
      const quote = await post('/api/v1/lpr', {
        effectiveOn: data.get('effectiveOn'),
        oneYearBp: basisPoints(data, 'oneYearBp'),
        fiveYearBp: basisPoints(data, 'fiveYearBp'),
      });
      confirm(record, t('o.lprRecorded', { date: quote.effectiveOn }));
      $('#l-on').value = quote.effectiveOn;
    });
  }
  const correct = $('#lpr-correct');
  if (correct) {
    onSubmit(correct, async (data) => {
      const quote = await put(`/api/v1/lpr/${encodeURIComponent(data.get('effectiveOn') ?? '')}`, {
        oneYearBp: basisPoints(data, 'oneYearBp'),
        fiveYearBp: basisPoints(data, 'fiveYearBp'),
        reason: String(data.get('reason') ?? '').trim(),
      });
      confirm(correct, t('o.lprCorrected', { date: quote.effectiveOn }));
      showQuote(quote);
    });
  }
  const lookup = $('#lpr-lookup');
  onSubmit(lookup, async (data) => {
    $('#lpr-quote').textContent = '';
    shown = null;
    try {
      showQuote(await get(`/api/v1/lpr?${new URLSearchParams({ on: data.get('on') ?? '' })}`));
    } catch (error) {
      if (error.status !== 404) {
        throw error;
      }
      $('#lpr-quote').textContent = t('o.noQuote');
    }
  });
}
