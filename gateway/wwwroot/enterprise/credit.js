// The enterprise's own credit data (信用信息): its profile as the departments supplied it, its pre-credit per
// product, the consents it gave banks (each live one revoked with one tap), and who read its data, when and
// under which consent. Its own data needs no consent, and its own reads are not logged.
import { chinaDate, chinaDateTime } from '/lib/dates.js';
import { everything, get, post } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatYuan } from '/lib/money.js';
import { preCreditBox, renderProfile } from '/lib/credit.js';
import { showNote } from '/lib/notes.js';

const $ = (selector) => document.querySelector(selector);
const element = (tag, text = '', className = '') => Object.assign(document.createElement(tag), { textContent: text, className });
const usccPath = (user, rest) => `/api/v1/enterprises/${encodeURIComponent(user.subject)}${rest}`;

// The consents as last read, by id, for the reads list to name the consent a bank read under.
let consents = new Map();
let nextReads = '';

function problem(selector, error) {
  const line = $(selector);
  line.textContent = error ? messageOf(error) : '';
  line.hidden = !error;
}

async function loadProfile(user) {
  try {
    const profile = await get(usccPath(user, '/credit-profile'));
    $('#credit-profile').replaceChildren(renderProfile(profile));
    problem('#credit-error', null);
  } catch (error) {
    // A profile read earlier is not left on screen as if it were current.
    $('#credit-profile').replaceChildren();
    problem('#credit-error', error);
  }
}

function estimateCard(estimate) {
  const item = document.createElement('li');
  item.dataset.productId = estimate.productId;
  item.append(element('h4', `${estimate.productName} · ${estimate.bankName || estimate.bankId}`), preCreditBox(estimate));
  return item;
}

async function loadPreCredit(user) {
  const basis = $('#pre-credit-basis');
  let answer;
  try {
    answer = await get(usccPath(user, '/pre-credit?pageSize=100'));
    const estimates = [...(answer.estimates ?? [])];
    for (let token = answer.nextPageToken ?? ''; token;) {
      const page = await get(usccPath(user, `/pre-credit?${new URLSearchParams({ pageSize: '100', pageToken: token })}`));
      estimates.push(...(page.estimates ?? []));
      token = page.nextPageToken ?? '';
    }
    answer.estimates = estimates;
  } catch (error) {
    $('#pre-credits').replaceChildren();
    // Before it registers, an enterprise qualifies for nothing: said as such, not as a failure.
    basis.textContent = error.status === 404 ? t('cd.register') : '';
    problem('#pre-credit-error', error.status === 404 ? null : error);
    return;
  }
  problem('#pre-credit-error', null);
  const year = Number(answer.taxYear ?? 0);
  basis.textContent = year
    ? t('cd.basis', { year, paid: formatYuan(answer.taxPaidFen ?? 0), revenue: formatYuan(answer.invoicedRevenueFen ?? 0) })
    : t('cd.noBasis');
  const cards = answer.estimates.map(estimateCard);
  $('#pre-credits').replaceChildren(...(cards.length ? cards : [element('li', t('cd.noEstimates'), 'muted')]));
}

function consentState(consent) {
  if (consent.revokedAt) {
    return t('cd.revokedAt', { at: chinaDateTime(consent.revokedAt) });
  }
  return consent.live ? t('cd.live') : t('cd.expired', { day: consent.expiresOn });
}

function consentCard(consent, user) {
  const item = document.createElement('li');
  item.dataset.consentId = consent.consentId;
  item.dataset.live = String(Boolean(consent.live));
  const bank = consent.bankName || consent.bankId;
  item.append(element('h4', bank));
  item.append(element('p', t(`cd.purpose.${consent.purpose}`)));
  item.append(element('p', t('cd.granted', { on: chinaDate(consent.grantedAt), until: consent.expiresOn }), 'muted'));
  const state = element('p', consentState(consent), consent.live ? 'ok' : 'muted');
  state.dataset.testid = 'consent-state';
  item.append(state);
  if (consent.live) {
    const revoke = element('button', t('cd.revoke'));
    revoke.type = 'button';
    revoke.setAttribute('aria-label', t('cd.revokeFor', { bank, purpose: t(`cd.purpose.${consent.purpose}`) }));
    revoke.addEventListener('click', () => revokeConsent(consent, user, revoke));
    item.append(revoke);
  }
  return item;
}

