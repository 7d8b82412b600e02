// The enterprise's page: its record (or the registration form), the need and its matches, its
// applications, its credit data (profile, pre-credit, consents, reads), and the shelf. Every call carries
// the enterprise's own token; the API decides what it sees.
import { get, post } from '/lib/http.js';
import { messageOf, onSubmit, showError } from '/lib/forms.js';
import { t, translate } from '/lib/i18n.js';
import { signOutButton, startPage } from '/lib/layout.js';
import { messageCentre } from '/lib/inbox.js';
import { session } from '/lib/session.js';
import { formatFen } from '/lib/money.js';
import { fen, readAll, refusal, required, whole } from '/lib/fields.js';
import { KINDS } from '/lib/terms.js';
import { usccProblem } from '/lib/uscc.js';
import { strings } from '/enterprise/strings.js';
import { explainer, setUpNeed } from '/enterprise/need.js';
import { currentApplications, loadApplications, setUpApplications } from '/enterprise/applications.js';
import { drawHome, open, setUpTabs } from '/enterprise/app.js';
import { fillIndustries, fillRegions } from '/lib/pickers.js';
import { succeeded } from '/lib/toast.js';
import { setUpBroadcast } from '/enterprise/broadcast.js';
import { loadClaims, setUpClaims } from '/enterprise/claims.js';
import { loadLoans } from '/enterprise/loans.js';
import { loadCredit, setUpCredit } from '/enterprise/credit.js';

const $ = (selector) => document.querySelector(selector);
// The products of the last read of the shelf (null when it failed), drawn again when a need is posted.
let shelf = null;
// What the home tab shows: the enterprise (once the registry answered; undefined until then).
const home = { registered: undefined, enterprise: null, unread: 0 };

function redrawHome() {
  drawHome({ ...home, applications: currentApplications() });
}

// Until the registry has answered, a need cannot be posted (it may not be registered): the form says so.
function gateNeed() {
  const button = $('#need-form [type="submit"]');
  const hint = $('#need-gate');
  button.disabled = home.registered !== true;
  hint.hidden = home.registered === true;
  // undefined: the registry has not answered yet; null: it could not be read (its error is on the profile).
  hint.textContent = home.registered === null ? home.error : t(home.registered === undefined ? 'e.waitRegistry' : 'e.registerFirst');
}

function showProfile(enterprise) {
  home.registered = true;
  home.enterprise = enterprise;
  $('#profile').dataset.tab = 'me';
  gateNeed();
  redrawHome();
  $('#register-form').hidden = true;
  $('#profile-view').hidden = false;
  $('[data-testid="name"]').textContent = enterprise.name;
  $('[data-testid="uscc"]').textContent = enterprise.uscc;
  $('[data-testid="size-class"]').textContent = t(`size.${enterprise.sizeClass}`);
  $('[data-testid="industry"]').textContent = enterprise.industryName ? `${enterprise.industryName}（${enterprise.industryCode}）` : enterprise.industryCode;
}

async function loadProfile(user) {
  try {
    showProfile(await get(`/api/v1/enterprises/${encodeURIComponent(user.subject)}`));
  } catch (error) {
    if (error.status !== 404) {
      // Registered or not, this cannot be told now: say why, and offer no registration that may be a second one.
      $('#profile-error').textContent = messageOf(error);
      $('#profile-error').hidden = false;
      home.registered = null;
      home.error = messageOf(error);
      gateNeed();
      redrawHome();
      return;
    }
    $('#profile-error').hidden = true;
    // Not registered: registration comes first, on the home tab (once: a language switch reads the registry
    // again and must not move the user).
    const first = home.registered !== false;
    home.registered = false;
    $('#profile').dataset.tab = 'home me';
    gateNeed();
    redrawHome();
    if (first) {
      open(location.hash || '#home');
    }
    const form = $('#register-form');
    form.hidden = false;
    // An enterprise registers only itself: the code is the one it signed in with, and another firm is another
    // sign-in, offered here rather than by an error after the form is filled.
    form.uscc.value = user.subject;
    // The code's registration authority is where the firm is, most likely: chosen until the user picks another.
    const region = form.regionCode.value || user.subject.slice(2, 8);
    form.querySelector('[data-testid="switch-account"]').replaceChildren(signOutButton());
    checkUscc();
    const problem = (error) => showError(form, error);
    fillIndustries(form.industryCode).catch(problem);
    fillRegions(form.regionCode, user.subject.slice(2, 4), { lengths: [6], keep: region }).catch(problem);
  }
}

function checkUscc() {
  const input = $('#r-uscc');
  const problem = usccProblem(input.value);
  const live = $('#r-uscc-live');
  live.textContent = problem ? t(problem.key, problem.values) : t('uscc.ok');
  live.className = problem ? 'field-error' : 'hint ok';
}

