// Broadcast needs the bank's products fit (抢单): what the need and the enterprise's profile are, never who it
// is, closest take-by date first; one click takes it for one of the bank's fitting products, which makes the
// bank's application (it then shows in the inbox, with the enterprise's name). Losing the race (409) or a
// need that closed meanwhile (400) is said in words and the list read again.
import { post } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatBp, formatFen } from '/lib/money.js';
import { bankId, bankPath, everything, showNote } from '/bank/api.js';

const $ = (selector) => document.querySelector(selector);
const text = (tag, content, className = '') => Object.assign(document.createElement(tag), { textContent: content, className });
let taken = () => {};

function card(opportunity) {
  const item = document.createElement('li');
  item.dataset.needId = opportunity.needId;
  item.append(text('h3', t('o.need', { amount: formatFen(opportunity.amountFen), term: opportunity.termMonths })));
  item.append(text('p', t('o.profile', {
    size: t(`size.${opportunity.sizeClass}`), industry: opportunity.industryCode, region: opportunity.regionCode, years: opportunity.yearsInOperation ?? 0,
  }), 'muted'));
  if (opportunity.purpose) {
    item.append(text('p', t('o.purpose', { purpose: opportunity.purpose })));
  }
  item.append(text('p', t(opportunity.collateralAvailable ? 'o.collateral' : 'o.noCollateral'), 'muted'));
  const due = text('p', t('o.takeBy', { date: opportunity.takeBy, until: opportunity.openUntil, max: opportunity.maxTakers }), 'muted');
  due.dataset.testid = 'take-by';
  item.append(due);
  for (const product of opportunity.products ?? []) {
    const button = text('button', t('o.take', { product: product.productName, rate: formatBp(product.estimatedRateBp) }), 'primary');
    button.type = 'button';
    button.addEventListener('click', () => take(opportunity, product));
    item.append(button);
  }
  return item;
}

async function take(opportunity, product) {
  const note = $('#opportunities-message');
  try {
    const application = await post(`/api/v1/financing-needs/${encodeURIComponent(opportunity.needId)}:take`, { bankId: bankId(), productId: product.productId });
    showNote(note, t('o.taken', { enterprise: application.enterpriseName, product: product.productName }), true);
  } catch (error) {
    if (error.status !== 409 && error.status !== 400) {
      throw error;
    }
    showNote(note, t('o.lost', { message: messageOf(error) }), false);
  }
  await loadOpportunities();
  taken();
}

export async function loadOpportunities() {
  const problem = $('#opportunities-error');
  problem.hidden = true;
  let opportunities;
  try {
    opportunities = await everything(bankPath('/opportunities?order=DEADLINE'), 'opportunities');
  } catch (error) {
    $('#opportunity-list').replaceChildren();
    $('#no-opportunities').hidden = true;
    showNote(problem, messageOf(error), false);
    return;
  }
  $('#opportunity-list').replaceChildren(...opportunities.map(card));
  $('#no-opportunities').hidden = opportunities.length > 0;
}

export function setUpOpportunities(onTaken) {
  taken = onTaken;
}
