// The subsidy programmes covering the official's region: what each has left to spend, whether it is open and
// how many claims it has taken; the form that creates one with every term the API takes (rates and shares in
// %, the region and industries chosen by name) and edits one until its first claim; and its closing.
import { confirmAction } from '/lib/confirm.js';
import { chinaDate } from '/lib/dates.js';
import { basisPoints, fen, onListInputs, readAll, required, yuanInput } from '/lib/fields.js';
import { clearErrors, messageOf, onSubmit } from '/lib/forms.js';
import { get, post, put } from '/lib/http.js';
import { t, translate } from '/lib/i18n.js';
import { formatBp, formatFen, toBigInt } from '/lib/money.js';
import { showNote } from '/lib/notes.js';
import { session } from '/lib/session.js';
import { KINDS, SIZE_CLASSES } from '/lib/terms.js';
import { confirm, emptyTable, moneyCell, reasonForm, showPage, showProblem, wholeOrZero } from '/official/fields.js';
import { codePicker } from '/official/picker.js';
import { industryList, nameOf, regionList } from '/lib/pickers.js';

const PAYERS = 3;
const $ = (selector) => document.querySelector(selector);

// Programmes created here stay in view (and their figures fresh) wherever the list's pages put them.
const created = new Set();
let next = '';
// The regions the platform names in the official's province: the region picker offers those inside the
// official's region, and a programme of the province or the city above is still read by its name.
let regions = [];
let industries = null;
// Settles once the region names are read (or could not be): rows wait for it, to show names rather than codes.
let named = Promise.resolve();
// The programme whose terms the form is editing (as read, with its version), or null when it creates one.
let editing = null;

function regionName(code) {
  const region = regions.find((r) => r.code === code);
  if (!region) {
    return code;
  }
  return t('o.regionName', { name: nameOf(region), code });
}

// An empty rate or share is 0, which the API reads as "not used"; anything else is a percentage.
function percentOrZero(data, name) {
  return String(data.get(name) ?? '').trim() ? basisPoints(data, name) : 0;
}

// "3.45%" as the input holds it, which percentOrZero reads back exactly.
const percentInput = (bp) => (toBigInt(bp) === 0n ? '' : formatBp(bp).replace('%', ''));

const isOpen = (programme) => programme.status !== 'CLOSED';

// A district official reads the province's programmes too, but acts only on those its region covers.
const covers = (programme) => String(programme.regionCode ?? '').startsWith(session.current?.region ?? '');

function terms(programme) {
  const rate = formatBp(programme.rateBp ?? 0);
  const share = toBigInt(programme.shareOfContractRateBp) > 0n ? t('o.shareOf', { share: formatBp(programme.shareOfContractRateBp) }) : '';
  return `${regionName(programme.regionCode)} · ${t(`rule.${programme.rateRule}`)} ${rate}${share} · ${programme.contractFrom} – ${programme.contractTo}`;
}

function actionButton(words, label, action, className = '') {
  const button = Object.assign(document.createElement('button'), { type: 'button', className, textContent: words });
  button.setAttribute('aria-label', label);
  button.addEventListener('click', action);
  return button;
}

