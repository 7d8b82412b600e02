// The months a dashboard shows and its figures over them, from what the totals API answers: the breakdown
// by month has a row only for a month in which something happened, its flows the month's and its stocks
// (the enterprises registered, the balances and their ratios) those at the month's end. Every sum is BigInt.
import { toBigInt } from '/lib/money.js';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

// The market's flows and the loans' flows: a range's figure is the sum of its months'.
export const FLOWS = ['matchedDeals', 'creditGrantedFen', 'applications', 'rejected', 'subsidyClaimsPaid', 'subsidyPaidFen'];
export const LOAN_FLOWS = ['loansDisbursed', 'disbursedFen', 'creditLoanDisbursedFen', 'firstLoanFirms', 'firstLoanFen',
  'repaidPrincipalFen', 'repaidInterestFen', 'renewals', 'renewedFen', 'noRepaymentRenewals', 'noRepaymentRenewedFen', 'writtenOffFen'];
// Stocks at a month's end: a month without a row has those of the last month before it that has one.
const LOAN_STOCKS = ['balanceFen', 'inclusiveBalanceFen', 'creditLoanBalanceFen', 'overdueBalanceFen', 'overdueRatioBp', 'creditLoanShareBp'];

// "2026-01" and -2 → "2025-11".
export function addMonths(month, count) {
  const [year, number] = month.split('-').map(Number);
  const index = year * 12 + number - 1 + count;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthsOf({ from, to }) {
  const months = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) {
    months.push(month);
  }
  return months;
}

// The ranges offered beside the pickers, ending with the platform's month (today: "YYYY-MM-DD").
export function presets(today) {
  const month = today.slice(0, 7);
  const year = Number(today.slice(0, 4));
  return {
    last12: { from: addMonths(month, -11), to: month },
    thisYear: { from: `${year}-01`, to: month },
    lastYear: { from: `${year - 1}-01`, to: `${year - 1}-12` },
  };
}

const sum = (rows, read) => rows.reduce((total, row) => total + toBigInt(read(row)), 0n);

// Every month of the range in order, each with its flows (0 in a month without a row) and its stocks.
export function fillMonths(rows, range) {
  const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
  let before = null;
  let next = 0;
  return monthsOf(range).map((month) => {
    while (next < sorted.length && sorted[next].key < month) {
      before = sorted[next];
      next += 1;
    }
    if (sorted[next]?.key === month) {
      before = sorted[next];
      next += 1;
      return before;
    }
    const loans = {};
    for (const name of LOAN_STOCKS) {
      if (before?.loans?.[name] !== undefined) {
        loans[name] = before.loans[name];
      }
    }
    return { key: month, label: month, enterprisesRegistered: before?.enterprisesRegistered ?? 0n, loans };
  });
}

// The range's figures from its filled months: flows summed, stocks at its last month's end. The distinct
// counts (enterprises served, principal subsidised once per programme and loan) cannot be summed over months
// and are not among them.
export function overRange(months) {
  const last = months.at(-1) ?? { loans: {} };
  const figures = Object.fromEntries(FLOWS.map((name) => [name, sum(months, (row) => row[name])]));
  figures.enterprisesRegistered = toBigInt(last.enterprisesRegistered);
  figures.loans = Object.fromEntries(LOAN_FLOWS.map((name) => [name, sum(months, (row) => row.loans?.[name])]));
  for (const name of LOAN_STOCKS) {
    if (last.loans?.[name] !== undefined) {
      figures.loans[name] = toBigInt(last.loans[name]);
    }
  }
  return figures;
}

// The rows of one breakdown (by bank or industry) over several months, each key's flows summed.
export function mergeRows(monthsOfRows) {
  const merged = new Map();
  for (const row of monthsOfRows.flat()) {
    const into = merged.get(row.key) ?? { key: row.key, label: row.label, loans: {} };
    for (const name of FLOWS) {
      into[name] = toBigInt(into[name]) + toBigInt(row[name]);
    }
    for (const name of LOAN_FLOWS) {
      into.loans[name] = toBigInt(into.loans[name]) + toBigInt(row.loans?.[name]);
    }
    merged.set(row.key, into);
  }
  return [...merged.values()];
}
