// The officials' page: the partner banks, the region's subsidy programmes, the LPR table, the subsidy
// claims to approve and pay, the reconciliation of the running totals, the region's audit log, and its
// credit data (also the page of a data provider, who sees that section only). Every call carries the
// official's own token; the API decides which region it may touch and the page shows its refusals.
import { chinaDate } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { t, translate } from '/lib/i18n.js';
import { startPage } from '/lib/layout.js';
import { session } from '/lib/session.js';
import { confirm, emptyTable, showPage, showProblem } from '/official/fields.js';
import { strings } from '/official/strings.js';
import { loadProgrammes, setUpProgrammes } from '/official/programmes.js';
import { setUpLpr } from '/official/lpr.js';
import { loadClaims, setUpClaims } from '/official/claims.js';
import { setUpReconciliation } from '/official/reconcile.js';
import { setUpAuditLog } from '/official/audit.js';
import { loadSupervision, setUpSupervision } from '/official/supervision.js';
import { setUpLeague } from '/official/league.js';
import { setUpCreditData } from '/official/credit.js';

const $ = (selector) => document.querySelector(selector);

function bankRow(bank) {
  const row = document.createElement('tr');
  row.dataset.bankId = bank.bankId;
  row.innerHTML = '<td></td><td></td><td></td>';
  const [id, name, created] = row.children;
  id.textContent = bank.bankId;
  name.textContent = bank.name;
  created.textContent = chinaDate(bank.createdAt);
  return row;
}

let nextBanks = '';
async function loadBanks(more = false) {
  const query = new URLSearchParams({ pageSize: '20' });
  if (more) {
    query.set('pageToken', nextBanks);
  }
  try {
    const page = await get(`/api/v1/banks?${query}`);
    showPage($('[data-testid="banks"]'), (page.banks ?? []).map(bankRow),
      { append: more, empty: 'o.noBanks', more: $('#banks-more'), token: page.nextPageToken });
    nextBanks = page.nextPageToken ?? '';
    showProblem($('#banks-error'), null);
  } catch (error) {
    if (!more) {
      emptyTable($('[data-testid="banks"]'), $('#banks-more'));
    }
    showProblem($('#banks-error'), error);
  }
}

// A bank id is national: only a province-level official (or the operator) adds one; others see why not.
function setUpBanks(user) {
  const form = $('#bank-form');
  const mayCreate = (user.region ?? '').length === 2;
  form.hidden = !mayCreate;
  $('#bank-form-note').hidden = mayCreate;
  onSubmit(form, async (data) => {
    const bank = await post('/api/v1/banks', { bankId: data.get('bankId').trim(), name: data.get('name').trim() });
    form.reset();
    confirm(form, t('o.bankCreated', { id: bank.bankId }));
    const body = $('[data-testid="banks"] tbody');
    body.querySelector('td.muted')?.parentElement.remove();
    body.prepend(bankRow(bank));
  });
  $('#banks-more').addEventListener('click', () => loadBanks(true));
}

function refresh(user) {
  loadBanks();
  loadProgrammes(user);
  loadClaims();
}

// A data provider signs in here too, and sees only what it may use: the upload, its imports and its flagged
// records (every other section would answer it 403).
function providerPage(user) {
  for (const section of document.querySelectorAll('#content > section:not(#credit)')) {
    section.hidden = true;
  }
  for (const link of document.querySelectorAll('#content > nav.sections a:not([href="#credit"])')) {
    link.hidden = true;
  }
  const title = document.querySelector('#content > h1');
  title.dataset.i18n = 'cd.providerTitle';
  translate();
  setUpCreditData(user)();
}

startPage({
  role: 'official',
  roles: ['official', 'provider'],
  strings,
  ready: (user) => {
    if (user.role === 'provider') {
      providerPage(user);
      return;
    }
    setUpBanks(user);
    setUpProgrammes();
    setUpLpr();
    // Approving or paying a claim moves its programme's reserved and paid figures.
    setUpClaims(() => loadProgrammes(session.current));
    setUpReconciliation();
    setUpAuditLog();
    // These read themselves again when the language changes.
    setUpSupervision(user);
    const loadLeague = setUpLeague($('#league-table'), () => user.region ?? '');
    loadSupervision();
    loadLeague();
    setUpCreditData(user)();
    document.addEventListener('languagechange', () => refresh(session.current));
    translate();
    // The reconciliation starts at the official's own region.
    $('#r-region').value = user.region ?? '';
    refresh(user);
  },
});