function row(programme) {
  const tr = document.createElement('tr');
  tr.dataset.programId = programme.programId;
  tr.innerHTML = '<td><span class="name"></span><br><small class="muted terms"></small></td><td></td><td></td><td></td><td></td><td></td><td></td><td class="actions"></td>';
  tr.querySelector('.name').textContent = programme.name;
  tr.querySelector('.terms').textContent = terms(programme);
  const [first, status, claims, budget, reserved, paid, remaining, actions] = tr.children;
  const chip = Object.assign(document.createElement('span'), {
    className: isOpen(programme) ? 'chip ok' : 'chip', textContent: t(isOpen(programme) ? 'o.open' : 'o.closed'),
  });
  chip.dataset.testid = 'status';
  chip.dataset.status = isOpen(programme) ? 'OPEN' : 'CLOSED';
  status.append(chip);
  if (!isOpen(programme)) {
    const why = Object.assign(document.createElement('small'), {
      className: 'muted closed',
      textContent: t('o.closedOn', { date: chinaDate(programme.closedAt), reason: programme.closeReason ?? '' }),
    });
    why.dataset.testid = 'closed';
    first.append(document.createElement('br'), why);
  }
  claims.textContent = toBigInt(programme.claimsMade).toString();
  claims.dataset.testid = 'claims-made';
  moneyCell(budget, programme.budgetFen).dataset.testid = 'budget';
  moneyCell(reserved, programme.reservedFen).dataset.testid = 'reserved';
  moneyCell(paid, programme.paidFen).dataset.testid = 'paid';
  moneyCell(remaining, programme.remainingFen).dataset.testid = 'remaining';
  // Only what the API would allow: an edit while open and unclaimed, a closing while open, in the region's own.
  if (covers(programme) && isOpen(programme)) {
    if (toBigInt(programme.claimsMade) === 0n) {
      actions.append(actionButton(t('o.edit'), t('o.editNamed', { name: programme.name }), () => startEditing(programme)));
    }
    actions.append(actionButton(t('o.close'), t('o.closeNamed', { name: programme.name }), () => askToClose(tr, programme), 'quiet'));
  }
  return tr;
}

