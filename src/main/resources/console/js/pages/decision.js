// 决策重放: one stored decision opened by an auditor, replayed under the rule set version that made
// it (it must reproduce exactly) or under another stored version (what-if), with every field that
// differs shown side by side.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, errorNotice, loading, notice, busy, dateTime, shortHash, put, add,
} from '../dom.js';
import { decisionView } from '../decision-view.js';

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
      put(replayOut, verdict(r));
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

function verdict(r) {
  const same = r.storedRulesetVersion === r.replayedRulesetVersion;
  return h('div', null,
    r.reproduced
      ? notice('ok', `${same ? '完全复现' : '结果相同'}：按版本 ${r.replayedRulesetVersion.slice(0, 12)} 重放，除决策编号与记录时间外每个字段都与存储的决策一致。`)
      : notice(same ? 'error' : 'warn', same
        ? `未能复现：按原版本重放有 ${r.differences.length} 处不同，请核查。`
        : `按版本 ${r.replayedRulesetVersion.slice(0, 12)} 重放，有 ${r.differences.length} 处与存储的决策不同：`),
    h('p', { class: 'muted small' }, '存储时版本 ', shortHash(r.storedRulesetVersion), ' · 重放版本 ', shortHash(r.replayedRulesetVersion)),
    r.differences.length ? table([
      { title: '字段', cell: (d) => h('span', { class: 'mono diff-field' }, d.field) },
      { title: '存储的决策', cell: (d) => (d.stored === undefined ? h('span', { class: 'muted' }, '（无）') : h('pre', { class: 'json' }, pretty(d.stored))) },
      { title: '重放结果', cell: (d) => (d.replayed === undefined ? h('span', { class: 'muted' }, '（无）') : h('pre', { class: 'json' }, pretty(d.replayed))) },
    ], r.differences, { id: 'replay-differences' }) : null);
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return text;
  }
}
