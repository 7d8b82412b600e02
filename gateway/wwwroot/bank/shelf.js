// The bank's shelf: its listed products, each to edit (in the product form) or to delist after a confirmation,
// and, folded away, the delisted ones.
import { chinaDate } from '/lib/dates.js';
import { confirmAction } from '/lib/confirm.js';
import { post } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatFen, formatYuan } from '/lib/money.js';
import { bankPath, bankId, everything, showNote } from '/bank/api.js';
import { editProduct, endEdit, setUpProductForm } from '/bank/product-form.js';

const $ = (selector) => document.querySelector(selector);

function line(text, className = '') {
  return Object.assign(document.createElement('p'), { textContent: text, className });
}

function rules(e = {}) {
  const list = (codes) => (codes?.length ? codes.join(', ') : t('b.any'));
  return t('b.rules', {
    sizes: e.sizeClasses?.length ? e.sizeClasses.map((s) => t(`size.${s}`)).join('、') : t('b.any'),
    industries: list(e.industryCodes), regions: list(e.regionCodes), years: e.minYearsInOperation ?? 0,
    rating: e.minTaxCreditRating ?? t('b.any'), collateral: e.collateralRequired ? t('b.collateral') : '',
  });
}

// A button named with its product, so a screen reader's list of buttons says which product each acts on.
function actionButton(key, product, action) {
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(key) });
  button.setAttribute('aria-label', `${t(key)} ${product.name}`);
  button.addEventListener('click', action);
  return button;
}

function productCard(product, listed) {
  const item = document.createElement('li');
  item.dataset.productId = product.productId;
  item.append(Object.assign(document.createElement('h3'), { textContent: product.name }));
  item.append(line(`${t(`kind.${product.kind}`)}${product.subsidyEligible ? ` · ${t('b.subsidy')}` : ''}`, 'muted'));
  const spread = Number(product.rateSpreadBp ?? 0);
  item.append(line(t('b.range', {
    min: formatFen(product.minAmountFen), max: formatFen(product.maxAmountFen), minTerm: product.minTermMonths, maxTerm: product.maxTermMonths,
    spread: spread < 0 ? `− ${-spread}` : `+ ${spread}`, sla: product.decisionSlaDays,
  })));
  item.append(line(rules(product.eligibility), 'muted'));
  if (product.updatedAt) {
    item.append(line(t('b.updatedOn', { date: chinaDate(product.updatedAt) }), 'muted'));
  }
  if (listed) {
    const actions = Object.assign(document.createElement('div'), { className: 'actions' });
    actions.append(actionButton('b.edit', product, () => editProduct(product)), actionButton('b.delist', product, () => delist(product)));
    item.append(actions);
  } else {
    item.append(line(t('b.delistedOn', { date: chinaDate(product.delistedAt) }), 'muted'));
  }
  return item;
}

// The catalog's shelf shows LISTED products unless asked for the DELISTED ones.
export async function loadShelf() {
  const path = `/api/v1/products?bankId=${encodeURIComponent(bankId())}`;
  try {
    const [listed, delisted] = await Promise.all([everything(path, 'products'), everything(`${path}&status=DELISTED`, 'products')]);
    $('#products').replaceChildren(...listed.map((p) => productCard(p, true)));
    $('#no-products').hidden = listed.length > 0;
    $('#delisted').replaceChildren(...delisted.map((p) => productCard(p, false)));
    $('#delisted-box').hidden = delisted.length === 0;
  } catch (error) {
    // Products read before would pass for the shelf as it is now: show the error in their place.
    $('#products').replaceChildren();
    $('#no-products').hidden = true;
    $('#delisted').replaceChildren();
    $('#delisted-box').hidden = true;
    showNote($('#shelf-message'), messageOf(error), false);
  }
}

// Delisting cannot be undone: the product is shown once more, and only a yes delists it.
async function delist(product) {
  const yes = await confirmAction({
    title: t('b.delistTitle'),
    lines: [
      [t('cf.product'), product.name], [t('cf.kind'), t(`kind.${product.kind}`)],
      [t('cf.range'), `${formatYuan(product.minAmountFen)} – ${formatYuan(product.maxAmountFen)}`],
      [t('cf.term'), t('b.monthRange', { min: product.minTermMonths, max: product.maxTermMonths })],
    ],
    go: t('b.delistConfirm'),
    danger: true,
    note: t('b.delistHint'),
  });
  if (!yes) {
    return;
  }
  try {
    await post(bankPath(`/products/${encodeURIComponent(product.productId)}:delist`));
    endEdit(product.productId);
    showNote($('#shelf-message'), () => t('b.delistedNote', { product: product.name }), true);
    await loadShelf();
  } catch (error) {
    showNote($('#shelf-message'), messageOf(error), false);
  }
}

const cardOf = (productId) => $(`#products li[data-product-id="${CSS.escape(productId ?? '')}"]`);

// An edited product in place of its card; false when the shelf does not show it (yet).
function showCard(product) {
  const old = cardOf(product.productId);
  old?.replaceWith(productCard(product, true));
  return Boolean(old);
}

export function setUpShelf() {
  setUpProductForm({ reload: loadShelf, show: showCard, focus: (productId) => cardOf(productId)?.querySelector('button')?.focus() });
}
