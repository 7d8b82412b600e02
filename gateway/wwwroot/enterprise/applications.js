// The enterprise's applications with their deadlines and outcomes, newest first.
import { get, post } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen } from '/lib/money.js';
import { openClaim } from '/enterprise/claims.js';
import { showNote } from '/lib/notes.js';

const $ = (selector) => document.querySelector(selector);

function outcome(application) {
  if (application.status === 'APPROVED' && application.deal) {
    const deal = application.deal;
    return t('deal', { amount: formatFen(deal.grantedAmountFen), rate: formatBp(deal.annualRateBp), term: deal.termMonths, date: deal.contractDate });
  }
  return application.rejection ? '' : application.rejectionReason ?? '';
}

// A rejection in the enterprise's words: its category, the bank's reason, what would change it, and the
// offer to refer the need to the other fitting banks (once).
function rejection(application, cell, user) {
  const r = application.rejection;
  const code = r.code || 'OTHER';
  cell.append(Object.assign(document.createElement('p'), { textContent: t('ap.meaning', { code: t(`rc.${code}`), reason: r.reason ?? '' }) }));
  cell.append(Object.assign(document.createElement('p'), { className: 'muted', textContent: t('ap.change', { change: t(`rcw.${code}`) }) }));
  if (application.referredAt) {
    return;
  }
  const refer = Object.assign(document.createElement('button'), { type: 'button', textContent: t('ap.refer') });
  refer.addEventListener('click', async () => {
    refer.disabled = true;
    const note = $('#applications-error');
    try {
      const broadcast = await post(`/api/v1/applications/${encodeURIComponent(application.applicationId)}:refer`, {});
      showNote(note, () => t('ap.referred', { reached: broadcast.banksReached }), true);
    } catch (error) {
      showNote(note, messageOf(error), false);
    }
    await loadApplications(user, false);
  });
  cell.append(refer);
}

export async function loadApplications(user, clearNote = true) {
  const error = $('#applications-error');
  if (clearNote) {
    error.hidden = true;
    error.className = 'form-error';
  }
  let page;
  try {
    page = await get(`/api/v1/enterprises/${encodeURIComponent(user.subject)}/applications?pageSize=100`);
  } catch (failure) {
    // Rows read earlier, and the "none" line, would pass for the current state beside the error.
    $('#application-table tbody').replaceChildren();
    $('#application-table').hidden = true;
    $('#no-applications').hidden = true;
    error.textContent = messageOf(failure);
    error.hidden = false;
    return;
  }
  const applications = (page.applications ?? []).toReversed();
  const rows = applications.map((application) => {
    const row = document.createElement('tr');
    row.dataset.applicationId = application.applicationId;
    row.innerHTML = '<td></td><td></td><td></td><td></td>';
    const [product, status, decideBy, deal] = row.children;
    product.textContent = `${application.productName} · ${application.bankName || application.bankId}`;
    status.textContent = t(`status.${application.status}`);
    status.className = `status-${application.status}`;
    status.dataset.testid = 'status';
    decideBy.textContent = application.decideBy;
    deal.textContent = outcome(application);
    if (application.status === 'REJECTED' && application.rejection) {
      rejection(application, deal, user);
    }
    if (application.status === 'APPROVED' && application.subsidyEligible) {
      const claim = Object.assign(document.createElement('button'), { type: 'button', textContent: t('c.claim') });
      claim.setAttribute('aria-label', `${t('c.claim')} ${application.productName}`);
      claim.addEventListener('click', () => openClaim(application));
      deal.append(' ', claim);
    }
    return row;
  });
  $('#application-table tbody').replaceChildren(...rows);
  $('#application-table').hidden = rows.length === 0;
  $('#no-applications').hidden = rows.length > 0;
}
