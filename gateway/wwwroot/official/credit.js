// Credit data (信用数据) on the officials' page, for an official and for a data provider: a file of records
// uploaded in batches of at most 10,000 with a progress bar, then the totals and every refused or flagged
// row by its line in the file; the imports, the flagged records and (officials only: a provider is refused
// them) the enterprises whose declared values the data contradicts.
import { chinaDate, chinaDateTime } from '/lib/dates.js';
import { get, post } from '/lib/http.js';
import { clearErrors, messageOf, showError } from '/lib/forms.js';
import { describe } from '/lib/violations.js';
import { addStrings, t } from '/lib/i18n.js';
import { formatCount } from '/lib/money.js';
import { sourceWords } from '/lib/credit.js';
import { batchesOf, KINDS, readRecords } from '/official/credit-file.js';
import { emptyTable, showPage, showProblem } from '/official/fields.js';

addStrings({
  zh: {
    'cd.title': '信用数据', 'cd.hint': '各部门报送的企业信用数据：上传文件、查看导入批次、存疑记录和与企业自报不符的情况。',
    'cd.providerTitle': '信用数据报送', 'cd.upload': '上传并导入', 'cd.kind': '数据类别', 'cd.file': '数据文件',
    'cd.fileHint': 'CSV（首行为字段名，如 uscc,year,taxPaidFen,invoicedRevenueFen,taxCreditRating；金额以分为单位）或 NDJSON（每行一个 JSON 对象）。同一文件重复上传不会重复导入。',
    'cd.chooseFile': '请选择要上传的文件。', 'cd.progress': '导入进度', 'cd.sending': '已处理 {done} / {total} 条（第 {batch} / {batches} 批）',
    'cd.done': '导入完成：共 {total} 条。', 'cd.stopped': '导入在第 {batch} / {batches} 批中止，此前各批已导入，可修正后重新上传同一文件。',
    'cd.reading': '正在读取文件…', 'cd.repeated': '其中 {n} 批此前已导入，本次未作改动（显示首次导入的结果）。',
    'cd.accepted': '已导入', 'cd.replaced': '其中替换旧记录', 'cd.refused': '被拒绝', 'cd.flagged': '存疑（已导入）',
    'cd.refusedRows': '被拒绝的行', 'cd.flaggedRows': '存疑的行', 'cd.line': '行号', 'cd.field': '字段', 'cd.message': '原因', 'cd.rule': '规则',
    'cd.noRefused': '没有被拒绝的行。', 'cd.imports': '导入批次', 'cd.importedAt': '导入时间', 'cd.batch': '批次', 'cd.provider': '报送方', 'cd.region': '地区',
    'cd.received': '收到', 'cd.noImports': '暂无导入批次。', 'cd.flaggedRecords': '存疑记录', 'cd.enterprise': '企业', 'cd.key': '记录', 'cd.flags': '存疑原因', 'cd.source': '来源',
    'cd.noFlagged': '暂无存疑记录。', 'cd.discrepancies': '与企业自报不符', 'cd.declared': '企业自报', 'cd.verified': '数据核实', 'cd.foundAt': '发现于', 'cd.noDiscrepancies': '暂无不符情况。',
    'cd.col.kind': '类别', 'cd.col.accepted': '导入', 'cd.col.replaced': '替换', 'cd.col.refused': '拒绝', 'cd.col.flagged': '存疑',
    'cd.dfield.TAX_CREDIT_RATING': '纳税信用等级', 'cd.dfield.EMPLOYEES': '从业人员', 'cd.sizeChange': '（规模 {declared} → {verified}）', 'cd.more': '加载更多',
    'ck.TAX': '纳税', 'ck.SOCIAL_INSURANCE': '社保参保', 'ck.UTILITY': '水电', 'ck.ENFORCEMENT': '法院执行', 'ck.PENALTY': '行政处罚', 'ck.HONOR': '荣誉资质',
    'cf.integer': '应为整数，现为“{value}”', 'cf.tooLarge': '{value} 超出范围', 'cf.boolean': '应为 true 或 false，现为“{value}”', 'cf.oneOf': '应为 {values} 之一，现为“{value}”',
    'cf.text': '应为文本，现为 {value}', 'cf.unknownField': '不是信用数据的字段', 'cf.notObject': '不是一个 JSON 对象', 'cf.cells': '有 {n} 列，首行有 {header} 列',
    'cf.empty': '文件中没有记录。', 'cf.header': '首行须为字段名且含 uscc。不认识的列：{unknown}；重复的列：{twice}。可用的字段：{fields}',
    'cf.wholeBatch': '整批被拒绝：{message}',
  },
  en: {
    'cd.title': 'Credit data', 'cd.hint': 'Credit data the departments supply: upload a file, and see the imports, the flagged records and where the data contradicts what enterprises declared.',
    'cd.providerTitle': 'Supplying credit data', 'cd.upload': 'Upload and import', 'cd.kind': 'Kind of data', 'cd.file': 'Data file',
    'cd.fileHint': 'CSV (a header row of field names, e.g. uscc,year,taxPaidFen,invoicedRevenueFen,taxCreditRating; money in fen) or NDJSON (one JSON object a line). Uploading the same file again imports nothing twice.',
    'cd.chooseFile': 'Choose a file to upload.', 'cd.progress': 'Import progress', 'cd.sending': '{done} of {total} records done (batch {batch} of {batches})',
    'cd.done': 'Import done: {total} records.', 'cd.stopped': 'The import stopped at batch {batch} of {batches}; the batches before it are in. Correct the cause and upload the same file again.',
    'cd.reading': 'Reading the file…', 'cd.repeated': '{n} of the batches had been imported before and changed nothing (their first answer is shown).',
    'cd.accepted': 'Accepted', 'cd.replaced': 'Of which replaced', 'cd.refused': 'Refused', 'cd.flagged': 'Flagged (kept)',
    'cd.refusedRows': 'Refused rows', 'cd.flaggedRows': 'Flagged rows', 'cd.line': 'Line', 'cd.field': 'Field', 'cd.message': 'Why', 'cd.rule': 'Rule',
    'cd.noRefused': 'No row was refused.', 'cd.imports': 'Imports', 'cd.importedAt': 'Imported', 'cd.batch': 'Batch', 'cd.provider': 'Provider', 'cd.region': 'Region',
    'cd.received': 'Received', 'cd.noImports': 'No imports yet.', 'cd.flaggedRecords': 'Flagged records', 'cd.enterprise': 'Enterprise', 'cd.key': 'Record', 'cd.flags': 'Flags', 'cd.source': 'Source',
    'cd.noFlagged': 'No flagged records.', 'cd.discrepancies': 'Declared values the data contradicts', 'cd.declared': 'Declared', 'cd.verified': 'Verified', 'cd.foundAt': 'Found', 'cd.noDiscrepancies': 'No discrepancies.',
    'cd.col.kind': 'Kind', 'cd.col.accepted': 'Accepted', 'cd.col.replaced': 'Replaced', 'cd.col.refused': 'Refused', 'cd.col.flagged': 'Flagged',
    'cd.dfield.TAX_CREDIT_RATING': 'Tax credit rating', 'cd.dfield.EMPLOYEES': 'Employees', 'cd.sizeChange': ' (size class {declared} → {verified})', 'cd.more': 'More',
    'ck.TAX': 'Tax', 'ck.SOCIAL_INSURANCE': 'Social insurance', 'ck.UTILITY': 'Utilities', 'ck.ENFORCEMENT': 'Court enforcement', 'ck.PENALTY': 'Administrative penalties', 'ck.HONOR': 'Honours',
    'cf.integer': 'must be a whole number; got "{value}"', 'cf.tooLarge': '{value} is out of range', 'cf.boolean': 'must be true or false; got "{value}"', 'cf.oneOf': 'must be one of {values}; got "{value}"',
    'cf.text': 'must be text; got {value}', 'cf.unknownField': 'is not a field of credit records', 'cf.notObject': 'is not a JSON object', 'cf.cells': 'has {n} cells; the header has {header}',
    'cf.empty': 'The file holds no records.', 'cf.header': 'The first row must name the fields, uscc among them. Unknown columns: {unknown}; columns named twice: {twice}. The fields: {fields}',
    'cf.wholeBatch': 'The whole batch was refused: {message}',
  },
});

