// 学生决策: one student's latest decision (a school's id, so the school is part of the key) with
// every flag and action and where each comes from, and the 一生一档 timeline below it.
import { api, query } from '../api.js';
import {
  h, pageHead, panel, field, table, coded, errorNotice, loading, notice, href, put, add,
} from '../dom.js';
import { decisionView, riskTag } from '../decision-view.js';
import { ACTIONS, FLAGS, LEDGERS } from '../labels.js';

export async function render(view, params, ctx) {
  const served = ctx.servedSchools();
  const countyWide = ctx.hasRole('COUNTY_OFFICER') || ctx.hasRole('AUDITOR') || ctx.caller.schools.includes('*');
  const school = countyWide
    ? h('input', { id: 'student-school', type: 'text', maxlength: 64, required: true, value: params.schoolId || '', placeholder: '学校编号' })
    : h('select', { id: 'student-school' }, served.map((s) => h('option', { value: s, selected: s === params.schoolId }, s)));
  const student = h('input', { id: 'student-id', type: 'text', maxlength: 64, required: true, value: params.studentId || '', placeholder: '学校系统中的学生编号' });
  const asOf = h('input', { id: 'student-asof', type: 'date', value: params.asOf || '' });
  const result = h('div', { id: 'student-result' });
  add(view, ...pageHead('学生决策', '一名学生最新一次决策：每项标记和措施由谁负责、何时前完成、原因、所依规则与政策条款、规则匹配到的事实；下附一生一档。'),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        ctx.go('student', { schoolId: school.value.trim(), studentId: student.value.trim(), asOf: asOf.value });
      },
    }, field('学校编号', school), field('学生编号', student), field('截至日期（可空）', asOf),
    h('button', { class: 'btn', type: 'submit', id: 'student-run' }, '查看'))),
    result);
  if (!params.schoolId || !params.studentId) {
    add(result, notice('info', '输入学校编号和学生编号，或从台账中点学生编号进入。'));
    return;
  }
  add(result, loading());
  let decision;
  let timeline;
  try {
    const id = encodeURIComponent(params.studentId);
    [decision, timeline] = await Promise.all([
      api(`/v1/students/${id}/decision${query({ schoolId: params.schoolId, asOf: params.asOf })}`),
      api(`/v1/students/${id}/timeline${query({ schoolId: params.schoolId })}`),
    ]);
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const entry = timeline.entries.find((e) => e.decisionId === decision.decisionId);
  const overdue = new Map((entry ? entry.actionsOverdue : []).map((a) => [a.code, { days: a.overdueDays }]));
  put(result, 
    h('h2', { class: 'page-title', id: 'student-heading' }, `${timeline.name || ''} 学生 ${decision.studentId}（学校 ${decision.schoolId || '—'}）`),
    overdue.size ? notice('warn', `截至本决策依据日（${decision.asOf}），有 ${overdue.size} 项措施已过期限且无办理记录。`) : null,
    ...decisionView(decision, (a) => overdue.get(a.code) || null),
    panel(`一生一档（${timeline.entries.length} 次决策）`, timelineTable(timeline, ctx)));
}

function codes(map, list) {
  return list.map((c) => coded(map, c, 'tag'));
}

function timelineTable(t, ctx) {
  return table([
    { title: '依据日期', cell: (e) => (ctx.hasRole('AUDITOR') ? h('a', { href: href('decision', { id: e.decisionId }) }, e.asOf) : e.asOf) },
    { title: '风险', cell: (e) => (e.riskLevel ? riskTag(e.riskLevel) : '') },
    { title: '标记', cell: (e) => codes(FLAGS, e.flags) },
    { title: '新增 / 解除标记', cell: (e) => [codes(FLAGS, e.flagsRaised), e.flagsCleared.map((c) => h('span', { class: 'tag tag-grey' }, `解除 ${c}`))] },
    { title: '新开措施', cell: (e) => e.actionsOpened.map((a) => h('div', null, coded(ACTIONS, a.code), ` ${a.dueDate}前`)) },
    { title: '关闭措施', cell: (e) => e.actionsClosed.map((c) => h('div', null, coded(ACTIONS, c))) },
    { title: '逾期措施', cell: (e) => e.actionsOverdue.map((a) => h('div', { class: 'tag tag-red' }, `${ACTIONS[a.code] || a.code} 逾期${a.overdueDays}天`)) },
    { title: '干预记录', cell: (e) => e.interventions.map((i) => h('div', null, i)) },
    { title: '台账进出', cell: (e) => [e.ledgersEntered.map((l) => h('div', null, `进入 ${LEDGERS[l] || l}`)), e.ledgersLeft.map((l) => h('div', null, `退出 ${LEDGERS[l.ledger] || l.ledger}：${l.reasonText}`))] },
  ], t.entries, { id: 'timeline-table', empty: '无决策记录' });
}
