// 决策重放: one stored decision opened by an auditor, replayed under the rule set version that made
// it (it must reproduce exactly) or under another stored version (what-if), with every field that
// differs shown side by side.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, coded, errorNotice, loading, notice, busy, dateTime, shortHash, put, add,
} from '../dom.js';
import { decisionView, riskTag } from '../decision-view.js';
import { FLAGS, ACTIONS, LEDGERS, GROUPS } from '../labels.js';

export async function render(view, params, ctx) {
  const idInput = h('input', { id: 'decision-input', type: 'text', maxlength: 64, value: params.id || '', placeholder: '决策编号', size: 40 });
  const result = h('div', { id: 'decision-result' });
  add(view, ...pageHead('决策重放', '打开一项已存决策，按其原规则集版本重放（应完全一致），或按另一已存版本重放查看差异。'),
    panel(null, h('form', { class: 'form', onsubmit: (ev) => { ev.preventDefault(); ctx.go('decision', { id: idInput.value.trim() }); } },
      field('决策编号', idInput, { wide: true }), h('button', { class: 'btn', type: 'submit', id: 'decision-open' }, '打开'))),
    result);
  if (!params.id) {
    add(result, notice('info', '输入决策编号，或从决策检索中打开。'));
    return;
  }
  add(result, loading());
  let decision;
  let list;
  try {
    [decision, list] = await Promise.all([api(`/v1/decisions/${encodeURIComponent(params.id)}`), api('/v1/rulesets')]);
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const replayOut = h('div', { id: 'replay-result' });
  const exact = h('button', { class: 'btn', type: 'button', id: 'replay-run' }, '按原规则重放');
  const others = [...list.versions].reverse().filter((v) => v.rulesetVersion !== decision.rulesetVersion);
  const version = h('select', { id: 'replay-version' }, others.map((v) => h('option', { value: v.rulesetVersion, selected: v.rulesetVersion === params.replay },
    `${v.rulesetVersion.slice(0, 12)} · ${dateTime(v.createdAt)}${v.active ? ' · 生效中' : ''}${v.note ? ` · ${v.note}` : ''}`)));
  const whatIf = h('button', { class: 'btn btn-light', type: 'button', id: 'replay-whatif', disabled: !others.length }, '按所选版本重放');
  const replay = async (body) => {
    put(replayOut, loading('正在重放……'));
    try {
      const r = await api(`/v1/decisions/${encodeURIComponent(decision.decisionId)}/replay`, { method: 'POST', body });
      put(replayOut, verdict(r, decision));
    } catch (e) {
      put(replayOut, errorNotice(e));
    }
  };
  exact.addEventListener('click', () => busy(exact, () => replay({})));
  whatIf.addEventListener('click', () => busy(whatIf, () => replay({ rulesetVersion: version.value })));
  put(result, 
    panel('重放',
      h('div', { class: 'form' }, exact, field('其他已存版本（假设分析）', version, { wide: true }), whatIf),
      replayOut),
    ...decisionView(decision));
  if (params.replay && others.some((v) => v.rulesetVersion === params.replay)) {
    await busy(whatIf, () => replay({ rulesetVersion: params.replay }));
  }
}

function verdict(r, stored) {
  const same = r.storedRulesetVersion === r.replayedRulesetVersion;
  const replayed = r.reproduced ? stored : applyDifferences(stored, r.differences);
  return h('div', null,
    r.reproduced
      ? notice('ok', `${same ? '完全复现' : '结果相同'}：按版本 ${r.replayedRulesetVersion.slice(0, 12)} 重放，除决策编号与记录时间外每个字段都与存储的决策一致。`)
      : notice(same ? 'error' : 'warn', same
        ? `未能复现：按原版本重放有 ${r.differences.length} 处不同，请核查。`
        : `按版本 ${r.replayedRulesetVersion.slice(0, 12)} 重放，有 ${r.differences.length} 处与存储的决策不同：`),
    h('p', { class: 'muted small' }, '存储时版本 ', shortHash(r.storedRulesetVersion), ' · 重放版本 ', shortHash(r.replayedRulesetVersion)),
    r.reproduced ? null : summary(stored, replayed),
    r.differences.length ? h('details', { class: 'differences', open: r.differences.length <= 8 },
      h('summary', null, `逐字段差异（${r.differences.length} 处）`),
      table([
      { title: '字段', cell: (d) => h('span', { class: 'mono diff-field' }, d.field) },
      { title: '存储的决策', cell: (d) => (d.stored === undefined ? h('span', { class: 'muted' }, '（无）') : h('pre', { class: 'json' }, pretty(d.stored))) },
      { title: '重放结果', cell: (d) => (d.replayed === undefined ? h('span', { class: 'muted' }, '（无）') : h('pre', { class: 'json' }, pretty(d.replayed))) },
    ], r.differences, { id: 'replay-differences' })) : null);
}

/** The replayed decision: the stored one with every difference applied (a removed array item last to first). */
function applyDifferences(stored, differences) {
  const copy = JSON.parse(JSON.stringify(stored));
  const removals = [];
  const path = (field) => [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  for (const d of differences) {
    const p = path(d.field);
    if (d.replayed === undefined) {
      removals.push(p);
      continue;
    }
    let at = copy;
    for (let i = 0; i < p.length - 1; i++) {
      if (at[p[i]] === undefined || at[p[i]] === null) at[p[i]] = typeof p[i + 1] === 'number' ? [] : {};
      at = at[p[i]];
    }
    at[p[p.length - 1]] = JSON.parse(d.replayed);
  }
  removals.sort((a, b) => (b[b.length - 1] > a[a.length - 1] ? 1 : -1));
  for (const p of removals) {
    let at = copy;
    for (let i = 0; i < p.length - 1 && at; i++) at = at[p[i]];
    if (!at) continue;
    if (Array.isArray(at)) at.splice(p[p.length - 1], 1);
    else delete at[p[p.length - 1]];
  }
  return copy;
}

/** What an auditor asks first: which flags, actions, ledgers and risk level the other rules give. */
function summary(stored, replayed) {
  const codes = (d, key) => new Set((d[key] || []).map((x) => (typeof x === 'string' ? x : x.code)));
  const rows = [];
  const compare = (key, label, map) => {
    const before = codes(stored, key);
    const after = codes(replayed, key);
    const added = [...after].filter((c) => !before.has(c));
    const removed = [...before].filter((c) => !after.has(c));
    if (added.length) rows.push(h('dt', null, `新增${label}`), h('dd', { class: `summary-added-${key}` }, added.map((c) => coded(map, c, 'tag tag-red'))));
    if (removed.length) rows.push(h('dt', null, `不再有的${label}`), h('dd', { class: `summary-removed-${key}` }, removed.map((c) => coded(map, c, 'tag tag-green'))));
  };
  if (stored.riskLevel !== replayed.riskLevel) {
    rows.push(h('dt', null, '风险等级'), h('dd', null, riskTag(stored.riskLevel), ' → ', riskTag(replayed.riskLevel)));
  }
  compare('flags', '标记', FLAGS);
  compare('actions', '措施', ACTIONS);
  compare('ledgers', '台账', LEDGERS);
  compare('monitoringGroups', '监测群体', GROUPS);
  return h('div', { class: 'panel', id: 'replay-summary' }, h('h3', { class: 'panel-title' }, '要点'),
    rows.length ? h('dl', { class: 'facts' }, rows) : h('div', { class: 'muted' }, '标记、措施、台账和风险等级都不变，只有日期、原因或规则记录等字段不同。'));
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}
