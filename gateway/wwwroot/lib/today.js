// The platform's date (GET /api/v1/today), by which a page reckons deadlines, overdue marks and default
// dates: the demo clock's in a demo, which may run ahead of the browser's, and in Asia/Shanghai whatever the
// browser's zone. Read as the page starts and again every few minutes; the browser's date in Asia/Shanghai
// stands in only until the first answer, or while the platform cannot be asked.
const EVERY = 5 * 60 * 1000;
let known = null;

function browserToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export async function loadToday() {
  try {
    const response = await fetch('/api/v1/today', { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.ok) {
      const body = await response.json();
      if (/^\d{4}-\d{2}-\d{2}$/.test(body.today ?? '')) {
        known = body.today;
      }
    }
  } catch {
    // Not reachable now: the last date read (or the browser's) stands until the next attempt.
  }
  return today();
}

export function today() {
  return known ?? browserToday();
}

setInterval(loadToday, EVERY);
