// The console's shell: sign-in, the navigation the credential's roles allow, and a hash router
// (#/page?param=value) that loads each page's module on first use.
import { api, credential, signIn, signOut } from './api.js';
import { h, notice, errorNotice, loading, put } from './dom.js';
import { ROLES } from './labels.js';
import { disposeAll } from './charts.js';

const SCHOOL_COUNTY = ['SCHOOL_SYSTEM', 'COUNTY_OFFICER', 'AUDITOR'];
const ANY = ['SCHOOL_SYSTEM', 'COUNTY_OFFICER', 'AUDITOR', 'POLICY_EDITOR', 'OPERATOR'];

/** Every page: its group in the navigation, the roles that may use it, and its module. */
export const PAGES = [
  { id: 'home', title: '首页', roles: ANY, nav: false, load: () => import('./pages/home.js') },
  { id: 'ledger', group: '县校业务', title: '台账查询', text: '某日的各类台账，逾期措施标红', roles: SCHOOL_COUNTY, load: () => import('./pages/ledger.js') },
  { id: 'student', group: '县校业务', title: '学生决策', text: '一名学生最新决策的每项标记与措施及其依据', roles: SCHOOL_COUNTY, load: () => import('./pages/student.js') },
  { id: 'calendar', group: '县校业务', title: '工作日历', text: '县区文件规定的各项时限，按月显示', roles: ANY, load: () => import('./pages/calendar.js') },
  { id: 'reports', group: '县校业务', title: '报表下载', text: '月报表、台账、学期汇总、督办清单', roles: SCHOOL_COUNTY, load: () => import('./pages/reports.js') },
  { id: 'rulesets', group: '政策管理', title: '规则集版本', text: '已存版本与发布记录', roles: ['POLICY_EDITOR', 'AUDITOR'], load: () => import('./pages/rulesets.js') },
  { id: 'diff', group: '政策管理', title: '版本对比', text: '两个版本逐文件逐行的差异', roles: ['POLICY_EDITOR', 'AUDITOR'], load: () => import('./pages/diff.js') },
  { id: 'validate', group: '政策管理', title: '规则包校验', text: '上传规则文件夹 zip，逐文件逐行列出问题', roles: ['POLICY_EDITOR'], load: () => import('./pages/validate.js') },
  { id: 'impact', group: '政策管理', title: '影响分析', text: '候选规则对某时段已存决策的影响', roles: ['POLICY_EDITOR'], load: () => import('./pages/impact.js') },
  { id: 'publish', group: '政策管理', title: '发布与回滚', text: '发布候选规则或回滚到已存版本，须填写理由', roles: ['POLICY_EDITOR'], load: () => import('./pages/publish.js') },
  { id: 'search', group: '审计', title: '决策检索', text: '按学生、学校、标记、时段检索已存决策', roles: ['AUDITOR'], load: () => import('./pages/search.js') },
  { id: 'decision', group: '审计', title: '决策重放', text: '打开一项决策并按原规则或其他版本重放', roles: ['AUDITOR'], load: () => import('./pages/decision.js') },
  { id: 'verify', group: '审计', title: '审计链校验', text: '逐条核对哈希链', roles: ['AUDITOR'], load: () => import('./pages/verify.js') },
  { id: 'export', group: '审计', title: '时段导出', text: '导出某时段的链上记录供离线核验', roles: ['AUDITOR'], load: () => import('./pages/export.js') },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const session = document.getElementById('session');
let caller = null;

function allowed(page) {
  return caller && page.roles.some((r) => caller.roles.includes(r));
}

/** What a page needs of the shell. */
const ctx = {
  get caller() { return caller; },
  hasRole: (role) => Boolean(caller && caller.roles.includes(role)),
  /** The schools a school credential serves (empty for "*" or other roles). */
  servedSchools: () => (caller ? caller.schools.filter((s) => s !== '*') : []),
  go(page, params = {}) {
    const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
    const target = `#/${page}${q ? `?${q}` : ''}`;
    if (location.hash === target) {
      route();
    } else {
      location.hash = target;
    }
  },
  pages: () => PAGES.filter((p) => p.nav !== false && allowed(p)),
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [id, q] = raw.split('?');
  return { id: id || 'home', params: Object.fromEntries(new URLSearchParams(q || '')) };
}

function renderNav(current) {
  const groups = new Map();
  for (const p of ctx.pages()) {
    if (!groups.has(p.group)) groups.set(p.group, []);
    groups.get(p.group).push(p);
  }
  put(nav, 
    h('div', { class: 'nav-group' }, h('a', { class: `nav-link${current === 'home' ? ' active' : ''}`, href: '#/home' }, '首页')),
    ...[...groups].map(([group, pages]) => h('div', { class: 'nav-group' },
      h('div', { class: 'nav-group-title' }, group),
      pages.map((p) => h('a', { class: `nav-link${p.id === current ? ' active' : ''}`, href: `#/${p.id}`, dataset: { page: p.id } }, p.title)))));
  nav.hidden = false;
}

function renderSession() {
  put(document.getElementById('session-who'), 
    h('span', { class: 'mono' }, caller.name),
    caller.roles.map((r) => h('span', { class: 'tag role-tag' }, ROLES[r] || r)),
    caller.schools.length ? h('span', { class: 'small' }, ` 学校：${caller.schools.map((s) => (s === '*' ? '全部学校' : s)).join('、')}`) : null);
  session.hidden = false;
}

let generation = 0;

async function route() {
  if (!caller) return;
  const { id, params } = parseHash();
  const page = PAGES.find((p) => p.id === id);
  renderNav(id);
  const mine = ++generation;
  if (!page) {
    put(main, notice('warn', '没有这个页面。'));
    return;
  }
  if (!allowed(page)) {
    put(main, h('h1', { class: 'page-title' }, page.title),
      notice('error', `当前凭据的角色（${caller.roles.map((r) => ROLES[r] || r).join('、')}）无权使用「${page.title}」。`));
    return;
  }
  document.title = `${page.title} · 控辍保学决策服务`;
  disposeAll();
  put(main, loading());
  try {
    const module = await page.load();
    if (mine !== generation) return;
    const view = h('div', { class: 'page', dataset: { page: page.id } });
    put(main, view);
    await module.render(view, params, ctx);
  } catch (e) {
    if (mine === generation) put(main, errorNotice(e));
  }
}

function showSignIn(message) {
  caller = null;
  nav.hidden = true;
  session.hidden = true;
  document.title = '登录 · 控辍保学决策服务';
  const input = h('textarea', {
    id: 'credential', autocomplete: 'off', spellcheck: 'false', rows: 3,
    placeholder: 'kcbx_… 或身份认证系统签发的令牌',
  });
  const status = h('div');
  const form = h('form', {
    class: 'signin',
    onsubmit: async (ev) => {
      ev.preventDefault();
      const token = input.value.trim();
      if (!token) {
        put(status, notice('warn', '请粘贴凭据。'));
        return;
      }
      signIn(token);
      input.value = '';
      put(status, loading('正在核验凭据……'));
      await start(status);
    },
  },
  h('div', { class: 'panel' },
    h('h1', { class: 'page-title' }, '登录管理控制台'),
    h('p', { class: 'page-lead' }, '粘贴本单位的访问凭据（与调用接口所用的 Bearer 凭据相同）。凭据只保存在本标签页，关闭标签页或点“退出登录”即清除。'),
    message ? notice('warn', message) : null,
    h('label', { class: 'field' }, h('span', null, '访问凭据'), input),
    h('div', { class: 'btn-row' }, h('button', { class: 'btn', type: 'submit', id: 'sign-in' }, '登录')),
    status));
  put(main, form);
  input.focus();
}

async function start(status) {
  try {
    caller = await api('/v1/me');
  } catch (e) {
    signOut();
    caller = null;
    if (status) put(status, errorNotice(e));
    else showSignIn(e.message);
    return;
  }
  renderSession();
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.hash = '#/home';
  }
  await route();
}

window.addEventListener('hashchange', route);
window.addEventListener('kcbx:signed-out', (ev) => {
  if (!caller) return; // the sign-in form shows its own refusal
  signOut();
  showSignIn(ev.detail);
});
document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '';
  showSignIn('已退出登录。');
});

if (credential()) {
  start(null);
} else {
  showSignIn(null);
}
