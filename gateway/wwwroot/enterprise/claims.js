// Interest subsidies on the enterprise's approved loans: pick a programme and a period, see the amount the
// subsidies service works out (a quote: nothing is reserved), then submit; and the claims made so far.
import { get, post } from '/lib/http.js';
import { clearErrors, messageOf, onSubmit, showError } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatFen, formatYuan } from '/lib/money.js';

const $ = (selector) => document.querySelector(selector);
const programmes = new Map();

// Every change of the programme or the period makes the quote on screen, and any still on its way, an answer
// to other inputs: it is taken away, and a reply is shown only if nothing has changed since it was asked.
let inputs = 0;
function forgetQuote() {
  inputs += 1;
  $('#claim-amount').hidden = true;
  $('[data-testid="claim-amount"]').textContent = '';
  $('[data-testid="claim-calculation"]').textContent = '';
}

async function programmeName(programId) {
  if (!programmes.has(programId)) {
    programmes.set(programId, get(`/api/v1/subsidy-programs/${encodeURIComponent(programId)}`).then((p) => p.name, () => programId));
  }
  return programmes.get(programId);
}

function body(form) {
  const data = new FormData(form);
  return {
    programId: data.get('programId'),
    applicationId: data.get('applicationId'),
    periodStart: data.get('periodStart'),
    periodEnd: data.get('periodEnd'),
  };
}

// Opens the form for one approved loan, with the programmes that cover its region.
export async function openClaim(application) {
  const form = $('#claim-form');
  $('#claim-result').hidden = true;
  clearErrors(form);
  forgetQuote();
  form.applicationId.value = application.applicationId;
  form.periodStart.value = application.deal.contractDate;
  form.periodEnd.value = '';
  $('#claim-loan').textContent = `${application.productName} · ${formatFen(application.deal.grantedAmountFen)}`;
  const select = form.programId;
  try {
    const page = await get(`/api/v1/subsidy-programs?regionCode=${encodeURIComponent(application.regionCode)}&pageSize=50`);
    const listed = page.programs ?? [];
    listed.forEach((p) => programmes.set(p.programId, Promise.resolve(p.name)));
    // A closed programme takes no new claim: it is not offered.
    const offered = listed.filter((p) => p.status !== 'CLOSED');
    select.replaceChildren(...offered.map((p) => new Option(p.name, p.programId)));
  } catch (error) {
    showError(form, error);
  }
  if (!select.options.length) {
    showError(form, { status: 400, message: t('c.noProgramme') });
  }
  form.hidden = false;
  form.scrollIntoView({ block: 'start' });
  select.focus();
}

// The words of the result page on screen, written again in the other language.
let resultWords = null;

export function setUpClaims(claimed) {
  const form = $('#claim-form');
  document.addEventListener('languagechange', () => {
    if (resultWords) {
      $('#claim-note').textContent = resultWords();
    }
  });
  $('#claim-cancel').addEventListener('click', () => { form.hidden = true; });
  // A date input reports each typed part as input, a picked date as change: both count.
  form.addEventListener('input', forgetQuote);
  form.addEventListener('change', forgetQuote);
  $('#claim-quote').addEventListener('click', async () => {
    clearErrors(form);
    forgetQuote();
    const asked = inputs;
    try {
      const quote = await post('/api/v1/subsidy-claims:quote', body(form));
      if (asked !== inputs) {
        return;
      }
      $('[data-testid="claim-amount"]').textContent = formatYuan(quote.amountFen);
      $('[data-testid="claim-calculation"]').textContent = quote.calculation;
      $('#claim-amount').hidden = false;
    } catch (error) {
      if (asked === inputs) {
        showError(form, error);
      }
    }
  });
  onSubmit(form, async () => {
    const claim = await post('/api/v1/subsidy-claims', body(form));
    form.hidden = true;
    // A result page: what was claimed, for how much, and where its progress is followed.
    resultWords = () => t('c.submittedFor', { amount: formatYuan(claim.amountFen), programme: claim.programName || '' });
    $('#claim-note').textContent = resultWords();
    $('#claim-result').hidden = false;
    $('#claim-result h2').focus();
    claimed();
  });
}

export async function loadClaims() {
  const problem = $('#claims-error');
  problem.hidden = true;
  let page;
  try {
    page = await get('/api/v1/subsidy-claims?pageSize=100');
  } catch (error) {
    // Rows read earlier, and the "none" line, would pass for the current state beside the error.
    $('#claim-table tbody').replaceChildren();
    $('#claim-table').hidden = true;
    $('#no-claims').hidden = true;
    problem.textContent = messageOf(error);
    problem.hidden = false;
    return;
  }
  const rows = await Promise.all((page.claims ?? []).map(async (claim) => {
    const row = document.createElement('tr');
    row.dataset.claimId = claim.claimId;
    row.innerHTML = '<td></td><td></td><td></td><td data-testid="claim-status"></td>';
    const [programme, period, amount, status] = row.children;
    programme.textContent = claim.programName || await programmeName(claim.programId);
    period.textContent = `${claim.periodStart} – ${claim.periodEnd}`;
    amount.textContent = formatYuan(claim.amountFen);
    status.textContent = t(`claim.${claim.status}`);
    return row;
  }));
  $('#claim-table tbody').replaceChildren(...rows);
  // Each application's timeline shows its claims.
  document.dispatchEvent(new CustomEvent('financemarket:claims', { detail: page.claims ?? [] }));
  $('#claim-table').hidden = rows.length === 0;
  $('#no-claims').hidden = rows.length > 0;
}