function setUpRegistration() {
  const form = $('#register-form');
  onSubmit(form, async (data, key) => {
    const enterprise = await post('/api/v1/enterprises', readAll({
      uscc: () => {
        const problem = usccProblem(data.get('uscc'));
        if (problem) {
          throw Object.assign(refusal('uscc', 'invalid'), { fields: [{ field: 'uscc', description: t(problem.key, problem.values) }] });
        }
        return data.get('uscc').trim().toUpperCase();
      },
      name: () => required(data, 'name'),
      industryCode: () => required(data, 'industryCode').toUpperCase(),
      regionCode: () => required(data, 'regionCode'),
      employees: () => whole(data, 'employees'),
      annualRevenueFen: () => fen(data, 'annualRevenueFen'),
      totalAssetsFen: () => fen(data, 'totalAssetsFen'),
      establishedOn: () => required(data, 'establishedOn'),
      taxCreditRating: () => data.get('taxCreditRating'),
    }), { key });
    showProfile(enterprise);
    succeeded(() => t('e.registered', { name: enterprise.name }));
    open('#home');
    // Registered, it qualifies for products: its pre-credit can be estimated.
    loadCredit(session.current);
  });
}

export function productCard(product) {
  const item = document.createElement('li');
  item.innerHTML = '<h3></h3><p class="muted"></p><p></p>';
  item.querySelector('h3').textContent = `${product.name} · ${product.bankName || product.bankId}`;
  item.querySelector('p.muted').textContent = `${t(`kind.${product.kind}`)}${product.subsidyEligible ? ` · ${t('e.subsidy')}` : ''}`;
  item.querySelector('p:last-child').textContent = t('e.range', {
    min: formatFen(product.minAmountFen), max: formatFen(product.maxAmountFen), minTerm: product.minTermMonths, maxTerm: product.maxTermMonths,
    spread: (product.rateSpreadBp ?? 0) < 0 ? `− ${-product.rateSpreadBp}` : `+ ${product.rateSpreadBp ?? 0}`, sla: product.decisionSlaDays,
  });
  // Once a need is posted, the product can be explained against it.
  const fits = explainer(product);
  if (fits) {
    item.append(fits);
  }
  return item;
}

function drawShelf() {
  const list = $('#products');
  list.replaceChildren(...(shelf ?? []).map(productCard));
  if (shelf && !list.children.length) {
    list.innerHTML = `<li class="muted">${t('e.noProducts')}</li>`;
  }
}

async function loadShelf(form) {
  const query = new URLSearchParams({ pageSize: '50' });
  for (const name of ['kind', 'bankId']) {
    if (form?.get(name)) {
      query.set(name, form.get(name));
    }
  }
  let page;
  try {
    page = await get(`/api/v1/products?${query}`);
  } catch (error) {
    // The products of an earlier read (or of other filters) would pass for the answer to this one.
    shelf = null;
    drawShelf();
    throw error;
  }
  shelf = page.products ?? [];
  drawShelf();
}

function setUpShelf() {
  const kinds = $('#s-kind');
  for (const kind of KINDS) {
    kinds.append(new Option(t(`kind.${kind}`), kind));
  }
  onSubmit($('#shelf-form'), loadShelf);
  document.addEventListener('financemarket:need', drawShelf);
}

startPage({
  role: 'enterprise',
  strings,
  ready: (user) => {
    // The message centre reads its list whenever its tab is shown, the first time included.
    const messages = messageCentre($('#message-centre'));
    document.addEventListener('financemarket:tab', (event) => event.detail === 'messages' && messages());
    document.addEventListener('financemarket:read', unread);
    setUpApplications(() => session.current);
    setUpTabs();
    redrawHome();
    gateNeed();
    document.addEventListener('financemarket:applications', redrawHome);
    setUpRegistration();
    setUpShelf();
    setUpCredit(() => session.current);
    // An application (or a bank's take) is a consent to that bank: the consents are read again with it.
    setUpNeed(() => {
      loadApplications(session.current);
      loadCredit(session.current);
    });
    setUpBroadcast(() => loadApplications(session.current));
    setUpClaims(() => {
      loadApplications(session.current);
      loadClaims();
      loadLoans();
    });
    // Words drawn by script follow the language switch too.
    document.addEventListener('languagechange', () => {
      refresh(session.current);
      redrawHome();
      gateNeed();
    });
    translate();
    refresh(user);
  },
});

async function unread() {
  try {
    home.unread = (await get('/api/v1/notifications?pageSize=1')).unreadCount ?? 0;
    redrawHome();
  } catch {
    // The header's count says the same, with its own error line.
  }
}

function refresh(user) {
  loadProfile(user);
  unread();
  // Read again with the filters the form shows, so what the shelf lists (and any product explained there) stays.
  loadShelf(new FormData($('#shelf-form'))).catch((error) => showError($('#shelf-form'), error));
  loadApplications(user);
  loadClaims();
  loadLoans();
  loadCredit(user);
}
