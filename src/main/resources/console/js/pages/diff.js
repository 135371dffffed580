// 版本对比: what changed between two stored versions, file by file, line by line
// (GET /v1/rulesets/{from}/diff/{to}).
import { api, query } from '../api.js';
import {
  h, pageHead, panel, field, tag, errorNotice, loading, notice, dateTime, put, add,
} from '../dom.js';

const STATUS = { ADDED: ['新增', 'green'], REMOVED: ['删除', 'red'], CHANGED: ['修改', 'amber'] };

export async function render(view, params, ctx) {
  add(view, ...pageHead('版本对比', '两个已存版本之间新增、删除、修改的文件，及每处修改的行（含行号与上下文）。'));
  let list;
  try {
    list = await api('/v1/rulesets');
  } catch (e) {
    add(view, errorNotice(e));
    return;
  }
  const versions = [...list.versions].reverse();
  const opt = (v, selected) => h('option', { value: v.rulesetVersion, selected },
    `${v.rulesetVersion.slice(0, 12)} · ${dateTime(v.createdAt)}${v.active ? ' · 生效中' : ''}`);
  const fromValue = params.from || (versions[1] || versions[0] || {}).rulesetVersion;
  const toValue = params.to || (versions[0] || {}).rulesetVersion;
  const from = h('select', { id: 'diff-from' }, versions.map((v) => opt(v, v.rulesetVersion === fromValue)));
  const to = h('select', { id: 'diff-to' }, versions.map((v) => opt(v, v.rulesetVersion === toValue)));
  const context = h('select', { id: 'diff-context' }, [0, 3, 10].map((n) => h('option', { value: n, selected: String(n) === (params.context || '3') }, `上下文 ${n} 行`)));
  const result = h('div', { id: 'diff-result' });
  add(view, panel(null, h('form', {
    class: 'form',
    onsubmit: (ev) => { ev.preventDefault(); ctx.go('diff', { from: from.value, to: to.value, context: context.value }); },
  }, field('旧版本', from), field('新版本', to), field('显示', context), h('button', { class: 'btn', type: 'submit', id: 'diff-run' }, '对比'))), result);
  if (!params.from || !params.to) {
    add(result, notice('info', '选择两个版本后点“对比”。'));
    return;
  }
  add(result, loading());
  let diff;
  try {
    diff = await api(`/v1/rulesets/${encodeURIComponent(params.from)}/diff/${encodeURIComponent(params.to)}${query({ context: params.context })}`);
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  const added = diff.files.reduce((n, f) => n + f.linesAdded, 0);
  const removed = diff.files.reduce((n, f) => n + f.linesRemoved, 0);
  put(result, 
    notice(diff.files.length ? 'info' : 'ok', diff.files.length
      ? `${diff.files.length} 个文件有变化（新增 ${added} 行，删除 ${removed} 行），${diff.unchangedFiles} 个文件未变。`
      : `两个版本的 ${diff.unchangedFiles} 个文件完全相同。`),
    ...diff.files.map(fileView));
}

function fileView(f) {
  const [text, kind] = STATUS[f.status];
  const rows = [];
  for (const hunk of f.hunks) {
    rows.push(h('tr', { class: 'hunk' }, h('td', { colspan: 4 }, `@@ -${hunk.fromLine},${hunk.fromCount} +${hunk.toLine},${hunk.toCount} @@`)));
    for (const l of hunk.lines) {
      const cls = l.kind === 'ADDED' ? 'line-added' : l.kind === 'REMOVED' ? 'line-removed' : 'line-context';
      const sign = l.kind === 'ADDED' ? '+' : l.kind === 'REMOVED' ? '-' : ' ';
      rows.push(h('tr', { class: cls },
        h('td', { class: 'ln' }, l.fromLine ? String(l.fromLine) : ''),
        h('td', { class: 'ln' }, l.toLine ? String(l.toLine) : ''),
        h('td', { class: 'sign' }, sign),
        h('td', { class: 'text' }, l.text)));
    }
  }
  return h('div', { class: 'diff-file', dataset: { path: f.path } },
    h('div', { class: 'diff-file-head' }, tag(text, kind), h('span', { class: 'diff-path' }, f.path),
      h('span', { class: 'muted small' }, `+${f.linesAdded} −${f.linesRemoved}`)),
    f.tooLarge ? notice('warn', '文件过长，未逐行比较。')
      : h('table', { class: 'diff' }, h('tbody', null, rows)));
}
