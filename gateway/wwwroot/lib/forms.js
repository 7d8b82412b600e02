// Forms speak the API's field names (name="eligibility.minTaxCreditRating"), so each message of a 400 lands
// beside the field it names; what names no field, and every refusal, shows at the top of the form.
import { t } from '/lib/i18n.js';
import { clearNote, showNote } from '/lib/notes.js';
import { describe } from '/lib/violations.js';

// The label a user reads for the input of a field the API names ("minAmountFen" → 最低额度（元）).
function labelIn(form, field) {
  const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
  return input?.labels?.[0]?.textContent.trim() || null;
}

export function clearErrors(form) {
  for (const old of form.querySelectorAll('.field-error')) {
    old.remove();
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').replace(/\S+-error\b/g, '').trim());
  }
  // The form's line says a refusal, or a success (green) once the form went through.
  const summary = form.querySelector('.form-error, .form-ok');
  if (summary) {
    clearNote(summary);
  }
}

export function showError(form, error) {
  clearErrors(form);
  const unplaced = [];
  for (const violation of error.fields ?? []) {
    const { field } = violation;
    const description = describe(violation, (other) => labelIn(form, other));
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!input) {
      unplaced.push(`${labelIn(form, field) ?? field}：${description}`);
      continue;
    }
    const note = document.createElement('p');
    note.className = 'field-error';
    note.id = `${input.id || field.replace(/\W/g, '-')}-error`;
    note.textContent = description;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${note.id}`.trim());
    (input.closest('.field') ?? input).after(note);
  }
  const summary = form.querySelector('.form-error, .form-ok');
  if (summary) {
    showNote(summary, messageOf(error, unplaced), false);
  }
  form.querySelector('[aria-invalid="true"]')?.focus();
}

export function messageOf(error, unplaced = []) {
  if (error.status === 403) {
    return t('refused', { message: error.message });
  }
  if (error.status === 0 || error.status >= 500) {
    return t('unavailable', { message: error.message });
  }
  if (error.fields?.length) {
    return [t('invalid'), ...unplaced].join(' ');
  }
  return error.message;
}

// Submits with the button disabled, so a double tap does not apply twice. The handler gets the form's data
// and an Idempotency-Key for what it creates: the same for every submit of one filling of the form (a retry
// after no answer is then done once), a new one once it went through. With clear, a form that went through
// is emptied, so its next use starts afresh rather than sending the same thing again.
export function onSubmit(form, handler, { clear = false } = {}) {
  let key = crypto.randomUUID();
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    const button = form.querySelector('[type="submit"]');
    button?.setAttribute('disabled', '');
    try {
      clearErrors(form);
      await handler(new FormData(form), key);
      key = crypto.randomUUID();
      if (clear) {
        form.reset();
      }
    } catch (error) {
      showError(form, error);
    } finally {
      busy = false;
      button?.removeAttribute('disabled');
    }
  });
}

// A form of one text field and its button, for an action on one item of a list (a reason, a note): the
// field is required, and a refusal lands beside it. `send(text)` throws the API's error to show it.
export function textForm({ id, name, label, button, maxLength, required, send }) {
  const form = document.createElement('form');
  form.noValidate = true;
  form.innerHTML = `<p class="form-error" role="alert" hidden></p>
    <div class="field"><label></label><input></div>
    <button type="submit"></button>`;
  // The id comes from the API: set as attributes, never parsed as markup.
  form.querySelector('label').htmlFor = id;
  Object.assign(form.querySelector('input'), { id, name, maxLength });
  form.querySelector('label').textContent = label;
  form.querySelector('button').textContent = button;
  onSubmit(form, async (data) => {
    const text = String(data.get(name) ?? '').trim();
    if (!text && required) {
      throw { status: 400, fields: [{ field: name, description: required }] };
    }
    await send(text);
  });
  return form;
}
