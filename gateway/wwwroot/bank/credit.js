// The credit data of an application's enterprise, on request, from the bank's inbox: shown only under a live
// consent of the enterprise's (its application is one, for 30 days, until the enterprise revokes it); the
// API's refusal otherwise (no consent, revoked, expired) is said as such, never as a failure of the page.
import { chinaDateTime } from '/lib/dates.js';
import { get } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { addStrings, t } from '/lib/i18n.js';
import { renderProfile } from '/lib/credit.js';

addStrings({
  zh: {
    'bcr.credit': '查看信用信息', 'bcr.creditFor': '查看 {enterprise} 的信用信息', 'bcr.hide': '收起信用信息',
    'bcr.noConsent': '未获授权：该企业没有授权本行查询其信用信息。', 'bcr.revoked': '未获授权：该企业已于 {at} 撤回对本行的授权。',
    'bcr.expired': '未获授权：该企业对本行的授权已于 {day} 到期。', 'bcr.refused': '未获授权：{message}', 'bcr.apiSaid': '平台答复：{message}',
  },
  en: {
    'bcr.credit': 'Credit data', 'bcr.creditFor': 'Credit data of {enterprise}', 'bcr.hide': 'Hide the credit data',
    'bcr.noConsent': 'Not allowed: the enterprise has not consented to our reading its credit data.', 'bcr.revoked': 'Not allowed: the enterprise revoked its consent to us at {at}.',
    'bcr.expired': 'Not allowed: the enterprise\'s consent to us expired after {day}.', 'bcr.refused': 'Not allowed: {message}', 'bcr.apiSaid': 'The platform said: {message}',
  },
});

// The refusal in the reader's words, from the credit service's message (English: "... has no consent ...",
// "... revoked its consent ... at <instant>.", "... expired after <day>.").
function refusalWords(message) {
  if (/has no consent/.test(message)) {
    return t('bcr.noConsent');
  }
  const revoked = / revoked its consent .* at (\S+?)\.?$/.exec(message);
  if (revoked) {
    return t('bcr.revoked', { at: Number.isNaN(Date.parse(revoked[1])) ? revoked[1] : chinaDateTime(revoked[1]) });
  }
  const expired = / expired after (\d{4}-\d{2}-\d{2})/.exec(message);
  if (expired) {
    return t('bcr.expired', { day: expired[1] });
  }
  return t('bcr.refused', { message });
}

async function show(application, region, button) {
  const focused = document.activeElement === button;
  button.disabled = true;
  region.replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('loading') }));
  try {
    const profile = await get(`/api/v1/enterprises/${encodeURIComponent(application.uscc)}/credit-profile`);
    region.replaceChildren(renderProfile(profile, { level: 4, compact: true }));
    // The profile takes the card's whole row.
    region.closest('li')?.classList.add('wide');
  } catch (error) {
    const refusal = document.createElement('div');
    refusal.className = 'form-error';
    refusal.setAttribute('role', 'alert');
    refusal.dataset.testid = 'credit-refusal';
    if (error.status === 403) {
      refusal.append(Object.assign(document.createElement('p'), { textContent: refusalWords(error.message) }));
      refusal.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('bcr.apiSaid', { message: error.message }) }));
    } else {
      refusal.textContent = messageOf(error);
    }
    region.replaceChildren(refusal);
    region.closest('li')?.classList.remove('wide');
  } finally {
    button.disabled = false;
    if (focused && document.activeElement === document.body) {
      button.focus();
    }
  }
}

// The button and the place the profile (or the refusal) is drawn, for an application's card.
export function creditBox(application) {
  const box = document.createElement('div');
  box.className = 'credit-box';
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('bcr.credit') });
  button.setAttribute('aria-label', t('bcr.creditFor', { enterprise: application.enterpriseName || application.uscc }));
  const region = document.createElement('div');
  region.dataset.testid = 'credit';
  region.setAttribute('aria-live', 'polite');
  button.addEventListener('click', () => show(application, region, button));
  box.append(button, region);
  return box;
}
