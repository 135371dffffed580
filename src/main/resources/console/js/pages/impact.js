// 影响分析: replay the decisions stored in a period under a candidate (the validated package, or a
// stored version) and chart what would change: per flag, per action, per risk level, and the rules
// that would now fire or stop firing, with sample decisions. Nothing is stored or published.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, errorNotice, notice, busy, today, dayStart, nextDay, dateTime, href, put, add,
} from '../dom.js';
import { candidate } from '../candidate.js';
import { barChart } from '../charts.js';
import { FLAGS, ACTIONS, RISK } from '../labels.js';

function monthAgo() {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}

export async function render(view, params, ctx) {
  add(view, ...pageHead('影响分析', '把某时段内已记录的决策在候选规则下重放，统计会变化的标记、措施、风险等级和规则触发；不保存、不发布。'));
  let list;
  try {
    list = await api('/v1/rulesets');
  } catch (e) {
    add(view, errorNotice(e));
    return;
  }
  const c = candidate();
  const stored = [...list.versions].reverse();
  const source = h('select', { id: 'impact-source' },
    c ? h('option', { value: 'candidate' }, `已校验的规则包：${c.fileName}（${c.version.slice(0, 12)}）`) : null,
    stored.map((v) => h('option', { value: v.rulesetVersion, selected: !c && v.rulesetVersion === params.version },
      `已存版本 ${v.rulesetVersion.slice(0, 12)} · ${dateTime(v.createdAt)}${v.active ? ' · 生效中' : ''}`)));
  const from = h('input', { id: 'impact-from', type: 'date', value: params.from || monthAgo(), required: true });
  const to = h('input', { id: 'impact-to', type: 'date', value: params.to || today(), required: true });
  const limit = h('input', { id: 'impact-limit', type: 'number', min: 1, max: 100000, value: params.limit || 10000 });
  const button = h('button', { class: 'btn', type: 'submit', id: 'impact-run' }, '开始分析');
  const result = h('div', { id: 'impact-result' });
  add(view, 
    c ? null : notice('info', h('span', null, '尚无已校验的候选规则包：可先到', h('a', { href: href('validate') }, '规则包校验'), '上传，或选择一个已存版本作为候选。')),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(button, () => run());
      },
    }, field('候选规则', source, { wide: true }), field('记录时间自', from), field('至（含当日）', to), field('最多决策数', limit), button)),
    result);

  async function run() {
    const body = {
      from: dayStart(from.value), to: dayStart(nextDay(to.value)), limit: Number(limit.value) || undefined,
    };
    if (source.value === 'candidate') body.files = c.files;
    else body.rulesetVersion = source.value;
    put(result, notice('info', '正在重放已存决策，请稍候……'));
    let report;
    try {
      report = await api('/v1/rulesets/impact', { method: 'POST', body });
    } catch (e) {
      put(result, errorNotice(e));
      return;
    }
    const storedVersion = list.versions.some((v) => v.rulesetVersion === report.candidateVersion);
    await show(result, report, ctx, storedVersion);
  }
}

function figure(value, label, id, alert) {
  return h('div', { class: alert ? 'figure alert' : 'figure', id },
    h('div', { class: 'figure-value' }, String(value)), h('div', { class: 'figure-label' }, label));
}

function codeChart(title, map, changes) {
  return {
    title,
    categories: changes.map((x) => `${map[x.code] || x.code} ${x.code}`),
    series: [
      { name: '新增', key: 'added', data: changes.map((x) => x.added) },
      { name: '不再有', key: 'removed', data: changes.map((x) => x.removed) },
      { name: '日期或责任方变化', key: 'changed', data: changes.map((x) => x.changed || 0) },
    ],
  };
}

