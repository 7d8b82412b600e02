// Reconciliation: the region's running totals against figures rebuilt from the sources of truth, each
// difference named by its scope and figure.
import { chinaDateTime } from '/lib/dates.js';
import { post } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatCount, formatYuan } from '/lib/money.js';

const $ = (selector) => document.querySelector(selector);

let shown = null;

// A money figure can be off by a single fen, which 万元 would round away: it is shown exact, in 元.
const figureValue = (figure, value) => (figure.endsWith('Fen') ? formatYuan(value) : formatCount(value));

function showReport(region, report) {
  shown = { region, report };
  const box = $('#report');
  const differences = report.differences ?? [];
  const asOf = chinaDateTime(report.asOf);
  const summary = document.createElement('p');
  summary.dataset.testid = 'report-summary';
  if (!differences.length) {
    summary.className = 'ok';
    summary.textContent = t('o.noDifferences', { region, asOf });
    box.replaceChildren(summary);
    return;
  }
  summary.textContent = t('o.differences', { n: differences.length, asOf });
  const items = differences.map((d) => Object.assign(document.createElement('li'), {
    textContent: t('o.difference', { scope: d.scope, figure: d.figure, running: figureValue(d.figure, d.running), rebuilt: figureValue(d.figure, d.rebuilt) }),
  }));
  const list = document.createElement('ul');
  list.dataset.testid = 'differences';
  list.replaceChildren(...items);
  box.replaceChildren(summary, list);
}

export function setUpReconciliation() {
  document.addEventListener('languagechange', () => shown && showReport(shown.region, shown.report));
  onSubmit($('#reconcile-form'), async (data) => {
    $('#report').replaceChildren();
    shown = null;
    const regionCode = data.get('regionCode').trim();
    showReport(regionCode, await post('/api/v1/totals:reconcile', { regionCode }));
  });
}
