// The platform's enums in words, for every page that shows products, enterprises or applications.
import { addStrings } from '/lib/i18n.js';

export const KINDS = ['CREDIT', 'MORTGAGE', 'GUARANTEE', 'TAX_BASED', 'PROCUREMENT', 'IP_PLEDGE', 'SUPPLY_CHAIN'];
export const SIZE_CLASSES = ['LARGE', 'MEDIUM', 'SMALL', 'MICRO'];
export const TAX_RATINGS = ['A', 'B', 'M', 'C', 'D'];

addStrings({
  zh: {
    'size.LARGE': '大型', 'size.MEDIUM': '中型', 'size.SMALL': '小型', 'size.MICRO': '微型',
    'rating.A': 'A 级', 'rating.B': 'B 级', 'rating.M': 'M 级', 'rating.C': 'C 级', 'rating.D': 'D 级',
    'status.SUBMITTED': '待答复', 'status.APPROVED': '已获批', 'status.REJECTED': '未获批', 'status.EXPIRED': '已超期',
    'kind.CREDIT': '信用贷', 'kind.MORTGAGE': '抵押贷', 'kind.GUARANTEE': '担保贷', 'kind.TAX_BASED': '税易贷', 'kind.PROCUREMENT': '政采贷', 'kind.IP_PLEDGE': '知识产权质押', 'kind.SUPPLY_CHAIN': '供应链融资',
  },
  en: {
    'size.LARGE': 'large', 'size.MEDIUM': 'medium', 'size.SMALL': 'small', 'size.MICRO': 'micro',
    'rating.A': 'A', 'rating.B': 'B', 'rating.M': 'M', 'rating.C': 'C', 'rating.D': 'D',
    'status.SUBMITTED': 'awaiting the bank', 'status.APPROVED': 'approved', 'status.REJECTED': 'rejected', 'status.EXPIRED': 'expired',
    'kind.CREDIT': 'credit loan', 'kind.MORTGAGE': 'mortgage', 'kind.GUARANTEE': 'guaranteed loan', 'kind.TAX_BASED': 'tax-based loan', 'kind.PROCUREMENT': 'procurement loan', 'kind.IP_PLEDGE': 'IP pledge', 'kind.SUPPLY_CHAIN': 'supply-chain finance',
  },
});