async function show(result, r, ctx, storedVersion) {
  const pct = r.replayed ? Math.round((r.changed * 1000) / r.replayed) / 10 : 0;
  const chartBox = (id, tall) => h('div', { class: tall ? 'chart chart-tall' : 'chart', id });
  const charts = {
    flags: chartBox('chart-flags'), actions: chartBox('chart-actions'), risk: chartBox('chart-risk'), rules: chartBox('chart-rules', true),
  };
  const canOpen = ctx.hasRole('AUDITOR');
  put(result, 
    h('div', { class: 'figures' },
      figure(r.replayed, '重放的已存决策', 'impact-replayed'),
      figure(r.changed, `会变化的决策（${pct}%）`, 'impact-changed', r.changed > 0),
      figure(r.flags.length, '涉及的标记', 'impact-flag-count'),
      figure(r.actions.length, '涉及的措施', 'impact-action-count'),
      figure(`${(r.elapsedMs / 1000).toFixed(1)} 秒`, '用时', 'impact-elapsed')),
    r.truncated ? notice('warn', '时段内决策超过上限，只重放了最早的一部分；可缩短时段或提高上限。') : null,
    h('p', { class: 'muted small' }, '候选版本号 ', h('span', { class: 'mono', id: 'impact-candidate' }, r.candidateVersion)),
    r.changed === 0 ? notice('ok', '候选规则不会改变该时段内任何已存决策的结果。') : null,
    h('div', { class: 'charts' },
      panel('标记的变化：多少决策会新增 / 不再有（决策数）', charts.flags), panel('措施的变化：多少决策会新增 / 不再有（决策数）', charts.actions),
      panel('风险等级的变化（决策数）', charts.risk), panel('现在会触发 / 不再触发的规则（决策数）', charts.rules)),
    panel('规则触发变化明细与样例决策', table([
      {
        title: '现在会触发的规则',
        cell: (g) => (g.rulesNowFiring.length || g.rulesNoLongerFiring.length
          ? g.rulesNowFiring.map((x) => h('div', { class: 'mono rule-now' }, `+ ${x}`))
          : h('span', { class: 'muted' }, '（触发的规则不变，标记或措施的日期、责任方有变化）')),
      },
      { title: '不再触发的规则', cell: (g) => g.rulesNoLongerFiring.map((x) => h('div', { class: 'mono rule-gone' }, `− ${x}`)) },
      { title: '决策数', cell: (g) => String(g.count), class: 'num' },
      {
        title: '样例决策',
        cell: (g) => g.sampleDecisionIds.map((id) => h('div', null, canOpen
          ? h('a', { class: 'mono sample-link', href: href('decision', { id, replay: storedVersion ? r.candidateVersion : '' }) }, id)
          : h('span', { class: 'mono sample-id' }, id))),
      },
    ], r.byRules, { id: 'impact-rules-table', empty: '无规则触发变化' }),
    canOpen ? null : h('p', { class: 'muted small' }, '打开样例决策需审计人员角色（政策人员不接触学生个人数据）；可把决策编号交审计人员在“决策重放”中查看。')));

  await barChart(charts.flags, codeChart('', FLAGS, r.flags));
  await barChart(charts.actions, codeChart('', ACTIONS, r.actions));
  await barChart(charts.risk, {
    categories: r.riskLevels.map((x) => `${RISK[x.from] || x.from} → ${RISK[x.to] || x.to}（${x.from}→${x.to}）`),
    series: [{ name: '决策数', key: 'count', data: r.riskLevels.map((x) => x.count) }],
  });
  const rules = ruleTotals(r.byRules);
  await barChart(charts.rules, {
    categories: rules.map((x) => x.rule),
    series: [
      { name: '现在会触发', key: 'now', data: rules.map((x) => x.now) },
      { name: '不再触发', key: 'gone', data: rules.map((x) => x.gone) },
    ],
  });
}

/** Per rule: in how many changed decisions it would now fire, and in how many it would no longer. */
function ruleTotals(groups) {
  const byRule = new Map();
  const at = (rule) => {
    if (!byRule.has(rule)) byRule.set(rule, { rule, now: 0, gone: 0 });
    return byRule.get(rule);
  };
  for (const g of groups) {
    g.rulesNowFiring.forEach((x) => { at(x).now += g.count; });
    g.rulesNoLongerFiring.forEach((x) => { at(x).gone += g.count; });
  }
  return [...byRule.values()].sort((a, b) => (b.now + b.gone) - (a.now + a.gone) || (a.rule < b.rule ? -1 : 1));
}
