// A refused field in the page's language and the user's units, written from the API's reason code and its
// values (docs/api.md lists them): an amount (a field named …Fen) in 元 or 万元, a rate or share (…Bp) in %,
// another field by the label its input carries. A reason the page does not know keeps the API's words.
import { addStrings, has, t } from '/lib/i18n.js';
import { formatBp, formatFen } from '/lib/money.js';

addStrings({
  zh: {
    'v.REQUIRED': '请填写此项', 'v.TOO_LONG': '最多 {max} 个字', 'v.CONTROL_CHARACTERS': '不能含有控制字符',
    'v.HIDDEN_CHARACTER': '含有看不见的格式字符（第 {position} 个字符），请删除后重新输入',
    'v.OUT_OF_RANGE': '应在 {min} 至 {max} 之间，您填写的是 {got}', 'v.NOT_ONE_OF': '请从给出的选项中选择',
    'v.NOT_A_DATE': '请填写日期（年-月-日）', 'v.DATE_OUT_OF_RANGE': '日期应在 {min} 至 {max} 之间', 'v.NOT_A_MONTH': '请填写月份（年-月）',
    'v.MONTH_OUT_OF_RANGE': '月份应在 {min} 至 {max} 之间', 'v.TOO_MANY_ENTRIES': '最多 {max} 项', 'v.REPEATED_ENTRY': '有重复的项',
    'v.MORE_NOT_REPORTED': '还有其他问题未列出', 'v.NOT_AN_ID': '编号无效，请刷新页面后重试', 'v.BAD_PAGE_TOKEN': '列表已变化，请刷新页面',
    'v.SAME_AS_CURRENT': '与现在的内容相同', 'v.ONE_OF_REQUIRED': '请至少填写其中一项：{fields}', 'v.listJoin': '、', 'v.NOT_APPLICABLE': '此项不适用于当前选择',
    'v.BELOW_FIELD': '不能低于“{field}”（{min}）', 'v.ABOVE_FIELD': '不能高于“{field}”（{max}）', 'v.NOT_AFTER_FIELD': '应晚于“{field}”（{min}）',
    'v.SPAN_TOO_LONG': '时间跨度最长 {maxDays} 天', 'v.SUM_NOT': '合计应为 {expected}，现为 {got}',
    'v.USCC_LENGTH': '统一社会信用代码应为 18 位，现为 {got} 位', 'v.USCC_CHARACTER': '第 {position} 位“{character}”不是代码使用的字符（不用 I、O、S、V、Z）',
    'v.USCC_STRUCTURE': '第 {position} 位“{character}”不符合代码结构（登记管理部门或机构类别有误）', 'v.USCC_CHECK_CHARACTER': '校验码不符，最后一位应为 {expected}',
    'v.USCC_REGION': '代码第 3–8 位（{region}）不是行政区划代码',
    'v.INDUSTRY_CODE_FORMAT': '请填写国民经济行业代码：门类字母加两位大类，如 C34', 'v.INDUSTRY_SECTION': '“{section}”不是国民经济行业门类（A–T）',
    'v.INDUSTRY_DIVISION': '{section}{division} 不属于门类 {section}（应为 {section}{from}–{section}{to}）', 'v.INDUSTRY_AMBIGUOUS': '“{code}”包含规模标准不同的行业，请选择更细的行业，如 {example}',
    'v.REGION_CODE': '请填写 6 位行政区划代码，如 130903', 'v.REGION_PREFIX': '请填写 2、4 或 6 位行政区划代码，如 13、1309、130903', 'v.REGION_OUTSIDE': '应在 {region} 之内（发放该信用代码的登记机关所在地区）',
    'v.BANK_ID_FORMAT': '银行编号应为 2–40 位小写字母、数字或连字符', 'v.CONSENT_REQUIRED': '须先同意银行查询企业信用信息',
    'v.LOAN_NOT_DISBURSED': '该笔贷款尚未放款', 'v.LOAN_NOTHING_OUTSTANDING': '该笔贷款已无余额', 'v.LOAN_CLOSED': '该笔贷款已于 {since} 结束',
    'v.LOAN_OVERDUE': '该笔贷款 {dueOn} 到期的一期尚未归还', 'v.LOAN_IS_RENEWAL': '续贷承接原贷款余额，不再放款', 'v.LOAN_FULLY_DISBURSED': '授信金额已全部放款',
    'v.LOAN_STILL_OUTSTANDING': '尚有 {outstandingFen} 未还，请先还款或核销', 'v.MORE_THAN_OUTSTANDING': '超过未还金额 {outstanding}',
    'v.DAY_IN_FUTURE': '不能晚于今天（{today}）', 'v.BEFORE_CONTRACT_DATE': '不能早于签约日 {contractDate}', 'v.BEFORE_FIRST_DISBURSEMENT': '不能早于首次放款日 {firstDisbursedOn}',
    'v.BEFORE_LATEST_ENTRY': '不能早于最近一笔记录的日期 {latestEntryOn}', 'v.INTEREST_NOT_ACCRUED': '利息尚未发生：该期间最早可于 {claimOn} 申请',
    'v.BEYOND_LOAN_TERM': '超出贷款期限（{endsOn} 到期）', 'v.BEYOND_PROGRAMME_MONTHS': '超出贴息期限（最长 {maxMonths} 个月，至 {endsOn}）',
    'v.NOT_A_WEEKEND_DAY': '{day} 不是周末', 'v.ALSO_A_HOLIDAY': '{day} 同时被列为节假日', 'v.NOT_IN_YEAR': '{day} 不在 {year} 年内',
    'v.URL_FORMAT': '请填写完整网址，最多 {max} 个字符', 'v.URL_NOT_HTTPS': '网址须以 https 开头', 'v.URL_CREDENTIALS': '网址不能含用户名、密码或 # 片段',
    'v.URL_PRIVATE': '不能是本机、内网或内部地址', 'v.SECRET_FORMAT': '密钥应为 {min}–{max} 个可打印字符，不含空格', 'v.PHONE_FORMAT': '请填写 11 位手机号码',
    'v.JSON_SYNTAX': '提交的内容无法读取，请刷新页面后重试', 'v.JSON_NOT_OBJECT': '提交的内容无法读取，请刷新页面后重试', 'v.JSON_TRAILING': '提交的内容无法读取，请刷新页面后重试',
    'v.JSON_ENCODING': '提交的内容无法读取，请刷新页面后重试', 'v.UNKNOWN_FIELD': '平台不接受此项', 'v.DUPLICATE_FIELD': '此项重复提交',
    'v.WRONG_TYPE': '格式不正确', 'v.NOT_AN_INTEGER': '请填写整数', 'v.NOT_A_NUMBER': '请填写数字', 'v.NOT_A_BOOLEAN': '请选择是或否',
    'v.CONTENT_TYPE': '提交的内容无法读取，请刷新页面后重试', 'v.IDEMPOTENCY_KEY': '请求编号无效，请刷新页面后重试',
  },
  en: {
    'v.REQUIRED': 'Please fill this in', 'v.TOO_LONG': 'At most {max} characters', 'v.CONTROL_CHARACTERS': 'Must not contain control characters',
    'v.HIDDEN_CHARACTER': 'Contains an invisible formatting character (character {position}); delete it and type again',
    'v.OUT_OF_RANGE': 'Must be between {min} and {max}; you entered {got}', 'v.NOT_ONE_OF': 'Please choose one of the options',
    'v.NOT_A_DATE': 'Please enter a date (year-month-day)', 'v.DATE_OUT_OF_RANGE': 'The date must lie between {min} and {max}', 'v.NOT_A_MONTH': 'Please enter a month (year-month)',
    'v.MONTH_OUT_OF_RANGE': 'The month must lie between {min} and {max}', 'v.TOO_MANY_ENTRIES': 'At most {max} entries', 'v.REPEATED_ENTRY': 'An entry is repeated',
    'v.MORE_NOT_REPORTED': 'There are further problems not listed', 'v.NOT_AN_ID': 'Not a valid reference; reload the page and try again', 'v.BAD_PAGE_TOKEN': 'The list has changed; reload the page',
    'v.SAME_AS_CURRENT': 'This is what it is already', 'v.ONE_OF_REQUIRED': 'Fill in at least one of: {fields}', 'v.listJoin': ', ', 'v.NOT_APPLICABLE': 'Does not apply to the current choice',
    'v.BELOW_FIELD': 'Must not be below "{field}" ({min})', 'v.ABOVE_FIELD': 'Must not be above "{field}" ({max})', 'v.NOT_AFTER_FIELD': 'Must come after "{field}" ({min})',
    'v.SPAN_TOO_LONG': 'At most {maxDays} days', 'v.SUM_NOT': 'Must add up to {expected}; they add up to {got}',
    'v.USCC_LENGTH': 'A Unified Social Credit Code has 18 characters; this has {got}', 'v.USCC_CHARACTER': 'Character {position} "{character}" is never used in codes (no I, O, S, V, Z)',
    'v.USCC_STRUCTURE': 'Character {position} "{character}" does not fit the code\'s structure (authority or entity type)', 'v.USCC_CHECK_CHARACTER': 'The check character is wrong: the last character should be {expected}',
    'v.USCC_REGION': 'Characters 3–8 ({region}) name no region',
    'v.INDUSTRY_CODE_FORMAT': 'Please enter an industry code: the section letter and two-digit division, such as C34', 'v.INDUSTRY_SECTION': '"{section}" is not an industry section (A–T)',
    'v.INDUSTRY_DIVISION': '{section}{division} is not in section {section} ({section}{from}–{section}{to})', 'v.INDUSTRY_AMBIGUOUS': '"{code}" spans industries sized differently; choose a finer one, such as {example}',
    'v.REGION_CODE': 'Please enter a six-digit region code, such as 130903', 'v.REGION_PREFIX': 'Please enter a region code of 2, 4 or 6 digits, such as 13, 1309, 130903', 'v.REGION_OUTSIDE': 'Must lie within {region}, where the credit code was issued',
    'v.BANK_ID_FORMAT': 'A bank id has 2–40 lower-case letters, digits or hyphens', 'v.CONSENT_REQUIRED': 'Your consent to the credit query is needed first',
    'v.LOAN_NOT_DISBURSED': 'Nothing has been paid out on this loan yet', 'v.LOAN_NOTHING_OUTSTANDING': 'Nothing is owed on this loan', 'v.LOAN_CLOSED': 'This loan ended on {since}',
    'v.LOAN_OVERDUE': 'The instalment due {dueOn} is unpaid', 'v.LOAN_IS_RENEWAL': 'A renewal takes over the balance; nothing more is paid out', 'v.LOAN_FULLY_DISBURSED': 'The whole amount granted has been paid out',
    'v.LOAN_STILL_OUTSTANDING': '{outstandingFen} is still owed: repay or write it off first', 'v.MORE_THAN_OUTSTANDING': 'More than what is owed ({outstanding})',
    'v.DAY_IN_FUTURE': 'Must not be after today ({today})', 'v.BEFORE_CONTRACT_DATE': 'Must not be before the contract date {contractDate}', 'v.BEFORE_FIRST_DISBURSEMENT': 'Must not be before the first payout, {firstDisbursedOn}',
    'v.BEFORE_LATEST_ENTRY': 'Must not be before the latest entry, {latestEntryOn}', 'v.INTEREST_NOT_ACCRUED': 'The interest has not accrued yet: this period can be claimed from {claimOn}',
    'v.BEYOND_LOAN_TERM': 'Beyond the loan\'s term (ends {endsOn})', 'v.BEYOND_PROGRAMME_MONTHS': 'Beyond the subsidy\'s months (at most {maxMonths}, until {endsOn})',
    'v.NOT_A_WEEKEND_DAY': '{day} is not a weekend day', 'v.ALSO_A_HOLIDAY': '{day} is also listed as a holiday', 'v.NOT_IN_YEAR': '{day} is not in {year}',
    'v.URL_FORMAT': 'Please enter a full address of at most {max} characters', 'v.URL_NOT_HTTPS': 'The address must start with https', 'v.URL_CREDENTIALS': 'The address must carry no user, password or # fragment',
    'v.URL_PRIVATE': 'Must not be a local, private or internal address', 'v.SECRET_FORMAT': 'A secret of {min}–{max} printable characters without spaces', 'v.PHONE_FORMAT': 'Please enter an 11-digit mobile number',
    'v.JSON_SYNTAX': 'What was sent could not be read; reload the page and try again', 'v.JSON_NOT_OBJECT': 'What was sent could not be read; reload the page and try again', 'v.JSON_TRAILING': 'What was sent could not be read; reload the page and try again',
    'v.JSON_ENCODING': 'What was sent could not be read; reload the page and try again', 'v.UNKNOWN_FIELD': 'The platform does not take this', 'v.DUPLICATE_FIELD': 'Sent twice',
    'v.WRONG_TYPE': 'Not in the right form', 'v.NOT_AN_INTEGER': 'Please enter a whole number', 'v.NOT_A_NUMBER': 'Please enter a number', 'v.NOT_A_BOOLEAN': 'Please choose yes or no',
    'v.CONTENT_TYPE': 'What was sent could not be read; reload the page and try again', 'v.IDEMPOTENCY_KEY': 'Not a valid request reference; reload the page and try again',
  },
});

