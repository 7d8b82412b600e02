// Names in the page's language. The regions an official may pick: their own and those the platform names
// within it (GET /api/v1/regions?within=), in code order, each indented under the one above it; a region the
// platform does not name is shown by its code. Industry sections: the totals label them in Chinese, and
// GET /api/v1/industries gives their English names.
import { t } from '/lib/i18n.js';
import { industryList, nameOf, regionList } from '/lib/pickers.js';

const names = new Map();
const sections = new Map();

export async function loadIndustries() {
  try {
    for (const industry of await industryList()) {
      if (industry.code.length === 1) {
        sections.set(industry.code, industry);
      }
    }
  } catch {
    // The totals' own labels stand.
  }
}

// A breakdown row's label in the page's language: "C 制造业" / "C Manufacturing".
export function industryLabel(row) {
  const section = sections.get(row.key);
  if (!section) {
    return row.label || row.key;
  }
  return `${row.key} ${nameOf(section)}`;
}

// "运河区（130903）" / "Yunhe District (130903)", or the code alone.
export function regionName(code) {
  const known = names.get(code);
  if (!known) {
    return code;
  }
  return t('d.regionNamed', { name: nameOf(known), code });
}

// Fills the <select> with the official's own region and the named regions within it; the list stays the own
// region alone when the platform cannot say (the page works on, by code).
export async function loadRegions(select, own) {
  let regions = [];
  try {
    regions = await regionList(own);
  } catch {
    regions = [];
  }
  for (const region of regions) {
    names.set(region.code, region);
  }
  const codes = [own, ...regions.map((r) => r.code).filter((code) => code !== own && code.startsWith(own))];
  const chosen = select.value;
  select.replaceChildren(...codes.map((code) => {
    const option = document.createElement('option');
    option.value = code;
    return option;
  }));
  drawRegions(select, own);
  select.value = codes.includes(chosen) ? chosen : own;
}

// The options' words, again on a language switch. Each level below the official's own is indented by an
// ideographic space, which screen readers pass over.
export function drawRegions(select, own) {
  for (const option of select.options) {
    const depth = Math.max(0, (option.value.length - own.length) / 2);
    option.textContent = `${'\u3000'.repeat(depth)}${regionName(option.value)}`;
  }
}
