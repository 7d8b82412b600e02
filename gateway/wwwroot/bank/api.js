// What every part of the bank's desk asks the API with: the signed-in bank's own id, every page of a list,
// and today's date where deadlines are counted (Asia/Shanghai, whatever the browser's zone).
import { session } from '/lib/session.js';

export const bankId = () => session.current.subject;

export const bankPath = (rest = '') => `/api/v1/banks/${encodeURIComponent(bankId())}${rest}`;

// Every page of a list (a bank's figures need them all).
export { everything } from '/lib/http.js';

// The platform's date, not the browser's (a demo's clock runs ahead of it).
export { today as todayInShanghai } from '/lib/today.js';

// A section's note: green with a toast for a success, a red alert for a failure.
export { showNote } from '/lib/notes.js';
