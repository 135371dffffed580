// 发布与回滚: publish the validated candidate (it must compile and pass the service's scenarios, else
// nothing changes) or make a stored version active again; a reason is required either way and the
// publication records the signed-in credential as who did it.
import { api } from '../api.js';
import {
  h, pageHead, panel, field, table, errorNotice, notice, busy, dateTime, shortHash, href, put, add,
} from '../dom.js';
import { candidate } from '../candidate.js';

/** The outcome of the last publication or roll back, shown above the refreshed page. */
let flash = null;

export async function render(view, params, ctx) {
  add(view, ...pageHead('发布与回滚', '发布后各服务实例在数秒内切换到新版本；每次发布与回滚都记录操作凭据、时间和理由，并写入审计链。'));
  if (flash) {
    add(view, flash);
    flash = null;
  }
  let list;
  try {
    list = await api('/v1/rulesets');
  } catch (e) {
    add(view, errorNotice(e));
    return;
  }
  const c = candidate();
  const publishReason = h('textarea', { id: 'publish-reason', maxlength: 1000, required: true, placeholder: '例如：贺兰县疑似辍学认定由连续三日调整为两日（贺教发〔2025〕11号修订）' });
  const publishButton = h('button', { class: 'btn', type: 'submit', id: 'publish-run', disabled: !c }, '发布候选规则包');
  const publishResult = h('div', { id: 'publish-result' });
  const versions = [...list.versions].reverse().filter((v) => !v.active);
  const target = h('select', { id: 'rollback-version' }, versions.map((v) => h('option', { value: v.rulesetVersion, selected: v.rulesetVersion === params.rollback },
    `${v.rulesetVersion.slice(0, 12)} · ${dateTime(v.createdAt)} · ${v.origin}${v.note ? ` · ${v.note}` : ''}`)));
  const rollbackReason = h('textarea', { id: 'rollback-reason', maxlength: 1000, required: true, placeholder: '回滚理由' });
  const rollbackButton = h('button', { class: 'btn btn-danger', type: 'submit', id: 'rollback-run', disabled: !versions.length }, '回滚到所选版本');
  const rollbackResult = h('div', { id: 'rollback-result' });

  add(view, 
    h('div', { class: 'figures' },
      h('div', { class: 'figure' }, h('div', { class: 'figure-value mono', id: 'publish-active', title: list.activeVersion }, list.activeVersion.slice(0, 12)), h('div', { class: 'figure-label' }, '当前生效版本'))),
    panel('发布候选规则包',
      c ? h('dl', { class: 'facts' },
        h('dt', null, '规则包'), h('dd', null, c.fileName),
        h('dt', null, '候选版本号'), h('dd', { class: 'mono' }, c.version),
        h('dt', null, '规则文件数'), h('dd', null, String(c.files.length)))
        : notice('info', h('span', null, '没有已校验的候选规则包。请先到', h('a', { href: href('validate') }, '规则包校验'), '上传并通过校验，建议再做', h('a', { href: href('impact') }, '影响分析'), '。')),
      h('form', {
        class: 'form',
        onsubmit: (ev) => {
          ev.preventDefault();
          busy(publishButton, async () => {
            try {
              const p = await api('/v1/rulesets', { method: 'POST', body: { files: c.files, reason: publishReason.value.trim() } });
              flash = done('已发布', p);
              ctx.go('publish');
            } catch (e) {
              put(publishResult, errorNotice(e));
            }
          });
        },
      }, field('发布理由（必填）', publishReason, { wide: true }), publishButton),
      publishResult),
    panel('回滚到已存版本',
      h('p', { class: 'muted small' }, '回滚即把一个已存版本重新设为生效版本（该版本首次发布时已通过场景测试，回滚只重新编译）。'),
      h('form', {
        class: 'form',
        onsubmit: (ev) => {
          ev.preventDefault();
          busy(rollbackButton, async () => {
            try {
              const p = await api('/v1/rulesets', { method: 'POST', body: { rulesetVersion: target.value, reason: rollbackReason.value.trim() } });
              flash = done('已回滚', p);
              ctx.go('publish');
            } catch (e) {
              put(rollbackResult, errorNotice(e));
            }
          });
        },
      }, field('目标版本', target, { wide: true }), field('回滚理由（必填）', rollbackReason, { wide: true }), rollbackButton),
      rollbackResult),
    panel('最近的发布记录', table([
      { title: '时间', cell: (p) => dateTime(p.publishedAt) },
      { title: '版本', cell: (p) => shortHash(p.rulesetVersion) },
      { title: '发布人', cell: (p) => h('span', { class: 'mono' }, p.publishedBy) },
      { title: '理由', cell: (p) => p.reason },
    ], list.publications.slice(0, 5), { empty: '尚无发布记录' })));
}

function done(what, p) {
  return h('div', { class: 'notice notice-ok', role: 'status', id: 'publication' },
    h('div', { class: 'verdict' }, `${what}：版本 `, h('span', { class: 'mono', id: 'published-version' }, p.rulesetVersion), ' 现已生效。'),
    h('div', null, `时间 ${dateTime(p.publishedAt)}；操作凭据 ${p.publishedBy}；理由：${p.reason}`),
    h('div', null, p.scenariosRun ? `场景测试 ${p.scenariosPassed}/${p.scenariosRun} 通过。` : '回滚：已重新编译，未重跑场景。'),
    p.previousVersion ? h('div', null, h('a', { href: href('diff', { from: p.previousVersion, to: p.rulesetVersion }), id: 'publication-diff' }, '查看与前一版本的差异')) : null);
}