// "eligibility.minAmountFen", "fundingShares[0].shareBp" → the unit of the field's own name.
function unitOf(field) {
  const name = String(field ?? '').replace(/\[\d+\]/g, '').split('.').pop();
  return /Fen$/.test(name) ? 'fen' : /Bp$/.test(name) ? 'bp' : null;
}

function inUnit(value, unit) {
  if (!/^-?\d+$/.test(String(value ?? ''))) {
    return value;
  }
  return unit === 'fen' ? formatFen(BigInt(value)) : unit === 'bp' ? formatBp(BigInt(value)) : value;
}

// violation: {field, description, reason, values}; labelOf(field) names another field as the user sees it.
export function describe(violation, labelOf = () => null) {
  const key = `v.${violation.reason}`;
  if (!violation.reason || !has(key)) {
    return violation.description;
  }
  const own = unitOf(violation.field);
  const values = {};
  for (const [name, value] of Object.entries(violation.values ?? {})) {
    // A value names its own unit (gotFen, outstandingFen: shown also as got, outstanding) or is in the
    // field's (min, max, got of an amount).
    const unit = unitOf(name);
    // Other fields are named by their labels: one ("field") or a list ("fields": "principalFen,interestFen").
    values[name] = name === 'field' ? (labelOf(value) ?? value)
      : name === 'fields' ? String(value).split(',').map((f) => labelOf(f.trim()) ?? f.trim()).join(t('v.listJoin'))
        : inUnit(value, unit ?? own);
    if (unit) {
      values[name.replace(/(Fen|Bp)$/, '')] = values[name];
    }
  }
  return t(key, values);
}
