// A file of credit records read in the browser before anything is sent: CSV (a header row of the API's field
// names, RFC 4180 quoting) or NDJSON (one JSON object a line). Each record keeps the line of the file it
// starts on. A value the API could not even read as its field's type (letters in an amount, "yes" for a
// boolean, an unknown field) would refuse a whole batch, so such a row is refused here, by its line, and
// the others go; what the rules refuse (a future year, a bad credit code) the API says per record.
import { parseJson } from '/lib/money.js';

// The API's batches: 1 to 10,000 records of one kind.
export const BATCH_SIZE = 10_000;
export const KINDS = ['TAX', 'SOCIAL_INSURANCE', 'UTILITY', 'ENFORCEMENT', 'PENALTY', 'HONOR'];

const INT32 = new Set(['year', 'insuredEmployees']);
const INT64 = new Set(['taxPaidFen', 'invoicedRevenueFen', 'electricityKwh', 'amountFen']);
const BOOLEANS = new Set(['paidOnTime', 'dishonest']);
const ENUMS = { taxCreditRating: ['A', 'B', 'M', 'C', 'D'], severity: ['MINOR', 'SERIOUS'] };
const TEXT = new Set(['uscc', 'month', 'court', 'caseNumber', 'listedOn', 'liftedOn', 'authority', 'decidedOn', 'description', 'kind']);
export const FIELDS = new Set([...INT32, ...INT64, ...BOOLEANS, ...Object.keys(ENUMS), ...TEXT]);

const INT32_MAX = 2_147_483_647n;
const INT64_MAX = 9_223_372_036_854_775_807n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// A problem found here: the field it is about and a key of the page's words (with its values).
const problem = (field, key, values = {}) => ({ field, key, values });

// RFC 4180: fields separated by commas, quoted with "" inside quotes; a quoted field may span lines. Each row
// with the line it starts on; blank lines are skipped.
export function parseCsv(text) {
  const rows = [];
  let cells = [];
  let cell = '';
  let quoted = false;
  let fresh = true;
  let line = 1;
  let start = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) {
      rows.push({ line: start, cells });
    }
    cells = [];
    cell = '';
    fresh = true;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        line += c === '\n' ? 1 : 0;
        cell += c;
      }
    } else if (c === '"' && fresh) {
      quoted = true;
      fresh = false;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      fresh = true;
    } else if (c === '\n') {
      endRow();
      line++;
      start = line;
    } else if (c !== '\r') {
      cell += c;
      fresh = false;
    }
  }
  endRow();
  return rows;
}

function integer(field, value, max) {
  let n;
  if (typeof value === 'bigint') {
    n = value;
  } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
    n = BigInt(value);
  } else if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) {
    n = BigInt(value.trim());
  } else {
    return { problem: problem(field, 'cf.integer', { value: String(value) }) };
  }
  if (n > max || n < -max - 1n) {
    return { problem: problem(field, 'cf.tooLarge', { value: n.toString() }) };
  }
  // A JSON number where it is exact; beyond 2^53 the digits as a string, which the API reads exactly.
  return { value: n <= SAFE && n >= -SAFE ? Number(n) : n };
}

function convert(field, value) {
  if (INT32.has(field)) {
    return integer(field, value, INT32_MAX);
  }
  if (INT64.has(field)) {
    return integer(field, value, INT64_MAX);
  }
  if (BOOLEANS.has(field)) {
    if (typeof value === 'boolean') {
      return { value };
    }
    const text = String(value).trim().toLowerCase();
    if (text === 'true' || text === '1') {
      return { value: true };
    }
    if (text === 'false' || text === '0') {
      return { value: false };
    }
    return { problem: problem(field, 'cf.boolean', { value: String(value) }) };
  }
  if (field in ENUMS) {
    const text = String(value).trim().toUpperCase();
    return ENUMS[field].includes(text) ? { value: text } : { problem: problem(field, 'cf.oneOf', { value: String(value), values: ENUMS[field].join(', ') }) };
  }
  if (typeof value !== 'string') {
    return { problem: problem(field, 'cf.text', { value: String(value) }) };
  }
  return { value: value.trim() };
}

// One row (an object of raw values) as the API's record, or its problems. Empty values are left out: the
// API reads an absent field as "not given", as a file's empty cell means.
export function toRecord(raw) {
  const record = {};
  const problems = [];
  for (const [field, value] of Object.entries(raw)) {
    if (!FIELDS.has(field)) {
      problems.push(problem(field, 'cf.unknownField'));
      continue;
    }
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      continue;
    }
    const converted = convert(field, value);
    if (converted.problem) {
      problems.push(converted.problem);
    } else {
      record[field] = converted.value;
    }
  }
  return problems.length ? { problems } : { record };
}

function fromCsv(text) {
  const rows = parseCsv(text);
  if (!rows.length) {
    return { fileProblem: problem('', 'cf.empty') };
  }
  const [head, ...body] = rows;
  const header = head.cells.map((c) => c.trim());
  const unknown = header.filter((name) => !FIELDS.has(name));
  const twice = header.filter((name, i) => header.indexOf(name) !== i);
  if (unknown.length || twice.length || !header.includes('uscc')) {
    return { fileProblem: problem('', 'cf.header', { unknown: unknown.join(', '), twice: twice.join(', '), fields: [...FIELDS].join(', ') }) };
  }
  return {
    rows: body.map(({ line, cells }) => (cells.length !== header.length
      ? { line, problems: [problem('', 'cf.cells', { n: cells.length, header: header.length })] }
      : { line, ...toRecord(Object.fromEntries(header.map((name, i) => [name, cells[i]]))) })),
  };
}

function fromNdjson(text) {
  const rows = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((content, i) => {
    if (!content.trim()) {
      return;
    }
    let raw;
    try {
      raw = parseJson(content);
    } catch {
      raw = null;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      rows.push({ line: i + 1, problems: [problem('', 'cf.notObject')] });
      return;
    }
    rows.push({ line: i + 1, ...toRecord(raw) });
  });
  return rows.length ? { rows } : { fileProblem: problem('', 'cf.empty') };
}

// NDJSON by its name (.ndjson, .jsonl, .json) or by a first character of "{"; CSV otherwise.
export function readRecords(name, text) {
  const json = /\.(nd)?jsonl?$/i.test(name) || /^\uFEFF?\s*\{/.test(text);
  return json ? fromNdjson(text) : fromCsv(text);
}

// The API's batches of the good rows, each with an id made from the file (its name and size), the kind and
// its number, so that sending the same file again is answered as a repeat and stores nothing twice.
export function batchesOf(rows, { name, size, kind }) {
  const good = rows.filter((r) => r.record);
  const count = Math.ceil(good.length / BATCH_SIZE);
  const plainName = name.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return Array.from({ length: count }, (_, n) => {
    const suffix = `:${size}:${kind}:${n + 1}`;
    const id = Array.from(plainName).slice(0, 100 - suffix.length).join('') + suffix;
    const part = good.slice(n * BATCH_SIZE, (n + 1) * BATCH_SIZE);
    return { batchId: id, kind, lines: part.map((r) => r.line), records: part.map((r) => r.record) };
  });
}
