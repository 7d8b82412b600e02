// A section's line saying what just happened. A failure is a red alert line; a success is a green line, and
// a toast in view says it too (the line may be scrolled away). words is text, or a function giving it in the
// current language, so a language switch redraws the line it left.
import { toast } from '/lib/toast.js';

const redraws = new WeakMap();

export function showNote(element, words, ok) {
  const text = typeof words === 'function' ? words : () => words;
  const draw = () => { element.textContent = text(); };
  const previous = redraws.get(element);
  if (previous) {
    document.removeEventListener('languagechange', previous);
  }
  redraws.set(element, draw);
  document.addEventListener('languagechange', draw);
  draw();
  element.className = ok ? 'form-ok' : 'form-error';
  // The toast speaks a success; the line stays quiet, so a screen reader hears it once.
  if (ok) {
    element.removeAttribute('role');
  } else {
    element.setAttribute('role', 'alert');
  }
  element.hidden = !element.textContent;
  if (ok && element.textContent) {
    toast('success', text);
  }
}

export function clearNote(element) {
  const previous = redraws.get(element);
  if (previous) {
    document.removeEventListener('languagechange', previous);
    redraws.delete(element);
  }
  element.textContent = '';
  element.hidden = true;
}
