// After sign-in: who this credential is and the work its roles may do here.
import { h, pageHead, panel, add } from '../dom.js';
import { ROLES } from '../labels.js';

export async function render(view, params, ctx) {
  const c = ctx.caller;
  const groups = new Map();
  for (const p of ctx.pages()) {
    if (!groups.has(p.group)) groups.set(p.group, []);
    groups.get(p.group).push(p);
  }
  add(view, 
    ...pageHead('工作台', '以下为当前凭据的角色可以使用的功能。所有数据均由本服务接口按角色权限提供。'),
    panel('当前凭据',
      h('dl', { class: 'facts' },
        h('dt', null, '身份'), h('dd', { class: 'mono' }, c.name),
        h('dt', null, '角色'), h('dd', { id: 'caller-roles' }, c.roles.map((r) => h('span', { class: 'tag', dataset: { role: r } }, ROLES[r] || r))),
        h('dt', null, '服务学校'), h('dd', null, c.schools.length ? c.schools.map((s) => (s === '*' ? '全部学校' : s)).join('、') : '—'))),
    ...[...groups].map(([group, pages]) => panel(group,
      h('div', { class: 'tiles' }, pages.map((p) => h('a', { class: 'tile', href: `#/${p.id}` },
        h('div', { class: 'tile-title' }, p.title), h('div', { class: 'tile-text' }, p.text)))))));
}
