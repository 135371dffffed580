// 决策检索: stored decisions, newest first, a page at a time (GET /v1/decisions), by student,
// school, profile, flag and recording period.
import { api, query } from '../api.js';
import {
  h, pageHead, panel, field, table, coded, errorNotice, loading, notice, dateTime, dayStart, nextDay, shortHash, href, put, add,
} from '../dom.js';
import { riskTag } from '../decision-view.js';
import { FLAGS } from '../labels.js';

const FILTERS = ['studentId', 'schoolId', 'profile', 'flag', 'from', 'to', 'limit'];

export async function render(view, params, ctx) {
  const inputs = {
    studentId: h('input', { id: 'search-student', type: 'text', maxlength: 64, value: params.studentId || '' }),
    schoolId: h('input', { id: 'search-school', type: 'text', maxlength: 64, value: params.schoolId || '' }),
    profile: h('input', { id: 'search-profile', type: 'text', maxlength: 32, value: params.profile || '', placeholder: '如 helan' }),
    flag: h('select', { id: 'search-flag' }, h('option', { value: '' }, '不限'),
      Object.entries(FLAGS).map(([code, label]) => h('option', { value: code, selected: code === params.flag }, `${label} ${code}`))),
    from: h('input', { id: 'search-from', type: 'date', value: params.from || '' }),
    to: h('input', { id: 'search-to', type: 'date', value: params.to || '' }),
    limit: h('select', { id: 'search-limit' }, [20, 50, 100].map((n) => h('option', { value: n, selected: String(n) === (params.limit || '50') }, `每页 ${n} 条`))),
  };
  const values = () => Object.fromEntries(FILTERS.map((k) => [k, inputs[k].value.trim()]));
  const result = h('div', { id: 'search-result' });
  add(view, ...pageHead('决策检索', '已记录的决策，按记录时间由新到旧；点决策编号打开并重放。'),
    panel(null, h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); ctx.go('search', { ...values(), run: '1' }); } },
      field('学生编号', inputs.studentId), field('学校编号', inputs.schoolId), field('县区配置', inputs.profile),
      field('标记', inputs.flag), field('记录日期自', inputs.from), field('至（含）', inputs.to), field('分页', inputs.limit),
      h('button', { class: 'btn', type: 'submit', id: 'search-run' }, '检索'))),
    result);
  if (!params.run) {
    add(result, notice('info', '设定条件后点“检索”；不设条件即列出全部决策。'));
    return;
  }
  add(result, loading());
  let page;
  try {
    page = await api(`/v1/decisions${query({
      studentId: params.studentId, schoolId: params.schoolId, profile: params.profile, flag: params.flag,
      from: params.from ? dayStart(params.from) : '', to: params.to ? dayStart(nextDay(params.to)) : '',
      limit: params.limit || 50, after: params.after,
    })}`);
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const filters = Object.fromEntries(FILTERS.map((k) => [k, params[k]]));
  put(result, panel(null,
    h('div', { class: 'count', id: 'search-count' }, `本页 ${page.items.length} 条${params.after ? '（非第一页）' : ''}`),
    table([
      { title: '记录时间', cell: (d) => h('span', { class: 'nowrap' }, dateTime(d.decidedAt)) },
      { title: '决策编号', cell: (d) => h('a', { class: 'mono decision-link', href: href('decision', { id: d.decisionId }) }, d.decisionId) },
      { title: '学生', cell: (d) => d.studentId },
      { title: '学校', cell: (d) => d.schoolId || '—' },
      { title: '县区', cell: (d) => d.profile },
      { title: '依据日期', cell: (d) => d.asOf },
      { title: '风险', cell: (d) => riskTag(d.riskLevel) },
      { title: '标记', cell: (d) => d.flags.map((f) => coded(FLAGS, f.code, 'tag')) },
      { title: '规则集版本', cell: (d) => shortHash(d.rulesetVersion) },
    ], page.items, { id: 'search-table', empty: '没有符合条件的决策。' }),
    h('div', { class: 'btn-row' },
      params.after ? h('a', { class: 'btn btn-light', href: href('search', { ...filters, run: '1' }) }, '第一页') : null,
      page.nextAfter ? h('a', { class: 'btn btn-light', id: 'search-next', href: href('search', { ...filters, run: '1', after: page.nextAfter }) }, '下一页') : null)));
}
