// Codes chosen by name rather than typed: a searchable list of checkboxes over a code list the API serves
// (GET /api/v1/industries), in the page's language, with a line saying what is chosen. The boxes carry the
// fieldset's name, so the form reads the codes ticked like any group of boxes, and a violation of the list
// ("eligibility.industryCodes[1]") lands beside it.
import { language, t } from '/lib/i18n.js';
import { nameOf } from '/lib/pickers.js';

const inWords = (item) => {
  const name = nameOf(item);
  if (name === item.code) {
    return name;
  }
  return language() === 'en' ? `${name} (${item.code})` : `${name}（${item.code}）`;
};

// fieldset: the group (its name is the field's); items: [{code, name, englishName}] in the API's order, a
// section before its divisions; words: the keys of the search label, of the line for nothing chosen and of
// the line for what is.
export function codePicker(fieldset, items, { search, none, chosen }) {
  const name = fieldset.getAttribute('name');
  const id = fieldset.id;
  const known = new Map(items.map((item) => [item.code, item]));
  fieldset.insertAdjacentHTML('beforeend', `<div class="field"><label for="${id}-search"></label>
      <input id="${id}-search" type="search" autocomplete="off" aria-controls="${id}-list"></div>
    <p class="chosen" id="${id}-chosen" aria-live="polite"></p>
    <div class="picker-list" id="${id}-list"></div>`);
  const query = fieldset.querySelector(`#${id}-search`);
  const summary = fieldset.querySelector('.chosen');
  const list = fieldset.querySelector('.picker-list');
  summary.dataset.testid = `${id}-chosen`;

  function box(item) {
    const field = document.createElement('div');
    // A division ("C36") sits under its section ("C"): ticking the section covers them all.
    field.className = item.code.length > 1 ? 'field check sub' : 'field check';
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', name, value: item.code, id: `${id}-${item.code}` });
    const label = document.createElement('label');
    label.htmlFor = input.id;
    field.append(input, label);
    return field;
  }

  const boxes = () => [...list.querySelectorAll('input[type="checkbox"]')];

  function draw() {
    fieldset.querySelector(`label[for="${id}-search"]`).textContent = t(search);
    for (const input of boxes()) {
      const item = known.get(input.value) ?? { code: input.value };
      const named = nameOf(item);
      input.labels[0].textContent = named === item.code ? item.code : `${named} ${item.code}`;
    }
    const ticked = boxes().filter((input) => input.checked).map((input) => known.get(input.value) ?? { code: input.value });
    summary.textContent = ticked.length
      ? t(chosen, { n: ticked.length, names: ticked.map(inWords).join(language() === 'en' ? ', ' : '、') })
      : t(none);
  }

  // A section stays in view while one of its divisions matches, so the match is read in its place.
  function filter() {
    const words = query.value.trim().toLowerCase();
    const matches = (item) => !words || item.code.toLowerCase().startsWith(words)
      || (item.name ?? '').toLowerCase().includes(words) || (item.englishName ?? '').toLowerCase().includes(words);
    const shown = new Set(items.filter(matches).map((item) => item.code));
    for (const code of [...shown]) {
      shown.add(code.slice(0, 1));
    }
    for (const input of boxes()) {
      input.closest('.field').hidden = !shown.has(input.value) && !input.checked;
    }
  }

  list.append(...items.map(box));
  query.addEventListener('input', filter);
  // Enter in the search box looks, it does not send the form.
  query.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
    }
  });
  list.addEventListener('change', draw);
  // A form reset clears the boxes and the search after its event: the list is drawn again once it has.
  fieldset.form?.addEventListener('reset', () => setTimeout(() => {
    filter();
    draw();
  }));
  document.addEventListener('languagechange', draw);
  draw();

  return {
    // The codes of a programme being edited; one the list does not know is added under its code.
    set(codes) {
      for (const code of codes) {
        if (!known.has(code) && !boxes().some((input) => input.value === code)) {
          list.append(box({ code }));
        }
      }
      for (const input of boxes()) {
        input.checked = codes.includes(input.value);
      }
      query.value = '';
      filter();
      draw();
    },
  };
}
