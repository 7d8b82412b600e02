// Typed values read from a form the way the API wants them: 元 as integer fen, whole numbers, a rate in %
// as integer basis points. A value that cannot be read is refused like the API would refuse it, under the
// field's own name, so the message lands beside the input before anything is sent.
import { addStrings, t } from '/lib/i18n.js';
import { formatYuan, parseYuan } from '/lib/money.js';
import { describe } from '/lib/violations.js';

addStrings({
  zh: { 'f.yuan': '请输入以元为单位的金额，如 500000、500,000.00，或以万元为单位，如 50万', 'f.whole': '请输入整数', 'f.percent': '请输入百分比，最多两位小数，如 3.45', 'f.entry': '第 {n} 项“{value}”：{description}' },
  en: { 'f.yuan': 'Please enter an amount, such as 500000, 500,000.00 or 50万', 'f.whole': 'a whole number', 'f.percent': 'a percentage with at most two decimals, e.g. 3.45', 'f.entry': 'entry {n} "{value}": {description}' },
});

export function refusal(name, key) {
  return Object.assign(new Error(t('invalid')), { status: 400, fields: [{ field: name, description: t(key) }] });
}

// Every value of a form read at once: { field: () => value }. A value that cannot be read does not stop
// the others: all that cannot are refused together, so the user corrects them in one go.
export function readAll(readers) {
  const values = {};
  const fields = [];
  for (const [name, read] of Object.entries(readers)) {
    try {
      values[name] = read();
    } catch (error) {
      fields.push(...(error.fields ?? [{ field: name, description: error.message }]));
    }
  }
  if (fields.length) {
    throw Object.assign(new Error(t('invalid')), { status: 400, fields });
  }
  return values;
}

// Text the API requires, trimmed; refused here when left empty.
export function required(form, name) {
  const text = String(form.get(name) ?? '').trim();
  if (!text) {
    throw refusal(name, 'v.REQUIRED');
  }
  return text;
}

export function fen(form, name) {
  const value = parseYuan(form.get(name));
  if (value === null) {
    throw refusal(name, 'f.yuan');
  }
  return value;
}

// The other way: integer fen as an amount input holds it ("500000.00"), which fen() reads back exactly.
export function yuanInput(value) {
  return formatYuan(value).replace(/,| 元$/g, '');
}

// A leading minus only where the API takes one (a spread below the LPR).
export function whole(form, name, { signed = false } = {}) {
  const text = String(form.get(name) ?? '').trim();
  if (!(signed ? /^-?\d+$/ : /^\d+$/).test(text)) {
    throw refusal(name, 'f.whole');
  }
  return Number(text);
}

// "3.45" (%) → 345 bp from the digits, never through a float ("4.35" * 100 is 434.99999999999994).
export function basisPoints(form, name) {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(String(form.get(name) ?? ''));
  if (!match) {
    throw refusal(name, 'f.percent');
  }
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

// "C, f52、I65" → ["C", "F52", "I65"]; empty → [] (no restriction).
export function codeList(form, name) {
  return String(form.get(name) ?? '').split(/[,，、\s]+/).map((code) => code.trim().toUpperCase()).filter(Boolean);
}

// A list is one input (or one group of boxes), but the API names its entry ("eligibility.industryCodes[1]"):
// the message goes beside the list's input, naming the entry it is about. `lists` maps each list's field
// name to the values sent.
export function onListInputs(error, lists) {
  const merged = new Map();
  const others = [];
  for (const violation of error.fields ?? []) {
    const match = /^(.*)\[(\d+)\]$/.exec(violation.field);
    const entry = match && match[1] in lists;
    if (!entry && !(violation.field in lists)) {
      // A field of its own keeps its reason, for the form to write it with the labels it shows.
      others.push(violation);
      continue;
    }
    const name = entry ? match[1] : violation.field;
    const text = entry
      ? t('f.entry', { n: Number(match[2]) + 1, value: lists[name][Number(match[2])] ?? '', description: describe(violation) })
      : describe(violation);
    merged.set(name, merged.has(name) ? `${merged.get(name)}; ${text}` : text);
  }
  error.fields = [...others, ...[...merged].map(([field, description]) => ({ field, description }))];
  return error;
}
