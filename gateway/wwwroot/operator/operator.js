// The platform operator's page: the national reference data every region relies on, the LPR table and the
// working calendar, and the whole audit log with the check of its hash chain. Regions' data (banks, programmes, claims) is the officials' page's.
import { put } from '/lib/http.js';
import { onSubmit } from '/lib/forms.js';
import { refusal } from '/lib/fields.js';
import { t, translate } from '/lib/i18n.js';
import { startPage } from '/lib/layout.js';
import { confirm } from '/official/fields.js';
import { setUpLpr } from '/official/lpr.js';
import { setUpAuditLog } from '/official/audit.js';
import { strings } from '/operator/strings.js';

const $ = (selector) => document.querySelector(selector);

const days = (data, name) => String(data.get(name) ?? '').split(/[,，、\s]+/).map((d) => d.trim()).filter(Boolean);

function setUpCalendar() {
  const form = $('#calendar-form');
  onSubmit(form, async (data) => {
    const year = String(data.get('year') ?? '').trim();
    if (!/^\d{4}$/.test(year)) {
      throw refusal('year', 'f.whole');
    }
    const recorded = await put(`/api/v1/working-calendar/${year}`, {
      holidays: days(data, 'holidays'),
      workingWeekendDays: days(data, 'workingWeekendDays'),
      source: String(data.get('source') ?? '').trim(),
      reason: String(data.get('reason') ?? '').trim(),
    });
    confirm(form, t('op.calendarRecorded', { year: recorded.year }));
  });
}

startPage({
  role: 'operator',
  strings,
  ready: () => {
    setUpLpr();
    setUpCalendar();
    setUpAuditLog();
    translate();
  },
});
