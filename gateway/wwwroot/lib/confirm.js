// A second look before what cannot be undone (approve, reject, pay, delist): a dialog that shows what is
// about to happen, line by line, and waits for a yes. Cancel is where the focus starts, so an Enter pressed
// out of habit changes nothing; Escape cancels too.
import { icon } from '/lib/icons.js';
import { t } from '/lib/i18n.js';

// title: the question; lines: [[label, value], ...]; go: the confirming button's words; danger: styled as
// one that refuses or removes. Resolves true once confirmed, false otherwise.
export function confirmAction({ title, lines = [], go, danger = false, note = '' }) {
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.dataset.testid = 'confirm';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.innerHTML = `<h2 id="confirm-title">${icon(danger ? 'alert' : 'info')}<span></span></h2>
    <dl class="pairs"></dl><p class="hint"></p>
    <div class="buttons"><button type="button" value="cancel"></button><button type="button" value="go"></button></div>`;
  dialog.querySelector('h2 span').textContent = title;
  const list = dialog.querySelector('dl');
  for (const [label, value] of lines) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  list.hidden = lines.length === 0;
  const hint = dialog.querySelector('p.hint');
  hint.textContent = note || t('cannotUndo');
  const [cancel, confirm] = dialog.querySelectorAll('button');
  cancel.textContent = t('cancel');
  confirm.textContent = go;
  confirm.className = danger ? 'danger' : 'primary';
  document.body.append(dialog);
  return new Promise((resolve) => {
    const finish = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    dialog.showModal();
    cancel.focus();
  });
}
