// 台账查询: who is on a ledger as of a date, since when and why, the open actions with who must act
// and by when, overdue ones in red, and who left it when and why (动态销号).
import { api, download, query } from '../api.js';
import {
  h, pageHead, panel, field, table, coded, tag, errorNotice, loading, notice, href, busy, today, put, add,
} from '../dom.js';
import { ACTIONS, LEDGERS, RESPONSIBLE, GENDER } from '../labels.js';
import { scopeControls, scopeText } from '../scope.js';

const GRADES = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

export async function render(view, params, ctx) {
  const ledger = h('select', { id: 'ledger-code' },
    Object.entries(LEDGERS).map(([code, label]) => h('option', { value: code, selected: code === (params.ledger || 'SUSPECTED_DROPOUT_LEDGER') }, label)));
  const asOf = h('input', { id: 'ledger-asof', type: 'date', value: params.asOf || today(), required: true });
  const scope = scopeControls(params, ctx);
  const result = h('div', { id: 'ledger-result' });
  const run = h('button', { class: 'btn', type: 'submit', id: 'ledger-run' }, '查询');
  add(view, ...pageHead('台账查询', '按日期查看某类台账：在册学生、起始日期、原因、待办措施（责任方与期限，逾期标红）及已销号学生。'),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        ctx.go('ledger', { ledger: ledger.value, asOf: asOf.value, ...scope.value() });
      },
    }, field('台账', ledger), field('截至日期', asOf), scope.node, run)),
    result);
  if (!params.asOf) {
    add(result, notice('info', '选择台账、日期和范围后点“查询”。'));
    return;
  }
  const scopeParams = { schoolId: params.schoolId, township: params.township };
  const path = `/v1/ledgers/${encodeURIComponent(params.ledger || 'SUSPECTED_DROPOUT_LEDGER')}`;
  add(result, loading());
  let report;
  try {
    report = await api(path + query({ asOf: params.asOf, ...scopeParams }));
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const overdueActions = report.entries.flatMap((r) => r.openActions.filter((a) => a.overdue));
  const studentsOverdue = report.entries.filter((r) => r.openActions.some((a) => a.overdue)).length;
  const downloads = h('div', { class: 'btn-row' },
    ...['xlsx', 'csv'].map((format) => {
      const b = h('button', { class: 'btn btn-light', type: 'button', id: `ledger-download-${format}` }, `下载 ${format.toUpperCase()}`);
      b.addEventListener('click', () => busy(b, async () => {
        try {
          const file = await download(path + query({ asOf: params.asOf, ...scopeParams, format }), `ledger.${format}`);
          put(status, notice('ok', `已下载 ${file.name}（${file.size} 字节）`));
        } catch (e) {
          put(status, errorNotice(e));
        }
      }));
      return b;
    }));
  const status = h('div');
  put(result, 
    h('div', { class: 'figures' },
      figure(report.onLedger, '在册', 'ledger-on'),
      figure(report.left, '已销号', 'ledger-left'),
      figure(studentsOverdue, '有逾期措施的学生', 'ledger-students-overdue', studentsOverdue > 0),
      figure(overdueActions.length, '逾期措施', 'ledger-overdue', overdueActions.length > 0)),
    panel(`${LEDGERS[report.ledger] || report.ledger} · ${scopeText(params)} · 截至 ${report.asOf}`,
      downloads, status,
      table([
        { title: '学校', cell: (r) => [h('div', { class: 'nowrap' }, r.schoolName || r.schoolId || '—'), r.schoolName ? h('div', { class: 'code' }, r.schoolId) : null] },
        { title: '学生编号', cell: (r) => h('a', { href: href('student', { schoolId: r.schoolId, studentId: r.studentId, asOf: report.asOf }), class: 'student-link nowrap' }, r.studentId) },
        { title: '姓名', cell: (r) => h('span', { class: 'nowrap' }, r.name || '') },
        { title: '性别', cell: (r) => GENDER[r.gender] || '' },
        { title: '年级班级', cell: (r) => [h('div', { class: 'nowrap' }, r.grade ? `${GRADES[r.grade] || r.grade}年级` : ''), h('div', { class: 'nowrap' }, r.className || '')] },
        { title: '身份证号', cell: (r) => h('span', { class: 'mono nowrap' }, r.nationalId || '') },
        { title: '在册起始', cell: (r) => h('span', { class: 'nowrap' }, r.since) },
        { title: '原因', cell: (r) => r.reasons.map((t) => h('div', null, t)) },
        { title: '待办措施（责任方 · 期限）', cell: (r) => r.openActions.map(actionLine), class: 'col-actions' },
        {
          title: '状态',
          cell: (r) => (r.onLedger ? tag('在册', 'amber')
            : [tag('已销号', 'grey'), h('div', { class: 'small nowrap' }, `${r.leftOn || ''} ${r.leftReasonText || ''}`)]),
        },
      ], report.entries, {
        id: 'ledger-table',
        rowClass: (r) => (!r.onLedger ? 'row-left' : r.openActions.some((a) => a.overdue) ? 'row-overdue' : null),
        empty: '该范围内此日期无人在册。',
      })));
}

function figure(value, label, id, alert = false) {
  return h('div', { class: alert ? 'figure alert' : 'figure', id },
    h('div', { class: 'figure-value' }, String(value)), h('div', { class: 'figure-label' }, label));
}

function actionLine(a) {
  return h('div', { class: a.overdue ? 'action-line overdue' : 'action-line', dataset: { action: a.code } },
    h('div', { class: 'action-name' }, coded(ACTIONS, a.code)),
    h('div', { class: 'action-meta' }, `${RESPONSIBLE[a.responsible] || a.responsible} · ${a.dueDate}前`,
      a.overdue ? [' ', tag(`逾期${a.overdueDays}天`, 'red')] : null,
      a.dischargedOn ? [' ', tag(`已于${a.dischargedOn}办理`, 'green')] : null));
}
