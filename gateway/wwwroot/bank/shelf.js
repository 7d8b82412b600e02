// The bank's shelf: its listed products (and, folded away, the delisted ones), the confirmed delisting, and
// the form that lists a new product with its eligibility rules. The catalog has no update: a product that
// must change is delisted and listed anew.
import { chinaDate } from '/lib/dates.js';
import { post } from '/lib/http.js';
import { messageOf, onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { formatFen } from '/lib/money.js';
import { codeList, fen, onListInputs, whole } from '/lib/fields.js';
import { KINDS, SIZE_CLASSES, TAX_RATINGS } from '/lib/terms.js';
import { bankPath, bankId, everything, showNote } from '/bank/api.js';

const $ = (selector) => document.querySelector(selector);
let delisting = null;

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
  if (listed) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t('b.delist') });
    button.setAttribute('aria-label', `${t('b.delist')} ${product.name}`);
    button.addEventListener('click', () => openDelist(product));
    item.append(button);
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
    showNote($('#shelf-message'), messageOf(error), false);
  }
}

function openDelist(product) {
  delisting = product;
  $('#delist-form .form-error').hidden = true;
  $('#delist-product').textContent = product.name;
  $('#delist').showModal();
}

export function setUpShelf() {
  const form = $('#product-form');
  // Labels drawn here carry their keys, so the language switch redraws them too.
  form.kind.replaceChildren(...KINDS.map((kind) => {
    const option = new Option(t(`kind.${kind}`), kind);
    option.dataset.i18n = `kind.${kind}`;
    return option;
  }));
  $('#p-sizes').append(...SIZE_CLASSES.map((size) => {
    const box = document.createElement('span');
    box.className = 'field check';
    box.innerHTML = `<input type="checkbox" id="p-size-${size}" name="eligibility.sizeClasses" value="${size}"><label for="p-size-${size}" data-i18n="size.${size}"></label>`;
    return box;
  }));
  form['eligibility.minTaxCreditRating'].append(...TAX_RATINGS.map((r) => new Option(r, r)));
  onSubmit(form, async (data) => {
    $('#product-note').hidden = true;
    const eligibility = {
      sizeClasses: data.getAll('eligibility.sizeClasses'),
      industryCodes: codeList(data, 'eligibility.industryCodes'),
      regionCodes: codeList(data, 'eligibility.regionCodes'),
      minYearsInOperation: whole(data, 'eligibility.minYearsInOperation'),
      minTaxCreditRating: data.get('eligibility.minTaxCreditRating') || undefined,
      collateralRequired: data.get('eligibility.collateralRequired') === 'on',
    };
    const body = {
      name: data.get('name').trim(),
      kind: data.get('kind'),
      minAmountFen: fen(data, 'minAmountFen'),
      maxAmountFen: fen(data, 'maxAmountFen'),
      minTermMonths: whole(data, 'minTermMonths'),
      maxTermMonths: whole(data, 'maxTermMonths'),
      rateSpreadBp: whole(data, 'rateSpreadBp', { signed: true }),
      eligibility,
      subsidyEligible: data.get('subsidyEligible') === 'on',
      decisionSlaDays: whole(data, 'decisionSlaDays'),
    };
    let product;
    try {
      product = await post(bankPath('/products'), body);
    } catch (error) {
      throw onListInputs(error, { 'eligibility.industryCodes': eligibility.industryCodes, 'eligibility.regionCodes': eligibility.regionCodes });
    }
    form.reset();
    showNote($('#product-note'), t('b.listedNote', { product: product.name }), true);
    await loadShelf();
  });
  $('#delist-cancel').addEventListener('click', () => $('#delist').close());
  $('#delist-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await post(bankPath(`/products/${encodeURIComponent(delisting.productId)}:delist`));
      $('#delist').close();
      showNote($('#shelf-message'), t('b.delistedNote', { product: delisting.name }), true);
      await loadShelf();
    } catch (error) {
      showNote($('#delist-form .form-error'), messageOf(error), false);
    }
  });
}
