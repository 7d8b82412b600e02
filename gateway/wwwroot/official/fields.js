// Reading the officials' forms beyond what /lib/fields.js reads (元 as fen, % as basis points): optional
// whole numbers, code lists, and the tables and notes of this page.
import { messageOf, onSubmit } from '/lib/forms.js';
import { refusal, required } from '/lib/fields.js';
import { t } from '/lib/i18n.js';
import { clearNote, showNote } from '/lib/notes.js';
import { formatFen, formatYuan, toBigInt } from '/lib/money.js';

// Empty is 0, which the API reads as "not given" (a default or "not used").
export function wholeOrZero(form, name) {
  const text = String(form.get(name) ?? '').trim();
  if (!/^\d{0,9}$/.test(text)) {
    throw refusal(name, 'f.whole');
  }
  return Number(text || '0');
}

// A cell with the amount as district reports state it and the exact 元 as its tooltip.
export function moneyCell(cell, fen) {
  cell.textContent = formatFen(fen);
  cell.title = formatYuan(fen);
  cell.dataset.value = toBigInt(fen).toString();
  return cell;
}

// A section's refusal or failure, in its own alert line rather than an empty list.
export function showProblem(element, error) {
  element.textContent = error ? messageOf(error) : '';
  element.hidden = !error;
}

// A confirmation below a form, apart from its error line (which must stay red); cleared by the next submit.
export function confirm(form, words) {
  let note = form.querySelector('[data-confirmation]');
  if (!note) {
    note = document.createElement('p');
    note.dataset.confirmation = '';
    form.append(note);
    form.addEventListener('submit', () => clearNote(note));
  }
  showNote(note, words, true);
}

// A list that could not be read again: the rows shown before would pass for the current ones beside the
// error, so they go (a failed "more" keeps the rows already read, which are as current as they were).
export function emptyTable(table, more) {
  table.querySelector('tbody').replaceChildren();
  more.hidden = true;
}

// One page of a paged list into its table (after the rows shown, for "more"), a line when there is none,
// and the "more" button while the API has another page.
export function showPage(table, rows, { append, empty, more, token }) {
  const body = table.querySelector('tbody');
  if (append) {
    body.append(...rows);
  } else {
    body.replaceChildren(...rows);
  }
  if (!body.children.length) {
    body.innerHTML = `<tr><td colspan="${table.tHead.rows[0].cells.length}" class="muted">${t(empty)}</td></tr>`;
  }
  more.hidden = !token;
}

// A reason asked for beside an item before an action that needs one (rejecting a claim, closing a
// programme): a required field, a cancel button and the action's own, in red. label and go give their words
// in the current language; send(reason, key, done) confirms and acts, throwing the API's refusal to show it
// by the field, and calls done() once the action went through. The form leaves on cancel or done, and
// leave() takes away what held it.
export function reasonForm({ id, label, go, send, leave = () => {} }) {
  const form = document.createElement('form');
  form.className = 'reason';
  form.noValidate = true;
  form.innerHTML = `<p class="form-error" role="alert" hidden></p>
    <div class="field"><label></label><input name="reason" maxlength="500" autocomplete="off"></div>
    <div class="buttons"><button type="button"></button><button type="submit" class="danger"></button></div>`;
  const input = form.querySelector('input');
  // The id comes from the API: set as an attribute, never parsed as markup.
  input.id = id;
  form.querySelector('label').htmlFor = id;
  const [cancel, submit] = form.querySelectorAll('.buttons button');
  const draw = () => {
    form.querySelector('label').textContent = label();
    cancel.textContent = t('cancel');
    submit.textContent = go();
  };
  draw();
  document.addEventListener('languagechange', draw);
  const done = () => {
    document.removeEventListener('languagechange', draw);
    form.remove();
    leave();
  };
  cancel.addEventListener('click', done);
  onSubmit(form, async (data, key) => send(required(data, 'reason'), key, done));
  return form;
}
