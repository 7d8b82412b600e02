// What just happened, said where the user is looking: a toast at the foot of the screen, green with a tick
// for a success, red for a failure. Its words are drawn from a function, so a language switch redraws it.
// A success leaves by itself after a while; a failure stays until it is closed, since it needs reading.
import { icon } from '/lib/icons.js';
import { t } from '/lib/i18n.js';

const STAY = 8000;

function region() {
  let box = document.getElementById('toasts');
  if (!box) {
    box = Object.assign(document.createElement('div'), { id: 'toasts' });
    box.dataset.testid = 'toasts';
    document.body.append(box);
  }
  return box;
}

// kind: 'success' | 'error' | 'info'; words: () => text in the current language.
// The region exists before any toast, so that a screen reader already watches it when one comes.
export function prepareToasts() {
  region();
}

export function toast(kind, words) {
  const item = document.createElement('div');
  item.className = `toast ${kind}`;
  // An error interrupts (assertive); a success or a note waits for a pause in speech.
  item.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  item.dataset.kind = kind;
  item.innerHTML = `${icon(kind === 'success' ? 'check' : kind === 'error' ? 'alert' : 'info')}<p></p>
    <button type="button">${icon('close')}</button>`;
  const text = item.querySelector('p');
  const close = item.querySelector('button');
  const draw = () => {
    text.textContent = words();
    close.setAttribute('aria-label', t('close'));
  };
  const leave = () => {
    document.removeEventListener('languagechange', draw);
    item.remove();
  };
  close.addEventListener('click', leave);
  document.addEventListener('languagechange', draw);
  // In the live region first, then its words: what changes inside a live region is what gets read out.
  region().append(item);
  draw();
  if (kind !== 'error') {
    setTimeout(leave, STAY);
  }
  return item;
}

export const succeeded = (words) => toast('success', words);
export const failed = (words) => toast('error', words);
