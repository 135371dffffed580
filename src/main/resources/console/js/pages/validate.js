// 规则包校验: a zipped rules folder compiled by the service (POST /v1/rulesets/validate), every
// problem at its file, line and column; nothing is stored. A valid package becomes the candidate
// for 影响分析 and 发布.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, errorNotice, notice, busy, href, put, add,
} from '../dom.js';
import { candidate, setCandidate } from '../candidate.js';
import { readRulesZip } from '../zip.js';

export async function render(view, params, ctx) {
  const input = h('input', { id: 'validate-file', type: 'file', accept: '.zip,application/zip', required: true });
  const button = h('button', { class: 'btn', type: 'submit', id: 'validate-run' }, '校验');
  const result = h('div', { id: 'validate-result' });
  add(view, ...pageHead('规则包校验', '上传规则文件夹的 zip 压缩包（rules/ 文件夹本身或其下各县区文件夹）。服务按发布时的同一标准编译，列出全部问题；不保存任何内容。'),
    panel(null, h('form', {
      class: 'form',
      onsubmit: (ev) => {
        ev.preventDefault();
        busy(button, () => validate(input.files[0], result));
      },
    }, field('规则包（.zip）', input, { wide: true }), button)),
    result);
  const c = candidate();
  if (c) {
    add(result, summary(c));
  }
}

async function validate(file, result) {
  if (!file) {
    put(result, notice('warn', '请选择 zip 文件。'));
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  let report;
  try {
    report = await api('/v1/rulesets/validate', { method: 'POST', body: form });
  } catch (e) {
    put(result, errorNotice(e));
    return;
  }
  if (!report.valid) {
    setCandidate(null);
    const problems = [...report.problems].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
    put(result, 
      notice('error', `校验未通过：${file.name} 共有 ${problems.length} 个问题（${report.fileCount} 个文件）。请逐条修改后重新校验。`),
      panel('问题清单', table([
        { title: '文件', cell: (p) => h('span', { class: 'mono nowrap' }, p.file) },
        { title: '行', cell: (p) => (p.line ? String(p.line) : '整个文件'), class: 'num' },
        { title: '列', cell: (p) => (p.column ? String(p.column) : ''), class: 'num' },
        { title: '问题', cell: (p) => p.message },
      ], problems, { id: 'problems-table', rowClass: () => 'problem-row' })));
    return;
  }
  let files;
  try {
    files = await readRulesZip(file);
  } catch (e) {
    put(result, notice('error', e.message));
    return;
  }
  const c = { fileName: file.name, files, version: report.rulesetVersion, profiles: report.profiles || [], fileCount: report.fileCount };
  setCandidate(c);
  put(result, summary(c));
}

function summary(c) {
  return h('div', null,
    notice('ok', `校验通过：${c.fileName}，${c.fileCount} 个规则文件，县区配置 ${c.profiles.join('、')}。`),
    panel('候选规则包',
      h('dl', { class: 'facts' },
        h('dt', null, '文件'), h('dd', null, c.fileName),
        h('dt', null, '候选版本号'), h('dd', { id: 'candidate-version', class: 'mono' }, c.version),
        h('dt', null, '规则文件数'), h('dd', null, String(c.files.length))),
      h('p', { class: 'muted small' }, '候选规则包仅保存在本页面内存中，刷新页面后需重新上传。'),
      h('div', { class: 'btn-row' },
        h('a', { class: 'btn', href: href('impact'), id: 'to-impact' }, '影响分析'),
        h('a', { class: 'btn btn-light', href: href('publish'), id: 'to-publish' }, '发布'))));
}