const $ = (selector) => document.querySelector(selector);
const cell = (text) => Object.assign(document.createElement('td'), { textContent: text });
const kindWords = (kind) => (t(`ck.${kind}`) === `ck.${kind}` ? kind : t(`ck.${kind}`));
const flagWords = (flag) => (t(`flag.${flag}`) === `flag.${flag}` ? flag : t(`flag.${flag}`));

function row(values, data = {}) {
  const tr = document.createElement('tr');
  tr.append(...values.map(cell));
  Object.assign(tr.dataset, data);
  return tr;
}

// "records[3].taxPaidFen" → "taxPaidFen": the row is told by its line.
const fieldOf = (field) => String(field ?? '').replace(/^records\[\d+\]\.?/, '');

// The result of an upload: totals, and each refused or flagged row by its line in the file.
function showResult(result) {
  const box = $('#import-result');
  box.hidden = false;
  for (const name of ['accepted', 'replaced', 'refused', 'flagged']) {
    const figure = box.querySelector(`[data-testid="import-${name}"]`);
    figure.textContent = formatCount(result[name]);
    figure.dataset.value = String(result[name]);
  }
  const byLine = (a, b) => a.line - b.line;
  const refused = result.refusedRows.toSorted(byLine).map((r) => row([String(r.line), r.field, r.message], { line: String(r.line) }));
  $('[data-testid="refused-rows"] tbody').replaceChildren(...refused);
  $('[data-testid="refused-rows"]').hidden = refused.length === 0;
  $('#no-refused').hidden = refused.length > 0;
  const flagged = result.flaggedRows.toSorted(byLine).map((r) => row([String(r.line), flagWords(r.field), r.message], { line: String(r.line) }));
  $('#flagged-rows-box').hidden = flagged.length === 0;
  $('[data-testid="flagged-rows"] tbody').replaceChildren(...flagged);
  $('#import-repeated').textContent = result.repeated ? t('cd.repeated', { n: result.repeated }) : '';
}

