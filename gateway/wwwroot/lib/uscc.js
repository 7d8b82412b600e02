// GB 32100-2015, as the registry checks it, so a typing mistake shows before the form is sent (at sign-in
// and in the registration form).
import { addStrings } from '/lib/i18n.js';

addStrings({
  zh: { 'uscc.length': '应为 18 位，现为 {n} 位', 'uscc.symbol': '含有不允许的字符 {c}（不用 I、O、S、V、Z）', 'uscc.check': '校验码不符，应为 {c}', 'uscc.ok': '代码格式正确', },
  en: { 'uscc.length': 'has {n} characters; it needs 18', 'uscc.symbol': 'contains {c}, which codes never use (no I, O, S, V, Z)', 'uscc.check': 'check character is wrong; it should be {c}', 'uscc.ok': 'the code is well formed', },
});
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// null when the code is well formed and its check character right; otherwise what is wrong.
export function usccProblem(raw) {
  const code = (raw ?? '').trim().toUpperCase();
  if (code.length !== 18) {
    return { key: 'uscc.length', values: { n: code.length } };
  }
  const bad = [...code].find((c) => !ALPHABET.includes(c));
  if (bad) {
    return { key: 'uscc.symbol', values: { c: bad } };
  }
  const sum = WEIGHTS.reduce((total, weight, i) => total + ALPHABET.indexOf(code[i]) * weight, 0);
  const expected = ALPHABET[(31 - (sum % 31)) % 31];
  return expected === code[17] ? null : { key: 'uscc.check', values: { c: expected } };
}
