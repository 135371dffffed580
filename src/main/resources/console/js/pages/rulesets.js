// 规则集版本: every stored rule set version, which one the database names active, which one this
// instance decides with, and the publications (who, when, why), newest first.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, tag, errorNotice, loading, dateTime, shortHash, href, put, add,
} from '../dom.js';

export async function render(view, params, ctx) {
  add(view, ...pageHead('规则集版本', '规则集的每个版本以其全部文件的 SHA-256 标识；发布与回滚均有记录（何人、何时、何故）。'));
  const body = h('div');
  add(view, body);
  add(body, loading());
  let list;
  try {
    list = await api('/v1/rulesets');
  } catch (e) {
    put(body, errorNotice(e));
    return;
  }
  const versions = [...list.versions].reverse(); // newest first
  const label = (v) => `${v.rulesetVersion.slice(0, 12)} · ${dateTime(v.createdAt)}${v.active ? ' · 生效中' : ''}`;
  const from = h('select', { id: 'compare-from' }, versions.map((v, i) => h('option', { value: v.rulesetVersion, selected: i === 1 }, label(v))));
  const to = h('select', { id: 'compare-to' }, versions.map((v, i) => h('option', { value: v.rulesetVersion, selected: i === 0 }, label(v))));
  const editor = ctx.hasRole('POLICY_EDITOR');
  put(body, 
    h('div', { class: 'figures' },
      h('div', { class: 'figure' }, h('div', { class: 'figure-value' }, String(list.versions.length)), h('div', { class: 'figure-label' }, '已存版本')),
      h('div', { class: 'figure' }, h('div', { class: 'figure-value mono', id: 'active-version', title: list.activeVersion }, list.activeVersion.slice(0, 12)), h('div', { class: 'figure-label' }, '数据库指定的生效版本')),
      h('div', { class: 'figure' }, h('div', { class: 'figure-value mono', title: list.servingVersion }, (list.servingVersion || '').slice(0, 12)), h('div', { class: 'figure-label' }, '本实例正在使用'))),
    panel('对比两个版本', h('form', {
      class: 'form',
      onsubmit: (ev) => { ev.preventDefault(); ctx.go('diff', { from: from.value, to: to.value }); },
    }, field('旧版本', from), field('新版本', to), h('button', { class: 'btn', type: 'submit', id: 'compare-run' }, '对比'))),
    panel('已存版本', table([
      { title: '版本', cell: (v) => h('a', { href: href('rulesets', { version: v.rulesetVersion }), class: 'mono', title: v.rulesetVersion }, v.rulesetVersion.slice(0, 12)) },
      { title: '存入时间', cell: (v) => dateTime(v.createdAt) },
      { title: '文件数', cell: (v) => String(v.fileCount), class: 'num' },
      { title: '来源', cell: (v) => v.origin },
      { title: '说明', cell: (v) => v.note || '' },
      { title: '状态', cell: (v) => [v.active ? tag('生效中', 'green') : null, v.rulesetVersion === list.servingVersion ? tag('本实例在用') : null] },
      {
        title: '操作',
        cell: (v) => h('div', { class: 'btn-row' },
          v.active ? null : h('a', { href: href('diff', { from: list.activeVersion, to: v.rulesetVersion }) }, '与生效版本对比'),
          editor && !v.active ? h('a', { href: href('publish', { rollback: v.rulesetVersion }), class: 'rollback-link' }, '回滚到此版本') : null),
      },
    ], versions, { id: 'versions-table' })),
    panel('发布记录（最新在前）', table([
      { title: '发布时间', cell: (p) => h('span', { class: 'nowrap' }, dateTime(p.publishedAt)) },
      { title: '版本', cell: (p) => shortHash(p.rulesetVersion) },
      { title: '前一版本', cell: (p) => (p.previousVersion ? h('a', { href: href('diff', { from: p.previousVersion, to: p.rulesetVersion }) }, shortHash(p.previousVersion), ' 对比') : '—') },
      { title: '发布人', cell: (p) => h('span', { class: 'mono' }, p.publishedBy) },
      { title: '理由', cell: (p) => p.reason },
      { title: '场景测试', cell: (p) => (p.scenariosRun ? `${p.scenariosPassed}/${p.scenariosRun} 通过` : '回滚（仅编译）') },
    ], list.publications, { id: 'publications-table', empty: '尚无发布记录' })));
  if (params.version) {
    const detail = h('div', { id: 'version-detail' }, loading());
    body.prepend(detail);
    try {
      const v = await api(`/v1/rulesets/${encodeURIComponent(params.version)}`);
      put(detail, panel(`版本 ${v.rulesetVersion.slice(0, 12)} 的文件（${v.files.length}）`,
        h('p', { class: 'muted small mono' }, v.rulesetVersion),
        v.files.map((f) => h('details', null,
          h('summary', null, h('span', { class: 'mono' }, f.path), h('span', { class: 'muted small' }, `  sha256 ${f.sha256.slice(0, 12)}`)),
          h('pre', { class: 'json' }, f.content)))));
    } catch (e) {
      put(detail, errorNotice(e));
    }
  }
}
