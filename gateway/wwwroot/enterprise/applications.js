// The enterprise's applications with their deadlines and outcomes, newest first.
import { get } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen } from '/lib/money.js';
import { openClaim } from '/enterprise/claims.js';

const $ = (selector) => document.querySelector(selector);

function outcome(application) {
  if (application.status === 'APPROVED' && application.deal) {
    const deal = application.deal;
    return t('deal', { amount: formatFen(deal.grantedAmountFen), rate: formatBp(deal.annualRateBp), term: deal.termMonths, date: deal.contractDate });
  }
  return application.rejectionReason ?? '';
}

export async function loadApplications(user) {
  const error = $('#applications-error');
  error.hidden = true;
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
    product.textContent = `${application.productName} · ${application.bankId}`;
    status.textContent = t(`status.${application.status}`);
    status.className = `status-${application.status}`;
    status.dataset.testid = 'status';
    decideBy.textContent = application.decideBy;
    deal.textContent = outcome(application);
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
