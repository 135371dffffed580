// 工作日历: the dated obligations of a county profile's documents, one month at a time, with the
// office that leads each, the reason, the rule and the clause; windows (a publicity month) shaded.
import { api, download, query } from '../api.js';
import {
  h, pageHead, panel, field, table, coded, errorNotice, loading, notice, busy, today, put, add,
} from '../dom.js';
import { RESPONSIBLE } from '../labels.js';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function monthBounds(month) {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}`, days: last };
}

function shift(month, delta) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

export async function render(view, params, ctx) {
  const month = /^\d{4}-\d{2}$/.test(params.month || '') ? params.month : today().slice(0, 7);
  let profiles = [];
  try {
    profiles = (await api('/v1/profiles')).profiles;
  } catch (e) {
    add(view, errorNotice(e));
    return;
  }
  const chosen = params.profile || (profiles.find((p) => p.id !== 'baseline') || profiles[0] || {}).id;
  const profile = h('select', { id: 'calendar-profile' }, profiles.map((p) => h('option', { value: p.id, selected: p.id === chosen }, `${p.name}（${p.id}）`)));
  const monthInput = h('input', { id: 'calendar-month', type: 'month', value: month });
  const role = h('select', { id: 'calendar-role' }, h('option', { value: '' }, '全部'),
    Object.entries(RESPONSIBLE).map(([code, label]) => h('option', { value: code, selected: code === params.role }, label)));
  const go = (m) => ctx.go('calendar', { profile: profile.value, month: m, role: role.value });
  const result = h('div', { id: 'calendar-result' });
  add(view, ...pageHead('工作日历', '县区文件规定的按日期的工作（报表、排查、宣传月等），按月显示：红条为截止日，蓝底为起止期间；可下载为手机或电脑日历。'),
    panel(null, h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); go(monthInput.value || month); } },
      field('县区', profile), field('月份', monthInput), field('牵头单位', role),
      h('button', { class: 'btn', type: 'submit', id: 'calendar-run' }, '显示'))),
    result);
  if (!chosen) {
    add(result, notice('warn', '当前规则集没有县区配置。'));
    return;
  }
  const b = monthBounds(month);
  const params2 = { profile: chosen, from: b.from, to: b.to, role: params.role };
  add(result, loading());
  let list;
  try {
    list = await api(`/v1/obligations${query(params2)}`);
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const ics = h('button', { class: 'btn btn-light', type: 'button', id: 'calendar-ics' }, '下载日历文件（.ics）');
  const status = h('div');
  ics.addEventListener('click', () => busy(ics, async () => {
    try {
      const f = await download(`/v1/obligations.ics${query(params2)}`, `obligations-${chosen}-${month}.ics`);
      put(status, notice('ok', `已下载 ${f.name}（${f.size} 字节）`));
    } catch (e) {
      put(status, errorNotice(e));
    }
  }));
  const name = (profiles.find((p) => p.id === chosen) || {}).name || chosen;
  put(result, 
    panel(null,
      h('div', { class: 'cal-nav' },
        h('button', { class: 'btn btn-light', type: 'button', id: 'calendar-prev', onclick: () => go(shift(month, -1)) }, '‹ 上月'),
        h('div', { class: 'cal-month', id: 'calendar-title' }, `${b.y}年${b.m}月`),
        h('button', { class: 'btn btn-light', type: 'button', id: 'calendar-next', onclick: () => go(shift(month, 1)) }, '下月 ›'),
        h('span', { class: 'muted' }, `${name} · 本月 ${list.obligations.length} 项`)),
      list.warnings.map((w) => notice('warn', w.message)),
      grid(b, list.obligations)),
    panel('本月事项', ics, status,
      table([
        { title: '截止日期', cell: (o) => h('span', { class: 'nowrap' }, o.startDate ? `${o.startDate} 至 ${o.dueDate}` : o.dueDate) },
        { title: '事项', cell: (o) => [h('div', null, o.title), h('span', { class: 'code' }, o.code)] },
        { title: '牵头单位', cell: (o) => coded(RESPONSIBLE, o.responsible) },
        { title: '参与单位', cell: (o) => o.participants.map((p) => RESPONSIBLE[p] || p).join('、') },
        { title: '依据', cell: (o) => o.reason },
        { title: '规则 / 条款', cell: (o) => [h('div', { class: 'mono small' }, o.ruleId), h('div', null, o.citation)] },
      ], list.obligations, { id: 'obligation-table', empty: '本月无规定事项。' })));
}

/** The month as a Monday-first grid; each day lists what is due that day, window days shaded. */
function grid(b, obligations) {
  const firstWeekday = (new Date(Date.UTC(b.y, b.m - 1, 1)).getUTCDay() + 6) % 7;
  const cells = [];
  for (let i = 0; i < firstWeekday; i++) cells.push(null);
  for (let d = 1; d <= b.days; d++) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  const iso = (d) => `${b.from.slice(0, 8)}${String(d).padStart(2, '0')}`;
  return h('table', { class: 'calendar', id: 'calendar-grid' },
    h('thead', null, h('tr', null, WEEKDAYS.map((w) => h('th', null, `周${w}`)))),
    h('tbody', null, rows.map((week) => h('tr', null, week.map((d, i) => {
      if (d === null) return h('td', { class: 'other-month' });
      const date = iso(d);
      const due = obligations.filter((o) => o.dueDate === date);
      const starts = obligations.filter((o) => o.startDate === date && o.dueDate !== date);
      const open = obligations.filter((o) => o.startDate && o.startDate <= date && o.dueDate >= date);
      const cls = [i >= 5 ? 'weekend' : '', open.length ? 'in-window' : ''].join(' ').trim();
      return h('td', { class: cls || null, dataset: { date }, title: open.map((o) => `${o.title}：${o.startDate} 至 ${o.dueDate}`).join('\n') || null },
        h('div', { class: 'day-number' }, String(d)),
        starts.map((o) => h('div', { class: 'cal-start' }, `▸ ${o.title} 开始`)),
        due.map((o) => h('div', { class: o.startDate ? 'cal-item window' : 'cal-item', dataset: { code: o.code }, title: o.reason },
          `${o.title}（${RESPONSIBLE[o.responsible] || o.responsible}）${o.startDate ? ' 截止' : ''}`)));
    })))));
}