// One tap: the consent ends at once, and its card says so.
async function revokeConsent(consent, user, button) {
  if (button.disabled) {
    return;
  }
  button.disabled = true;
  const note = $('#consents-note');
  const bank = consent.bankName || consent.bankId;
  try {
    const revoked = await post(usccPath(user, `/consents/${encodeURIComponent(consent.consentId)}:revoke`), {});
    consents.set(revoked.consentId, revoked);
    const card = consentCard(revoked, user);
    document.querySelector(`#consents li[data-consent-id="${CSS.escape(consent.consentId)}"]`)?.replaceWith(card);
    showNote(note, () => t('cd.revokedNote', { bank }), true);
    card.tabIndex = -1;
    card.focus();
  } catch (error) {
    button.disabled = false;
    showNote(note, messageOf(error), false);
  }
}

async function loadConsents(user) {
  let list;
  try {
    list = await everything(usccPath(user, '/consents'), 'consents');
  } catch (error) {
    consents = new Map();
    $('#consents').replaceChildren();
    showNote($('#consents-note'), messageOf(error), false);
    return;
  }
  consents = new Map(list.map((c) => [c.consentId, c]));
  const cards = list.map((c) => consentCard(c, user));
  $('#consents').replaceChildren(...(cards.length ? cards : [element('li', t('cd.noConsents'), 'muted')]));
}

function readItem(read) {
  const item = document.createElement('li');
  item.dataset.readId = read.readId;
  const who = read.readerRole === 'bank'
    ? read.readerName || read.readerId
    : t('cd.officials', { region: read.readerName || read.readerId });
  item.append(element('strong', who), ` · ${chinaDateTime(read.readAt)} · ${t(`cd.scope.${read.scope}`)}`);
  const consent = consents.get(read.consentId);
  let under = '';
  if (consent) {
    under = t('cd.under', { purpose: t(`cd.purpose.${consent.purpose}`), on: chinaDate(consent.grantedAt) });
  } else if (read.consentId) {
    under = t('cd.underId', { id: read.consentId, purpose: read.purpose ? t(`cd.purpose.${read.purpose}`) : '' });
  } else if (read.readerRole !== 'bank') {
    under = t('cd.supervision');
  }
  if (under) {
    item.append(element('p', under, 'muted'));
  }
  return item;
}

async function loadReads(user, more = false) {
  const query = new URLSearchParams({ pageSize: '20' });
  if (more) {
    query.set('pageToken', nextReads);
  }
  try {
    const page = await get(usccPath(user, `/credit-profile/reads?${query}`));
    const items = (page.reads ?? []).map(readItem);
    if (more) {
      $('#reads').append(...items);
    } else {
      $('#reads').replaceChildren(...(items.length ? items : [element('li', t('cd.noReads'), 'muted')]));
    }
    nextReads = page.nextPageToken ?? '';
    $('#reads-more').hidden = !nextReads;
    problem('#reads-error', null);
  } catch (error) {
    if (!more) {
      $('#reads').replaceChildren();
      $('#reads-more').hidden = true;
    }
    problem('#reads-error', error);
  }
}

export async function loadCredit(user) {
  $('#consents-note').hidden = true;
  loadProfile(user);
  loadPreCredit(user);
  // The reads name the consents they were made under.
  await loadConsents(user);
  await loadReads(user);
}

export function setUpCredit(userOf) {
  $('#reads-more').addEventListener('click', () => loadReads(userOf(), true));
}
