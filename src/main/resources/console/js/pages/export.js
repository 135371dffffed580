// 时段导出: the period's chained records with their hashes as NDJSON, saved as a file, for checking
// offline with kcbx.audit.VerifyExport (GET /v1/audit/export).
import { download, query } from '../api.js';
import {
  h, pageHead, panel, field, errorNotice, notice, busy, today, dayStart, nextDay, put, add,
} from '../dom.js';

export async function render(view, params, ctx) {
  const from = h('input', { id: 'export-from', type: 'date', value: params.from || `${today().slice(0, 8)}01`, required: true });
  const to = h('input', { id: 'export-to', type: 'date', value: params.to || today(), required: true });
  const button = h('button', { class: 'btn', type: 'submit', id: 'export-run' }, '导出');
  const result = h('div', { id: 'export-result' });
  add(view, ...pageHead('时段导出', '导出某时段内记录的全部链上记录（含哈希与原始内容），可脱离本服务离线核验。导出文件含学生个人信息，请按数据库同等要求保管。'),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(button, async () => {
          put(result, notice('info', '正在导出……'));
          try {
            const f = await download(`/v1/audit/export${query({ from: dayStart(from.value), to: dayStart(nextDay(to.value)) })}`,
              `audit-export-${from.value}_${to.value}.ndjson`, { keepText: true });
            put(result, show(f));
          } catch (e) {
            put(result, errorNotice(e));
          }
        });
      },
    }, field('记录日期自', from), field('至（含当日）', to), button)),
    result);
}

function show(f) {
  const lines = f.text.split('\n').filter((l) => l.trim());
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l);
    } catch (e) {
      return null;
    }
  });
  const end = parsed[parsed.length - 1];
  if (!end || !end.end) {
    return notice('error', '导出文件没有结尾行，可能被截断，请重新导出。');
  }
  // one trailer per county chain, then the end line counting chains and records
  const trailers = parsed.filter((l) => l && l.trailer);
  return panel('导出结果',
    h('div', { class: 'notice notice-ok', id: 'export-verdict' }, `已导出 ${f.name}：${end.chains} 条审计链，${end.records} 条链上记录，共 ${lines.length} 行，${f.size} 字节。`),
    h('dl', { class: 'facts' },
      h('dt', null, '记录数'), h('dd', { id: 'export-records' }, String(end.records)),
      h('dt', null, '审计链数'), h('dd', { id: 'export-chains' }, String(end.chains))),
    trailers.length ? h('table', { class: 'grid', id: 'export-chain-table' },
      h('thead', null, h('tr', null, h('th', null, '审计链'), h('th', null, '记录数'), h('th', null, '序号范围'), h('th', null, '末条链哈希'))),
      h('tbody', null, ...trailers.map((t) => h('tr', null,
        h('td', null, t.chain || 'audit'), h('td', null, String(t.records)),
        h('td', null, t.records ? `${t.fromSeq} – ${t.toSeq}` : '—'),
        h('td', { class: 'mono' }, t.lastChainHash || '—'))))) : null,
    h('p', { class: 'muted small' }, '离线核验：'),
    h('pre', { class: 'json' }, `java -cp kcbx-decision-0.1.0-SNAPSHOT.jar kcbx.audit.VerifyExport ${f.name}`));
}
