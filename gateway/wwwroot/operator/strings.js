// The operator's page words, Chinese first; the LPR section's words are the officials' page's.
import { strings as official } from '/official/strings.js';

export const strings = {
  zh: {
    ...official.zh,
    'op.title': '平台运营', 'op.intro': '全国统一的基准数据：LPR 报价和法定节假日安排。更正须写明原因，原数据随记录保留。',
    'op.correctLpr': '更正已录入的报价', 'op.correct': '更正',
    'op.calendar': '工作日历（国务院办公厅节假日安排）', 'op.year': '年份', 'op.holidays': '放假日期',
    'op.daysHint': '以逗号分隔，如 2027-01-01, 2027-02-10', 'op.workedWeekendDays': '调休上班的周末', 'op.source': '通知文号',
    'op.calendarReason': '更正原因（更正已录入的年份时必填）', 'op.calendarRecorded': '已录入 {year} 年的工作日历。',
  },
  en: {
    ...official.en,
    'op.title': 'Platform operation', 'op.intro': 'National reference data: the LPR quotes and the public holiday schedule. A correction gives its reason, and the figures it replaces stay on record.',
    'op.correctLpr': 'Correct a recorded quote', 'op.correct': 'Correct',
    'op.calendar': 'Working calendar (State Council holiday notice)', 'op.year': 'Year', 'op.holidays': 'Days off',
    'op.daysHint': 'Separated by commas, e.g. 2027-01-01, 2027-02-10', 'op.workedWeekendDays': 'Weekend days worked', 'op.source': 'Notice reference',
    'op.calendarReason': 'Reason for the correction (required when correcting a recorded year)', 'op.calendarRecorded': 'Working calendar of {year} recorded.',
  },
};
