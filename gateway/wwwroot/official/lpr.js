// The LPR table: record a month's quote (typed in percent, sent in basis points) and read the quote in
// force on any day.
import { get, post } from '/lib/http.js';
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
}

export function setUpLpr() {
  // Words drawn by script follow the language switch too.
  document.addEventListener('languagechange', () => shown && showQuote(shown));
  const record = $('#lpr-form');
  onSubmit(record, async (data) => {
    const quote = await post('/api/v1/lpr', {
      effectiveOn: data.get('effectiveOn'),
      oneYearBp: basisPoints(data, 'oneYearBp'),
      fiveYearBp: basisPoints(data, 'fiveYearBp'),
    });
    confirm(record, t('o.lprRecorded', { date: quote.effectiveOn }));
    $('#l-on').value = quote.effectiveOn;
  });
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