function progress(done, total, batch, batches) {
  const bar = $('#import-bar');
  bar.max = Math.max(total, 1);
  bar.value = done;
  $('#import-status').textContent = t('cd.sending', { done: formatCount(done), total: formatCount(total), batch, batches });
}

async function upload(form, reload) {
  const file = form.file.files[0];
  if (!file) {
    throw { status: 400, fields: [{ field: 'file', description: t('cd.chooseFile') }] };
  }
  const kind = form.kind.value;
  $('#import-result').hidden = true;
  $('#import-progress').hidden = false;
  $('#import-progress').dataset.state = 'reading';
  $('#import-bar').removeAttribute('value');
  $('#import-status').textContent = t('cd.reading');
  const read = readRecords(file.name, await file.text());
  if (read.fileProblem) {
    $('#import-progress').hidden = true;
    throw { status: 400, fields: [{ field: 'file', description: t(read.fileProblem.key, read.fileProblem.values) }] };
  }
  const result = { accepted: 0, replaced: 0, refused: 0, flagged: 0, repeated: 0, refusedRows: [], flaggedRows: [] };
  for (const r of read.rows.filter((x) => x.problems)) {
    result.refusedRows.push(...r.problems.map((p) => ({ line: r.line, field: p.field, message: t(p.key, p.values) })));
    result.refused++;
  }
  const total = read.rows.length;
  const batches = batchesOf(read.rows, { name: file.name, size: file.size, kind });
  let done = result.refused;
  progress(done, total, Math.min(1, batches.length), batches.length);
  let stopped = null;
  for (const [n, batch] of batches.entries()) {
    progress(done, total, n + 1, batches.length);
    try {
      const answer = await post('/api/v1/credit-data/imports', { batchId: batch.batchId, kind: batch.kind, records: batch.records });
      result.accepted += Number(answer.accepted ?? 0);
      result.replaced += Number(answer.replaced ?? 0);
      result.refused += (answer.refused ?? []).length;
      result.flagged += (answer.flagged ?? []).length;
      result.repeated += answer.repeated ? 1 : 0;
      const line = (index) => batch.lines[Number(index ?? 0)] ?? 0;
      result.refusedRows.push(...(answer.refused ?? []).map((p) => ({ line: line(p.index), field: fieldOf(p.field), message: p.message })));
      result.flaggedRows.push(...(answer.flagged ?? []).map((p) => ({ line: line(p.index), field: p.field, message: p.message })));
      done += batch.records.length;
    } catch (error) {
      // A batch refused whole stores nothing of it; the fields it names are rows of the file.
      stopped = { batch: n + 1, error };
      for (const violation of error.fields ?? []) {
        const match = /^records\[(\d+)\]/.exec(violation.field);
        result.refusedRows.push({ line: match ? batch.lines[Number(match[1])] ?? 0 : 0, field: fieldOf(violation.field), message: describe(violation) });
      }
      break;
    }
  }
  progress(done, total, stopped?.batch ?? batches.length, batches.length);
  $('#import-progress').dataset.state = stopped ? 'stopped' : 'done';
  $('#import-status').textContent = stopped
    ? t('cd.stopped', { batch: stopped.batch, batches: batches.length })
    : t('cd.done', { total: formatCount(total) });
  showResult(result);
  reload();
  if (stopped) {
    throw { status: 400, message: t('cf.wholeBatch', { message: messageOf(stopped.error) }) };
  }
}

