// 报表下载: the reports the documents ask for, as the service prints them (docs/reports.md):
// 辍学月报表, a ledger, the term summary and the 督办清单, each as XLSX (A4 landscape) or CSV.
import { api, download, query } from '../api.js';
import {
  h, pageHead, panel, field, errorNotice, notice, busy, today, put, add,
} from '../dom.js';
import { LEDGERS } from '../labels.js';
import { scopeControls } from '../scope.js';

function formatSelect(id) {
  return h('select', { id }, h('option', { value: 'xlsx' }, 'XLSX（A4 横向，可直接打印）'), h('option', { value: 'csv' }, 'CSV'));
}

/** A report's form: its fields, a download button, its own status line. */
function reportForm(id, title, lead, fields, build) {
  const status = h('div', { id: `${id}-status` });
  const button = h('button', { class: 'btn', type: 'submit', id: `${id}-download` }, '下载');
  const form = h('form', {
    class: 'form',
    onsubmit: (ev) => {
      ev.preventDefault();
      busy(button, async () => {
        try {
          const { path, fallback } = build();
          const f = await download(path, fallback);
          put(status, notice('ok', `已下载 ${f.name}（${f.size} 字节）`));
        } catch (e) {
          put(status, errorNotice(e));
        }
      });
    },
  }, fields, button);
  return panel(title, h('p', { class: 'muted small' }, lead), form, status);
}

export async function render(view, params, ctx) {
  const scope = scopeControls(params, ctx);
  let profiles = [];
  try {
    profiles = (await api('/v1/profiles')).profiles;
  } catch (e) {
    add(view, errorNotice(e));
    return;
  }
  const profileSelect = (id) => h('select', { id }, profiles.map((p) => h('option', { value: p.id }, `${p.name}（${p.id}）`)));

  const month = h('input', { id: 'monthly-month', type: 'month', value: today().slice(0, 7), required: true });
  const schoolName = h('input', { id: 'monthly-school-name', type: 'text', maxlength: 64, placeholder: '学校（盖章）处的名称' });
  const reportedOn = h('input', { id: 'monthly-reported-on', type: 'date' });
  const filledBy = h('input', { id: 'monthly-filled-by', type: 'text', maxlength: 32 });
  const phone = h('input', { id: 'monthly-phone', type: 'text', maxlength: 32 });
  const monthlyFormat = formatSelect('monthly-format');

  const ledger = h('select', { id: 'report-ledger' }, Object.entries(LEDGERS).map(([c, l]) => h('option', { value: c }, l)));
  const ledgerAsOf = h('input', { id: 'report-ledger-asof', type: 'date', value: today(), required: true });
  const ledgerFormat = formatSelect('report-ledger-format');

  const termProfile = profileSelect('term-profile');
  const termDate = h('input', { id: 'term-date', type: 'date', value: today(), required: true });
  const termFormat = formatSelect('term-format');

  const supAsOf = h('input', { id: 'supervision-asof', type: 'date', value: today(), required: true });
  const supProfile = h('select', { id: 'supervision-profile' }, h('option', { value: '' }, '全部'),
    profiles.map((p) => h('option', { value: p.id }, `${p.name}（${p.id}）`)));
  const supFormat = formatSelect('supervision-format');

  add(view, ...pageHead('报表下载', '报表均由已存决策生成，不重新决策；含学生姓名与身份证号，请按数据库同等要求保管。'),
    panel('报表范围', h('p', { class: 'muted small' }, '以下各报表均按此范围生成。'), scope.node),
    reportForm('monthly', '义务教育阶段学生辍学月报表', '中阳县 中教函〔2021〕97号附件格式：月末在辍学台账上的学生。',
      [field('月份', month), field('学校（盖章）', schoolName), field('报送时间', reportedOn), field('填表人', filledBy), field('联系电话', phone), field('格式', monthlyFormat)],
      () => ({
        path: `/v1/reports/monthly-dropout${query({
          month: month.value, ...scope.value(), schoolName: schoolName.value, reportedOn: reportedOn.value,
          filledBy: filledBy.value, phone: phone.value, format: monthlyFormat.value,
        })}`,
        fallback: `monthly-dropout-${month.value}.${monthlyFormat.value}`,
      })),
    reportForm('report-ledger', '台账', '某日的台账：在册学生、原因、待办措施、逾期天数与已销号学生。',
      [field('台账', ledger), field('截至日期', ledgerAsOf), field('格式', ledgerFormat)],
      () => ({
        path: `/v1/ledgers/${ledger.value}${query({ asOf: ledgerAsOf.value, ...scope.value(), format: ledgerFormat.value })}`,
        fallback: `ledger-${ledger.value}.${ledgerFormat.value}`,
      })),
    reportForm('term', '学期汇总', '白银区格式：所选日期所在学期的在校、辍学、失学、异动人数，按学校及合计。',
      [field('县区（取其校历）', termProfile), field('学期内任一日', termDate), field('格式', termFormat)],
      () => ({
        path: `/v1/reports/term-summary${query({ profile: termProfile.value, date: termDate.value, ...scope.value(), format: termFormat.value })}`,
        fallback: `term-summary.${termFormat.value}`,
      })),
    reportForm('supervision', '控辍保学督办清单', '截至某日的逾期措施，按责任方、期限排列（季度复核用）。',
      [field('截至日期', supAsOf), field('县区', supProfile), field('格式', supFormat)],
      () => ({
        path: `/v1/supervision${query({ asOf: supAsOf.value, ...scope.value(), profile: supProfile.value, format: supFormat.value })}`,
        fallback: `supervision.${supFormat.value}`,
      })));
}
