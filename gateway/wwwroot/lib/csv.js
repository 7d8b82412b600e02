// A table as a CSV file a spreadsheet opens in Chinese as readily as in English: UTF-8 with a byte-order mark
// (without it Excel reads the bytes as the system's code page and the names come out garbled), CRLF line ends,
// fields quoted where they hold a comma, a quote or a line break (RFC 4180).
import { saveFile } from '/lib/http.js';

// A cell that begins with = + - @ (or a tab or carriage return) is a formula to a spreadsheet: an enterprise
// could name itself "=HYPERLINK(...)". Such a cell gets a leading apostrophe; a number ("500000.00", "-12.5")
// stays a number to the spreadsheet.
export function cell(value) {
  let text = String(value ?? '');
  if (/^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// rows: arrays of cells, the header first.
export function toCsv(rows) {
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function saveCsv(rows, name) {
  saveFile(new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }), name);
}
