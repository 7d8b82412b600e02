// Money as district reports state it, from integer fen with BigInt arithmetic only: a float would turn
// 8.485 亿元 into 8.48 (8.485 has no exact binary form), and loses whole fen above 2^53.

const FEN_PER_WAN = 1_000_000n; // 1 万元
const FEN_PER_WAN_CENT = 10_000n; // 0.01 万元 = 100 元
const FEN_PER_YI_CENT = 100_000_000n; // 0.01 亿元 = 1 000 000 元
const WAN_CENTS_PER_YI = 1_000_000n; // 10000.00 万元

// int64 arrives as a JSON number or, from proto3 JSON writers, as a decimal string; absent means 0.
export function toBigInt(value) {
  if (value === undefined || value === null) {
    return 0n;
  }
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return BigInt(value);
  }
  throw new TypeError(`not an integer: ${value}`);
}

// JSON.parse, but every integer comes back as a BigInt read from its own digits, so a figure above
// 2^53 is not rounded on the way in. A browser without the reviver's source text can only be exact
// below 2^53, and says so rather than show a rounded figure.
export function parseJson(text) {
  return JSON.parse(text, (key, value, context) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return value;
    }
    if (context && /^-?\d+$/.test(context.source)) {
      return BigInt(context.source);
    }
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`${key} is beyond 2^53 and this browser cannot read it exactly`);
    }
    return BigInt(value);
  });
}

const abs = (n) => (n < 0n ? -n : n);

// Half up (away from zero) to whole units.
function roundTo(fen, unit) {
  const rounded = (abs(fen) + unit / 2n) / unit;
  return fen < 0n ? -rounded : rounded;
}

// Hundredths of a unit as "-1,234.56": grouped in threes, as the amounts of district reports are written.
function withCents(cents) {
  const digits = abs(cents).toString().padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0n ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

// The one way a page shows an amount: exact 元 below 1 万元 ("2,493.15 元"), then 万元 ("1,234.56 万元"),
// then 亿元 ("8.48 亿元"), two decimals rounded half up. The switch to 亿元 is made on the rounded 万元
// figure, so no amount is ever shown as "10,000.00 万元".
export function formatFen(value) {
  const fen = toBigInt(value);
  if (abs(fen) < FEN_PER_WAN) {
    return formatYuan(fen);
  }
  const wanCents = roundTo(fen, FEN_PER_WAN_CENT);
  return abs(wanCents) < WAN_CENTS_PER_YI ? `${withCents(wanCents)} 万元` : `${withCents(roundTo(fen, FEN_PER_YI_CENT))} 亿元`;
}

// The exact amount, for a tooltip, for screen readers and for a figure that must not be rounded: "123,456.78 元".
export function formatYuan(value) {
  return `${withCents(toBigInt(value))} 元`;
}

export function formatCount(value) {
  return toBigInt(value).toString();
}

// An amount as people type it → fen, exactly: "1,234.5" or "1234.50元" (at most two decimals) and "50万",
// "1.5 万元" (万元, at most six decimals: 0.000001 万元 is one fen); null when it is none of these.
export function parseYuan(text) {
  const match = /^\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d+))?\s*(万元|万|元)?\s*$/.exec(text ?? '');
  if (!match) {
    return null;
  }
  const wan = (match[3] ?? '').startsWith('万');
  const decimals = match[2] ?? '';
  if (decimals.length > (wan ? 6 : 2)) {
    return null;
  }
  const whole = BigInt(match[1].replace(/,/g, ''));
  return wan ? whole * FEN_PER_WAN + BigInt(decimals.padEnd(6, '0')) : whole * 100n + BigInt(decimals.padEnd(2, '0'));
}

// 345 bp → "3.45%", from the integer.
export function formatBp(value) {
  const bp = toBigInt(value);
  const sign = bp < 0n ? '-' : '';
  const magnitude = bp < 0n ? -bp : bp;
  return `${sign}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}%`;
}
