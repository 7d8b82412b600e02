// The one form that lists a new product or edits a listed one, with its eligibility rules. An edit sends the
// version the form was filled from, so an edit someone made meanwhile is never overwritten: the catalog
// answers 409 and the form is filled again from the product as it now is.
import { ApiError, call, get, post } from '/lib/http.js';
import { clearErrors, onSubmit } from '/lib/forms.js';
import { t } from '/lib/i18n.js';
import { codeList, fen, onListInputs, whole, yuanInput } from '/lib/fields.js';
import { KINDS, SIZE_CLASSES, TAX_RATINGS } from '/lib/terms.js';
import { bankPath, showNote } from '/bank/api.js';

const $ = (selector) => document.querySelector(selector);
const form = () => $('#product-form');
// The product the form edits, as it was read (its version goes with the edit); null while listing anew.
let editing = null;
// What the shelf does with a saved product ({ reload, show, focus }), handed over by setUpProductForm.
let shelf = null;

// The form as the API's listing fields, the same for listing and editing.
function readListing(data) {
  return {
    name: data.get('name').trim(),
    kind: data.get('kind'),
    minAmountFen: fen(data, 'minAmountFen'),
    maxAmountFen: fen(data, 'maxAmountFen'),
    minTermMonths: whole(data, 'minTermMonths'),
    maxTermMonths: whole(data, 'maxTermMonths'),
    rateSpreadBp: whole(data, 'rateSpreadBp', { signed: true }),
    eligibility: {
      sizeClasses: data.getAll('eligibility.sizeClasses'),
      industryCodes: codeList(data, 'eligibility.industryCodes'),
      regionCodes: codeList(data, 'eligibility.regionCodes'),
      minYearsInOperation: whole(data, 'eligibility.minYearsInOperation'),
      minTaxCreditRating: data.get('eligibility.minTaxCreditRating') || undefined,
      collateralRequired: data.get('eligibility.collateralRequired') === 'on',
    },
    subsidyEligible: data.get('subsidyEligible') === 'on',
    decisionSlaDays: whole(data, 'decisionSlaDays'),
  };
}

// The reverse of readListing: a product's values in the inputs, amounts in 元, the spread in bp.
function fillForm(product) {
  const e = product.eligibility ?? {};
  const values = {
    name: product.name, kind: product.kind,
    minAmountFen: yuanInput(product.minAmountFen), maxAmountFen: yuanInput(product.maxAmountFen),
    minTermMonths: product.minTermMonths, maxTermMonths: product.maxTermMonths,
    rateSpreadBp: product.rateSpreadBp ?? 0, decisionSlaDays: product.decisionSlaDays,
    'eligibility.industryCodes': (e.industryCodes ?? []).join(', '), 'eligibility.regionCodes': (e.regionCodes ?? []).join(', '),
    'eligibility.minYearsInOperation': e.minYearsInOperation ?? 0, 'eligibility.minTaxCreditRating': e.minTaxCreditRating ?? '',
  };
  const inputs = form().elements;
  for (const [name, value] of Object.entries(values)) {
    inputs.namedItem(name).value = String(value ?? '');
  }
  inputs.namedItem('subsidyEligible').checked = Boolean(product.subsidyEligible);
  inputs.namedItem('eligibility.collateralRequired').checked = Boolean(e.collateralRequired);
  for (const box of form().querySelectorAll('[name="eligibility.sizeClasses"]')) {
    box.checked = (e.sizeClasses ?? []).includes(box.value);
  }
}

// Words keyed by data-i18n, so the language switch redraws them in either mode.
function showMode() {
  for (const [selector, listing, edit] of [['#new-product-title', 'b.newProduct', 'b.editProduct'], ['#product-form [type="submit"]', 'p.list', 'p.save']]) {
    const element = $(selector);
    element.dataset.i18n = editing ? edit : listing;
    element.textContent = t(element.dataset.i18n);
  }
  $('#edit-cancel').hidden = !editing;
}

export function editProduct(product) {
  editing = product;
  clearErrors(form());
  $('#product-note').hidden = true;
  fillForm(product);
  showMode();
  $('#new-product').scrollIntoView();
  form().elements.namedItem('name').focus();
}

// Back to listing anew; a product id given ends the edit only if it is that product's (delisted, say).
export function endEdit(productId = editing?.productId) {
  if (!editing || editing.productId !== productId) {
    return;
  }
  editing = null;
  form().reset();
  clearErrors(form());
  showMode();
}

// Someone changed the product since the form was filled: fill it again from the product as it now is (or
// leave the edit if it was delisted meanwhile), and say so above the form.
async function reloadEdited(conflict) {
  const current = await get(`/api/v1/products/${encodeURIComponent(editing.productId)}`);
  if (current.status !== 'LISTED') {
    endEdit();
    showNote($('#shelf-message'), t('b.editGone', { product: current.name }), false);
    await shelf.reload();
    return;
  }
  editing = current;
  fillForm(current);
  shelf.show(current);
  throw new ApiError(conflict.status, t('b.editConflict', { message: conflict.message }));
}

async function submitListing(body) {
  $('#product-note').hidden = true;
  const lists = { 'eligibility.industryCodes': body.eligibility.industryCodes, 'eligibility.regionCodes': body.eligibility.regionCodes };
  const edited = editing;
  let product;
  try {
    product = edited
      ? await call('PUT', bankPath(`/products/${encodeURIComponent(edited.productId)}`), { ...body, expectedVersion: edited.version })
      : await post(bankPath('/products'), body);
  } catch (error) {
    if (edited && error.status === 409) {
      await reloadEdited(error);
      return;
    }
    throw onListInputs(error, lists);
  }
  if (!edited) {
    form().reset();
    showNote($('#product-note'), t('b.listedNote', { product: product.name }), true);
    await shelf.reload();
    return;
  }
  endEdit();
  showNote($('#shelf-message'), t('b.editedNote', { product: product.name }), true);
  if (!shelf.show(product)) {
    await shelf.reload();
  }
  shelf.focus(product.productId);
}

export function setUpProductForm(onShelf) {
  shelf = onShelf;
  // Labels drawn here carry their keys, so the language switch redraws them too.
  form().kind.replaceChildren(...KINDS.map((kind) => {
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
  form()['eligibility.minTaxCreditRating'].append(...TAX_RATINGS.map((r) => new Option(r, r)));
  onSubmit(form(), (data) => submitListing(readListing(data)));
  $('#edit-cancel').addEventListener('click', () => {
    const productId = editing?.productId;
    endEdit();
    shelf.focus(productId);
  });
}
