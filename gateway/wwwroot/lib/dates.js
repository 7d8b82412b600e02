// Instants arrive in UTC; the data's dates are Beijing dates (a contract at 07:00 on 1 April is a 1 April
// contract), so every instant a page shows is turned into Asia/Shanghai first.
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

export function chinaDate(instant) {
  return instant ? DAY.format(new Date(instant)) : '';
}

export function chinaDateTime(instant) {
  return instant ? `${chinaDate(instant)} ${TIME.format(new Date(instant))}` : '';
}
