// The subsidy programmes covering the official's region, with what each has left to spend, and the form
// that creates one with every term the API takes.
import { get, post } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { t, translate } from '/lib/i18n.js';
import { formatBp } from '/lib/money.js';
import { session } from '/lib/session.js';
import { codeList, fen, onListInputs } from '/lib/fields.js';
import { KINDS, SIZE_CLASSES } from '/lib/terms.js';
import { confirm, emptyTable, moneyCell, showPage, showProblem, wholeOrZero } from '/official/fields.js';

const PAYERS = 3;
const $ = (selector) => document.querySelector(selector);

// Programmes created here stay in view (and their figures fresh) wherever the list's pages put them.
const created = new Set();
let next = '';

function row(programme) {
  const tr = document.createElement('tr');
  tr.dataset.programId = programme.programId;
  tr.innerHTML = '<td><span></span><br><small class="muted"></small></td><td></td><td></td><td></td><td></td>';
  tr.querySelector('span').textContent = programme.name;
  tr.querySelector('small').textContent =
    `${programme.regionCode} · ${t(`rule.${programme.rateRule}`)} ${formatBp(programme.rateBp ?? 0)} · ${programme.contractFrom} – ${programme.contractTo}`;
  const [, budget, reserved, paid, remaining] = tr.children;
  moneyCell(budget, programme.budgetFen).dataset.testid = 'budget';
  moneyCell(reserved, programme.reservedFen).dataset.testid = 'reserved';
  moneyCell(paid, programme.paidFen).dataset.testid = 'paid';
  moneyCell(remaining, programme.remainingFen).dataset.testid = 'remaining';
  return tr;
}

export async function loadProgrammes(user, more = false) {
  const query = new URLSearchParams({ regionCode: user.region ?? '', pageSize: '50' });
  if (more) {
    query.set('pageToken', next);
  }
  try {
    const page = await get(`/api/v1/subsidy-programs?${query}`);
    const listed = page.programs ?? [];
    let rows = listed.filter((p) => !created.has(p.programId));
    if (!more) {
      // Those created here, if not on the first page, are read one by one and shown first.
      const missing = [...created].filter((id) => !listed.some((p) => p.programId === id));
      const own = await Promise.all(missing.map((id) => get(`/api/v1/subsidy-programs/${encodeURIComponent(id)}`)));
      rows = [...own, ...listed];
    }
    showPage($('[data-testid="programmes"]'), rows.map(row),
      { append: more, empty: 'o.noProgrammes', more: $('#programmes-more'), token: page.nextPageToken });
    next = page.nextPageToken ?? '';
    showProblem($('#programmes-error'), null);
  } catch (error) {
    if (!more) {
      emptyTable($('[data-testid="programmes"]'), $('#programmes-more'));
    }
    showProblem($('#programmes-error'), error);
  }
}

function checkbox(name, value, key) {
  const field = document.createElement('div');
  field.className = 'field check';
  const id = `p-${value}`;
  field.innerHTML = `<input type="checkbox" id="${id}" name="${name}" value="${value}"><label for="${id}" data-i18n="${key}"></label>`;
  return field;
}

function payerRow(i) {
  const field = document.createElement('div');
  field.className = 'field';
  field.innerHTML = `<label for="p-payer-${i}"></label><input id="p-payer-${i}" name="fundingShares[${i}].payer" autocomplete="off">
    <label for="p-payer-share-${i}"></label><input id="p-payer-share-${i}" name="fundingShares[${i}].shareBp" inputmode="numeric">`;
  const [payer, share] = field.querySelectorAll('label');
  payer.textContent = t('f.payer', { n: i + 1 });
  share.textContent = t('f.payerShare', { n: i + 1 });
  return field;
}

function drawChoices() {
  $('#p-sizes').replaceChildren($('#p-sizes legend'), ...SIZE_CLASSES.map((s) => checkbox('eligibility.sizeClasses', s, `size.${s}`)));
  $('#p-kinds').replaceChildren($('#p-kinds legend'), ...KINDS.map((k) => checkbox('eligibility.productKinds', k, `kind.${k}`)));
  const shares = $('#p-shares');
  shares.replaceChildren(...shares.querySelectorAll('legend, p.hint'), ...Array.from({ length: PAYERS }, (_, i) => payerRow(i)));
  translate($('#programme-form'));
}

// Only the payers filled in are sent; the API's index of each is mapped back to its row on the form.
function fundingShares(data) {
  const rows = [];
  for (let i = 0; i < PAYERS; i++) {
    const payer = String(data.get(`fundingShares[${i}].payer`) ?? '').trim();
    if (payer || String(data.get(`fundingShares[${i}].shareBp`) ?? '').trim()) {
      rows.push({ row: i, share: { payer, shareBp: wholeOrZero(data, `fundingShares[${i}].shareBp`) } });
    }
  }
  return rows;
}

function toRows(error, rows) {
  for (const field of error.fields ?? []) {
    field.field = field.field.replace(/^fundingShares\[(\d+)\]/, (whole, k) => (rows[k] ? `fundingShares[${rows[k].row}]` : whole));
  }
  return error;
}

export function setUpProgrammes() {
  drawChoices();
  document.addEventListener('languagechange', () => {
    const form = $('#programme-form');
    for (let i = 0; i < PAYERS; i++) {
      form.querySelector(`label[for="p-payer-${i}"]`).textContent = t('f.payer', { n: i + 1 });
      form.querySelector(`label[for="p-payer-share-${i}"]`).textContent = t('f.payerShare', { n: i + 1 });
    }
  });
  $('#programmes-more').addEventListener('click', () => loadProgrammes(session.current, true));
  const form = $('#programme-form');
  onSubmit(form, async (data) => {
    const rows = fundingShares(data);
    const request = {
      name: data.get('name').trim(),
      rateRule: data.get('rateRule'),
      rateBp: wholeOrZero(data, 'rateBp'),
      shareOfContractRateBp: wholeOrZero(data, 'shareOfContractRateBp'),
      maxPrincipalFen: fen(data, 'maxPrincipalFen'),
      maxMonths: wholeOrZero(data, 'maxMonths'),
      budgetFen: fen(data, 'budgetFen'),
      contractFrom: data.get('contractFrom'),
      contractTo: data.get('contractTo'),
      regionCode: data.get('regionCode').trim(),
      dayCountBasis: Number(data.get('dayCountBasis')),
      eligibility: {
        sizeClasses: data.getAll('eligibility.sizeClasses'),
        industryCodes: codeList(data, 'eligibility.industryCodes'),
        productKinds: data.getAll('eligibility.productKinds'),
      },
      fundingShares: rows.map((r) => r.share),
    };
    const { eligibility } = request;
    let programme;
    try {
      programme = await post('/api/v1/subsidy-programs', request);
    } catch (error) {
      throw toRows(onListInputs(error, {
        'eligibility.industryCodes': eligibility.industryCodes,
        'eligibility.sizeClasses': eligibility.sizeClasses,
        'eligibility.productKinds': eligibility.productKinds,
      }), rows);
    }
    created.add(programme.programId);
    confirm(form, t('o.programmeCreated', { name: programme.name }));
    await loadProgrammes(session.current);
  });
}