// A paged list of this section: the first page, or the next after those shown.
function pagedList({ table, more, error, path, key, empty, toRow }) {
  let next = '';
  const load = async (again = false) => {
    const query = new URLSearchParams({ pageSize: '20' });
    if (again) {
      query.set('pageToken', next);
    }
    try {
      const page = await get(`${path}?${query}`);
      showPage($(table), (page[key] ?? []).map(toRow), { append: again, empty, more: $(more), token: page.nextPageToken });
      next = page.nextPageToken ?? '';
      showProblem($(error), null);
    } catch (failure) {
      if (!again) {
        emptyTable($(table), $(more));
      }
      showProblem($(error), failure);
    }
  };
  $(more).addEventListener('click', () => load(true));
  return load;
}

const importRow = (i) => {
  // The list holds at most 20 of a batch's flagged records (and refused ones, counted from the totals here).
  const flagged = (i.flagged ?? []).length;
  const tr = row([chinaDateTime(i.importedAt), i.batchId, kindWords(i.kind), i.providerId, i.regionCode,
    formatCount(i.received ?? 0), formatCount(i.accepted ?? 0), formatCount(i.replaced ?? 0),
    formatCount(Number(i.received ?? 0) - Number(i.accepted ?? 0)), flagged >= 20 ? `${flagged}+` : String(flagged)], { batchId: i.batchId });
  tr.children[1].className = 'batch-id';
  return tr;
};

const flaggedRow = (r) => row([r.uscc, kindWords(r.kind), r.key, (r.flags ?? []).map(flagWords).join(t('cr.and')),
  `${r.source?.providerId ?? ''} · ${chinaDate(r.source?.receivedAt)}`, r.regionCode ?? ''], { uscc: r.uscc });

const discrepancyRow = (d) => {
  const sizes = d.field === 'EMPLOYEES' && d.declaredSizeClass && d.verifiedSizeClass && d.declaredSizeClass !== d.verifiedSizeClass
    ? t('cd.sizeChange', { declared: t(`size.${d.declaredSizeClass}`), verified: t(`size.${d.verifiedSizeClass}`) }) : '';
  return row([`${d.name || ''} ${d.uscc}`.trim(), t(`cd.dfield.${d.field}`) === `cd.dfield.${d.field}` ? d.field : t(`cd.dfield.${d.field}`),
    d.declared ?? '', `${d.verified ?? ''}${sizes}（${sourceWords(d.verifiedBy)}）`, chinaDate(d.foundAt)], { uscc: d.uscc, field: d.field });
};

// Sets the section up for the signed-in user; returns the function that reads its lists again.
export function setUpCreditData(user) {
  const official = user.role === 'official';
  $('#discrepancies-box').hidden = !official;
  const kinds = $('#i-kind');
  const fill = () => {
    const chosen = kinds.value || 'TAX';
    kinds.replaceChildren(...KINDS.map((k) => new Option(kindWords(k), k)));
    kinds.value = chosen;
  };
  fill();
  const lists = [
    pagedList({ table: '[data-testid="imports"]', more: '#imports-more', error: '#imports-error', path: '/api/v1/credit-data/imports', key: 'imports', empty: 'cd.noImports', toRow: importRow }),
    pagedList({ table: '[data-testid="flagged"]', more: '#flagged-more', error: '#flagged-error', path: '/api/v1/credit-data/flagged', key: 'records', empty: 'cd.noFlagged', toRow: flaggedRow }),
  ];
  if (official) {
    lists.push(pagedList({
      table: '[data-testid="discrepancies"]', more: '#discrepancies-more', error: '#discrepancies-error', path: '/api/v1/credit-data/discrepancies',
      key: 'discrepancies', empty: 'cd.noDiscrepancies', toRow: discrepancyRow,
    }));
  }
  const reload = () => lists.forEach((load) => load());
  const form = $('#import-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('[type="submit"]');
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    clearErrors(form);
    try {
      await upload(form, reload);
    } catch (error) {
      showError(form, error);
    } finally {
      button.disabled = false;
    }
  });
  document.addEventListener('languagechange', () => {
    fill();
    reload();
  });
  return reload;
}
