// 审计链校验: every record of the chain (or a stretch of it) hashed again from its row and every link
// checked (GET /v1/audit/verify); the first record that does not match is named.
import { api, query } from '../api.js';
import {
  h, pageHead, panel, field, errorNotice, notice, busy, put, add,
} from '../dom.js';
import { CHAIN_PROBLEMS } from '../labels.js';

export async function render(view, params, ctx) {
  const fromSeq = h('input', { id: 'verify-from', type: 'number', min: 1, value: params.fromSeq || '', placeholder: '从头' });
  const toSeq = h('input', { id: 'verify-to', type: 'number', min: 1, value: params.toSeq || '', placeholder: '到链头' });
  const button = h('button', { class: 'btn', type: 'submit', id: 'verify-run' }, '开始校验');
  const result = h('div', { id: 'verify-result' });
  add(view, ...pageHead('审计链校验', '逐条重算每条记录（决策、核查比对、发布、凭据变更）的哈希并核对链接；不填序号即校验整条链，并核对链头与签名检查点。'),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(button, async () => {
          put(result, notice('info', '正在校验……'));
          try {
            const v = await api(`/v1/audit/verify${query({ fromSeq: fromSeq.value, toSeq: toSeq.value })}`);
            put(result, show(v));
          } catch (e) {
            put(result, errorNotice(e));
          }
        });
      },
    }, field('起始序号', fromSeq), field('结束序号', toSeq), button)),
    result);
}

function show(v) {
  const f = v.firstFailure;
  return panel('校验结果',
    v.ok
      ? h('div', { class: 'notice notice-ok verdict', id: 'verify-verdict', dataset: { ok: 'true' } }, `审计链完整：已核对 ${v.checked} 条记录，内容与链接均一致。`)
      : h('div', { class: 'notice notice-error verdict', id: 'verify-verdict', dataset: { ok: 'false' } },
        `审计链校验未通过：${CHAIN_PROBLEMS[f.problem] || f.problem}`),
    h('dl', { class: 'facts' },
      h('dt', null, '核对记录数'), h('dd', { id: 'verify-checked' }, String(v.checked)),
      h('dt', null, '序号范围'), h('dd', null, v.fromSeq ? `${v.fromSeq} – ${v.toSeq}` : '—'),
      v.headSeq !== undefined ? [h('dt', null, '链头序号'), h('dd', null, String(v.headSeq))] : null,
      v.headHash ? [h('dt', null, '链头哈希'), h('dd', { class: 'mono', id: 'verify-head' }, v.headHash)] : null,
      f ? [
        h('dt', null, '首个问题'), h('dd', null, h('span', { class: 'mono' }, f.problem), ` ${CHAIN_PROBLEMS[f.problem] || ''}`),
        h('dt', null, '所在记录'), h('dd', { class: 'mono' }, `序号 ${f.seq ?? '—'} · ${f.recordType || ''} · ${f.recordId || ''}`),
        h('dt', null, '说明'), h('dd', null, f.detail),
      ] : null),
    v.ok ? h('p', { class: 'muted small' }, '请把链头哈希另行保存（如打印存档）：只有库外保存的副本能发现整条链被重写。') : null);
}
