// Code lists as pickers, in the page's language: industries (GB/T 4754-2017, each division under its
// section) and regions (GB/T 2260, those the platform names). Read once a page; a list that cannot be read
// leaves the select with what it holds (the current value stays a choice), and the error is thrown.
import { get } from '/lib/http.js';
import { language } from '/lib/i18n.js';

let industries;
const regions = new Map();

// An item's name in the page's language (the other's when it has none, its code when it has neither).
export const nameOf = (item) => (language() === 'en' ? item.englishName || item.name : item.name || item.englishName) || item.code;
const named = nameOf;

// The code lists, read once a page and shared by every picker and label on it; a failed read is tried
// again next time.
export function industryList() {
  industries ??= get('/api/v1/industries').then((answer) => answer.industries ?? []);
  industries.catch(() => { industries = undefined; });
  return industries;
}

export function regionList(within) {
  if (!regions.has(within)) {
    const list = get(`/api/v1/regions?within=${encodeURIComponent(within)}`).then((answer) => answer.regions ?? []);
    list.catch(() => regions.delete(within));
    regions.set(within, list);
  }
  return regions.get(within);
}

// The select keeps its first option (the "choose" line) and its value, even when the list lacks it.
function refill(select, options, keep = select.value) {
  const first = select.options[0]?.value === '' ? select.options[0] : null;
  select.replaceChildren(...(first ? [first] : []), ...options);
  if (keep && ![...select.options].some((o) => o.value === keep)) {
    select.append(new Option(keep, keep));
  }
  select.value = keep;
}

// Divisions grouped by their section ("C 制造业" → "C34 通用设备制造业").
export async function fillIndustries(select, keep = select.value) {
  const list = await industryList();
  const groups = [];
  for (const item of list) {
    if (item.code.length === 1) {
      groups.push(Object.assign(document.createElement('optgroup'), { label: `${item.code} ${named(item)}` }));
    } else {
      groups.at(-1)?.append(new Option(`${item.code} ${named(item)}`, item.code));
    }
  }
  refill(select, groups, keep);
}

// The regions within a code (a province's two digits, a city's four); only those of the given code lengths.
export async function fillRegions(select, within, { lengths = [2, 4, 6], keep = select.value } = {}) {
  // The value holds while the list is read.
  refill(select, [...select.options].filter((o) => o.value), keep);
  const list = await regionList(within);
  refill(select, list.filter((r) => lengths.includes(r.code.length)).map((r) => new Option(`${named(r)}（${r.code}）`, r.code)), keep);
}
