// The platform's enums in words, for every page that shows products, enterprises or applications.
import { addStrings } from '/lib/i18n.js';

export const KINDS = ['CREDIT', 'MORTGAGE', 'GUARANTEE', 'TAX_BASED', 'PROCUREMENT', 'IP_PLEDGE', 'SUPPLY_CHAIN'];
export const SIZE_CLASSES = ['LARGE', 'MEDIUM', 'SMALL', 'MICRO'];
export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'];
// Why a bank declines: the fixed list the API takes, each with what it means and what would change it.
export const REJECTION_CODES = ['CASH_FLOW', 'COLLATERAL', 'CREDIT_HISTORY', 'ENFORCEMENT_RECORD', 'INDUSTRY_POLICY', 'DOCUMENTS', 'AMOUNT', 'TERM', 'OTHER'];
// A loan's repayment plans, as a bank records them and an enterprise reads them.
export const SCHEDULE_KINDS = ['EQUAL_INSTALMENT', 'EQUAL_PRINCIPAL', 'INTEREST_ONLY_BULLET', 'EXPLICIT'];

addStrings({
  zh: {
    'size.LARGE': '大型', 'size.MEDIUM': '中型', 'size.SMALL': '小型', 'size.MICRO': '微型',
    'rating.A': 'A 级', 'rating.B': 'B 级', 'rating.M': 'M 级', 'rating.C': 'C 级', 'rating.D': 'D 级',
    'status.SUBMITTED': '待答复', 'status.APPROVED': '已获批', 'status.REJECTED': '未获批', 'status.EXPIRED': '已超期', 'status.WITHDRAWN': '已撤回',
    'rc.CASH_FLOW': '现金流不足', 'rc.COLLATERAL': '缺少抵押或担保', 'rc.CREDIT_HISTORY': '信用记录不良', 'rc.ENFORCEMENT_RECORD': '有被执行记录',
    'rc.INDUSTRY_POLICY': '行业政策限制', 'rc.DOCUMENTS': '材料不全或不符', 'rc.AMOUNT': '金额过高', 'rc.TERM': '期限不合适', 'rc.OTHER': '其他原因',
    'rcw.CASH_FLOW': '降低金额、延长期限、提供更近期的收入证明或担保。', 'rcw.COLLATERAL': '提供抵押物或担保人，或选择无需抵押的信用类产品。',
    'rcw.CREDIT_HISTORY': '结清逾期欠款，待信用记录更新后再申请，或选择面向一般信用的产品。', 'rcw.ENFORCEMENT_RECORD': '履行判决义务、解除被执行记录后再申请。',
    'rcw.INDUSTRY_POLICY': '选择其他银行或面向本行业的产品。', 'rcw.DOCUMENTS': '按银行要求补齐材料后再申请。', 'rcw.AMOUNT': '降低申请金额。',
    'rcw.TERM': '在产品允许的范围内调整期限。', 'rcw.OTHER': '请参阅银行填写的原因。',
    'ls.AWAITING_DISBURSEMENT': '待放款', 'ls.ACTIVE': '正常', 'ls.OVERDUE': '逾期', 'ls.SETTLED': '已结清', 'ls.WRITTEN_OFF': '已核销', 'ls.RENEWED': '已续贷',
    'sk.EQUAL_INSTALMENT': '等额本息', 'sk.EQUAL_PRINCIPAL': '等额本金', 'sk.INTEREST_ONLY_BULLET': '按月付息、到期还本', 'sk.EXPLICIT': '逐期约定',
    'kind.CREDIT': '信用贷', 'kind.MORTGAGE': '抵押贷', 'kind.GUARANTEE': '担保贷', 'kind.TAX_BASED': '税易贷', 'kind.PROCUREMENT': '政采贷', 'kind.IP_PLEDGE': '知识产权质押', 'kind.SUPPLY_CHAIN': '供应链融资',
  },
  en: {
    'ls.AWAITING_DISBURSEMENT': 'awaiting disbursement', 'ls.ACTIVE': 'active', 'ls.OVERDUE': 'overdue', 'ls.SETTLED': 'settled', 'ls.WRITTEN_OFF': 'written off', 'ls.RENEWED': 'renewed',
    'sk.EQUAL_INSTALMENT': 'Equal instalments', 'sk.EQUAL_PRINCIPAL': 'Equal principal', 'sk.INTEREST_ONLY_BULLET': 'Interest monthly, principal at the end', 'sk.EXPLICIT': 'Explicit (instalment by instalment)',
    'size.LARGE': 'large', 'size.MEDIUM': 'medium', 'size.SMALL': 'small', 'size.MICRO': 'micro',
    'rating.A': 'A', 'rating.B': 'B', 'rating.M': 'M', 'rating.C': 'C', 'rating.D': 'D',
    'status.SUBMITTED': 'awaiting the bank', 'status.APPROVED': 'approved', 'status.REJECTED': 'rejected', 'status.EXPIRED': 'expired', 'status.WITHDRAWN': 'withdrawn',
    'rc.CASH_FLOW': 'cash flow', 'rc.COLLATERAL': 'collateral', 'rc.CREDIT_HISTORY': 'credit history', 'rc.ENFORCEMENT_RECORD': 'enforcement record',
    'rc.INDUSTRY_POLICY': 'industry policy', 'rc.DOCUMENTS': 'documents', 'rc.AMOUNT': 'amount', 'rc.TERM': 'term', 'rc.OTHER': 'other',
    'rcw.CASH_FLOW': 'A smaller amount or longer term, more recent revenue, or a guarantee.', 'rcw.COLLATERAL': 'Offering collateral or a guarantor, or a credit product that requires none.',
    'rcw.CREDIT_HISTORY': 'Settling overdue debts and reapplying once the record shows it.', 'rcw.ENFORCEMENT_RECORD': 'Having the listing lifted by satisfying the judgment.',
    'rcw.INDUSTRY_POLICY': 'Another bank, or a product for the industry.', 'rcw.DOCUMENTS': 'Providing the documents the bank named, then applying again.', 'rcw.AMOUNT': 'A smaller amount.',
    'rcw.TERM': 'A shorter or longer term within the product\'s range.', 'rcw.OTHER': 'See the bank\'s reason.',
    'kind.CREDIT': 'credit loan', 'kind.MORTGAGE': 'mortgage', 'kind.GUARANTEE': 'guaranteed loan', 'kind.TAX_BASED': 'tax-based loan', 'kind.PROCUREMENT': 'procurement loan', 'kind.IP_PLEDGE': 'IP pledge', 'kind.SUPPLY_CHAIN': 'supply-chain finance',
  },
});