export async function loadProgrammes(user, more = false) {
  const query = new URLSearchParams({ regionCode: user.region ?? '', pageSize: '50' });
  if (more) {
    query.set('pageToken', next);
  }
  try {
    const page = await get(`/api/v1/subsidy-programs?${query}`);
    await named;
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

// Closing asks why (kept on the programme and in the audit log), then shows what closes and asks again.
function askToClose(tr, programme) {
  const open = tr.nextElementSibling?.classList.contains('closing') ? tr.nextElementSibling : null;
  if (open) {
    open.querySelector('input').focus();
    return;
  }
  const line = document.createElement('tr');
  line.className = 'closing';
  const cell = Object.assign(document.createElement('td'), { colSpan: tr.children.length });
  const form = reasonForm({
    id: `close-${programme.programId}`,
    label: () => t('o.closeReason', { name: programme.name }),
    go: () => t('o.closeProgramme'),
    leave: () => line.remove(),
    send: async (reason, key, done) => {
      const go = await confirmAction({
        title: t('o.closeAsk', { name: programme.name }),
        lines: [
          [t('f.programme'), programme.name],
          [t('f.claimsMade'), toBigInt(programme.claimsMade).toString()],
          [t('f.remaining'), formatFen(programme.remainingFen)],
          [t('f.reason'), reason],
        ],
        go: t('o.closeProgramme'),
        danger: true,
        note: t('o.closeNote'),
      });
      if (!go) {
        return;
      }
      const closed = await post(`/api/v1/subsidy-programs/${encodeURIComponent(programme.programId)}:close`, { reason }, { key });
      done();
      showNote($('#programmes-note'), () => t('o.programmeClosed', { name: closed.name }), true);
      await loadProgrammes(session.current);
    },
  });
  cell.append(form);
  line.append(cell);
  tr.after(line);
  form.querySelector('input').focus();
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
  field.className = 'field payer';
  field.innerHTML = `<label for="p-payer-${i}"></label><input id="p-payer-${i}" name="fundingShares[${i}].payer" autocomplete="off">
    <label for="p-payer-share-${i}"></label><input id="p-payer-share-${i}" name="fundingShares[${i}].shareBp" inputmode="decimal" autocomplete="off">`;
  return field;
}

function namePayers() {
  const form = $('#programme-form');
  for (const row of form.querySelectorAll('.payer')) {
    const i = Number(row.querySelector('input').id.replace('p-payer-', ''));
    row.querySelector(`label[for="p-payer-${i}"]`).textContent = t('f.payer', { n: i + 1 });
    row.querySelector(`label[for="p-payer-share-${i}"]`).textContent = t('f.payerShare', { n: i + 1 });
  }
}

// As many payer rows as asked (a programme being edited may have more than the three offered).
function drawPayers(count) {
  const shares = $('#p-shares');
  shares.replaceChildren(...shares.querySelectorAll('legend, p.hint'), ...Array.from({ length: Math.max(PAYERS, count) }, (_, i) => payerRow(i)));
  namePayers();
}

function drawChoices() {
  $('#p-sizes').replaceChildren($('#p-sizes legend'), ...SIZE_CLASSES.map((s) => checkbox('eligibility.sizeClasses', s, `size.${s}`)));
  $('#p-kinds').replaceChildren($('#p-kinds legend'), ...KINDS.map((k) => checkbox('eligibility.productKinds', k, `kind.${k}`)));
  drawPayers(PAYERS);
  drawRegions();
  translate($('#programme-form'));
}

// The regions inside the official's own, by name; chosen: the one to select (the one selected, by default).
function drawRegions(chosen = $('#p-region').value) {
  const select = $('#p-region');
  const own = session.current?.region ?? '';
  const inside = regions.filter((r) => r.code.startsWith(own)).map((r) => r.code);
  // A region the platform does not name is still a region: the official's own is always offered.
  const codes = inside.includes(own) ? inside : [own, ...inside];
  if (chosen && !codes.includes(chosen)) {
    codes.push(chosen);
  }
  select.replaceChildren(...codes.map((code) => new Option(regionName(code), code, code === own, code === (chosen || own))));
}

// Only the payers filled in are sent; the API's index of each is mapped back to its row on the form.
function fundingShares(data) {
  const rows = [];
  for (let i = 0; data.has(`fundingShares[${i}].payer`); i++) {
    const payer = String(data.get(`fundingShares[${i}].payer`) ?? '').trim();
    if (payer || String(data.get(`fundingShares[${i}].shareBp`) ?? '').trim()) {
      rows.push({ row: i, share: { payer, shareBp: percentOrZero(data, `fundingShares[${i}].shareBp`) } });
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

// The form says whether it creates a programme or edits one, and which.
function setMode(programme) {
  editing = programme;
  const banner = $('#p-editing');
  banner.hidden = !programme;
  const draw = () => {
    banner.querySelector('span').textContent = programme ? t('o.editing', { name: programme.name }) : '';
  };
  draw();
  banner.redraw = draw;
  $('#programme-box summary').dataset.i18n = programme ? 'o.editProgramme' : 'o.newProgramme';
  $('#programme-form [type="submit"]').dataset.i18n = programme ? 'o.saveProgramme' : 'o.createProgramme';
  translate($('#programme-box'));
}

function fill(programme) {
  const form = $('#programme-form');
  const set = (name, value) => {
    form.elements.namedItem(name).value = value ?? '';
  };
  set('name', programme.name);
  set('rateRule', programme.rateRule);
  set('rateBp', percentInput(programme.rateBp ?? 0));
  set('shareOfContractRateBp', percentInput(programme.shareOfContractRateBp ?? 0));
  set('maxPrincipalFen', yuanInput(programme.maxPrincipalFen));
  set('maxMonths', toBigInt(programme.maxMonths).toString());
  set('budgetFen', yuanInput(programme.budgetFen));
  set('contractFrom', programme.contractFrom);
  set('contractTo', programme.contractTo);
  drawRegions(programme.regionCode);
  set('dayCountBasis', toBigInt(programme.dayCountBasis || 365).toString());
  const { sizeClasses = [], productKinds = [], industryCodes = [] } = programme.eligibility ?? {};
  for (const box of form.querySelectorAll('[name="eligibility.sizeClasses"], [name="eligibility.productKinds"]')) {
    box.checked = sizeClasses.includes(box.value) || productKinds.includes(box.value);
  }
  industries?.set(industryCodes);
  const shares = programme.fundingShares ?? [];
  drawPayers(shares.length);
  shares.forEach((share, i) => {
    set(`fundingShares[${i}].payer`, share.payer);
    set(`fundingShares[${i}].shareBp`, percentInput(share.shareBp));
  });
}

// Every input is set from the programme, so nothing of an earlier filling stays.
function startEditing(programme) {
  const form = $('#programme-form');
  clearErrors(form);
  setMode(programme);
  fill(programme);
  $('#programme-box').open = true;
  form.scrollIntoView({ block: 'start' });
  $('#p-name').focus();
}

// An edit the API refused as a whole: the programme is read again to say why in the user's words. After a
// claim its terms are fixed: the form keeps what was typed, now as a new programme to create instead.
async function explainRefusal(programme, error) {
  let now;
  try {
    now = await get(`/api/v1/subsidy-programs/${encodeURIComponent(programme.programId)}`);
  } catch {
    return error;
  }
  await loadProgrammes(session.current);
  if (!isOpen(now)) {
    setMode(null);
    return Object.assign(error, { message: t('o.editClosed', { name: now.name }) });
  }
  if (toBigInt(now.claimsMade) > 0n) {
    setMode(null);
    return Object.assign(error, { message: t('o.editFixed', { name: now.name, n: toBigInt(now.claimsMade).toString() }) });
  }
  // Edited by someone else meanwhile: the form shows it as it is now, to edit again from there.
  startEditing(now);
  return Object.assign(error, { message: t('o.editStale', { name: now.name }) });
}

async function setUpPickers() {
  const region = session.current?.region ?? '';
  const [names, codes] = await Promise.allSettled([regionList(region.slice(0, 2)), industryList()]);
  regions = names.value ?? [];
  drawRegions();
  industries = codePicker($('#p-industries'), codes.value ?? [],
    { search: 'f.searchIndustries', none: 'f.anyIndustry', chosen: 'f.chosenIndustries' });
  const failed = [names, codes].find((answer) => answer.status === 'rejected');
  // Said in the form the lists are for (the programmes' own line is the list's).
  if (failed) {
    showNote($('#programme-form .form-error'), () => messageOf(failed.reason), false);
  }
}

export function setUpProgrammes() {
  drawChoices();
  document.addEventListener('languagechange', () => {
    namePayers();
    drawRegions();
    $('#p-editing').redraw?.();
  });
  $('#programmes-more').addEventListener('click', () => loadProgrammes(session.current, true));
  const form = $('#programme-form');
  // A reset empties the form for a new programme: whatever was being edited is left.
  form.addEventListener('reset', () => {
    setMode(null);
    setTimeout(() => drawPayers(PAYERS));
  });
  $('#p-cancel-edit').addEventListener('click', () => form.reset());
  onSubmit(form, async (data, key) => {
    const values = readAll({
      name: () => required(data, 'name'),
      rateBp: () => percentOrZero(data, 'rateBp'),
      shareOfContractRateBp: () => percentOrZero(data, 'shareOfContractRateBp'),
      maxPrincipalFen: () => fen(data, 'maxPrincipalFen'),
      maxMonths: () => wholeOrZero(data, 'maxMonths'),
      budgetFen: () => fen(data, 'budgetFen'),
      fundingShares: () => fundingShares(data),
    });
    const rows = values.fundingShares;
    const request = {
      ...values,
      rateRule: data.get('rateRule'),
      contractFrom: data.get('contractFrom'),
      contractTo: data.get('contractTo'),
      regionCode: data.get('regionCode'),
      dayCountBasis: Number(data.get('dayCountBasis')),
      eligibility: {
        sizeClasses: data.getAll('eligibility.sizeClasses'),
        industryCodes: data.getAll('eligibility.industryCodes'),
        productKinds: data.getAll('eligibility.productKinds'),
      },
      fundingShares: rows.map((r) => r.share),
    };
    const { eligibility } = request;
    const was = editing;
    let programme;
    try {
      // The key makes a second send of the same filling (a retry after no answer) create one programme, not two.
      programme = was
        ? await put(`/api/v1/subsidy-programs/${encodeURIComponent(was.programId)}`, { ...request, expectedVersion: was.version }, { key })
        : await post('/api/v1/subsidy-programs', request, { key });
    } catch (error) {
      if (was && (error.status === 409 || (error.status === 400 && !error.fields?.length))) {
        throw await explainRefusal(was, error);
      }
      throw toRows(onListInputs(error, {
        'eligibility.industryCodes': eligibility.industryCodes,
        'eligibility.sizeClasses': eligibility.sizeClasses,
        'eligibility.productKinds': eligibility.productKinds,
      }), rows);
    }
    if (!was) {
      created.add(programme.programId);
    }
    confirm(form, () => t(was ? 'o.programmeSaved' : 'o.programmeCreated', { name: programme.name }));
    await loadProgrammes(session.current);
  }, { clear: true });
  named = setUpPickers();
}
