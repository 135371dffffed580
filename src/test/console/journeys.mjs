// The console's journeys in a real browser: Debian's headless Chromium driven by playwright-core
// (no browser is downloaded). Run by kcbx.console.ConsoleBrowserTest against a service it started
// on a fresh database; also runnable by hand against any service (docs/console.md):
//
//   KCBX_BASE_URL=http://localhost:8182 KCBX_CONSOLE_TOKENS="$(cat tokens.json)" node src/test/console/journeys.mjs
//
// KCBX_CONSOLE_TOKENS is JSON {seed, county, school, policy, auditor, policyAuditor}: seed is a
// school system for every school that is also an auditor (it posts the decisions the journeys
// read); school serves school-1 only; policyAuditor holds POLICY_EDITOR and AUDITOR. Every check prints "CHECK <journey> <what>"; a failure prints "FAIL ..." and the
// process exits 1. Screenshots of every page go to KCBX_SCREENSHOTS (target/console-screenshots).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BASE = (process.env.KCBX_BASE_URL || 'http://localhost:8182').replace(/\/$/, '');
const ORIGIN = new URL(BASE).origin;
const TOKENS = JSON.parse(process.env.KCBX_CONSOLE_TOKENS || '{}');
const ROOT = process.env.KCBX_PROJECT_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const RULES = process.env.KCBX_RULES_DIR || path.join(ROOT, 'rules');
const SHOTS = process.env.KCBX_SCREENSHOTS || path.join(ROOT, 'target/console-screenshots');
const WORK = process.env.KCBX_CONSOLE_WORK || path.join(ROOT, 'target/console-test');
const CHROMIUM = process.env.KCBX_CHROMIUM || '/usr/bin/chromium';
const ONLY = (process.env.KCBX_JOURNEYS || '').split(',').filter(Boolean);
const RUN = process.env.KCBX_RUN_ID || Date.now().toString(36);

const TOWNSHIP = `习岗镇${RUN}`;
const SCHOOL1 = 'school-1';
const SCHOOL2 = 'school-2';
const LEDGER_DATE = '2025-09-30';

for (const k of ['seed', 'county', 'school', 'policy', 'auditor', 'policyAuditor']) {
  if (!TOKENS[k]) {
    console.error(`KCBX_CONSOLE_TOKENS lacks "${k}"`);
    process.exit(2);
  }
}
fs.mkdirSync(SHOTS, { recursive: true });
fs.mkdirSync(WORK, { recursive: true });

// ---------------------------------------------------------------- checks and API cross-checks

let journeyName = 'setup';
let checks = 0;

function check(what, condition, detail) {
  if (!condition) {
    throw new Error(`${what}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
  }
  checks++;
  console.log(`CHECK ${journeyName} ${what}`);
}

async function apiCall(token, method, p, body) {
  const r = await fetch(BASE + p, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, text, json: text.startsWith('{') ? JSON.parse(text) : null };
}

async function apiGet(token, p) {
  const r = await apiCall(token, 'GET', p);
  if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${r.text}`);
  return r.json;
}

// ---------------------------------------------------------------- test data through the API

function attendance(present, absent) {
  return [...present.map((d) => ({ date: d, status: 'PRESENT' })), ...absent.map((d) => ({ date: d, status: 'ABSENT_UNEXCUSED' }))]
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

const STUDENTS = {
  zhang: { school: SCHOOL1, id: `zhang-${RUN}`, name: '张三', gender: 'MALE', grade: 7, className: '七(2)班', nationalId: '110105201203150011' },
  li: { school: SCHOOL1, id: `li-${RUN}`, name: '李四', gender: 'FEMALE', grade: 8, className: '八(1)班', nationalId: '110105201107200023' },
  wang: { school: SCHOOL1, id: `wang-${RUN}`, name: '王五', gender: 'MALE', grade: 7, className: '七(1)班' },
  zhou: { school: SCHOOL1, id: `zhou-${RUN}`, name: '周八', gender: 'FEMALE', grade: 9, className: '九(2)班' },
  qian: { school: SCHOOL2, id: `qian-${RUN}`, name: '钱七', gender: 'MALE', grade: 9, className: '九(3)班', nationalId: '110105201201010031' },
  zheng: { school: SCHOOL2, id: `zheng-${RUN}`, name: '郑九', gender: 'FEMALE', grade: 7, className: '七(3)班' },
};
const SCHOOL_NAMES = { [SCHOOL1]: '习岗镇第一中学', [SCHOOL2]: '习岗镇第二中学' };
const decisionIds = {};
let seeded = 0;

async function decide(key, asOf, present, absent, interventions = []) {
  const s = STUDENTS[key];
  const body = {
    profile: 'helan',
    asOf,
    student: {
      id: s.id, schoolId: s.school, schoolName: SCHOOL_NAMES[s.school], township: TOWNSHIP, name: s.name, gender: s.gender,
      grade: s.grade, className: s.className, registryStatus: 'ENROLLED', ...(s.nationalId ? { nationalId: s.nationalId } : {}),
    },
    attendance: attendance(present, absent),
    interventions,
  };
  const r = await apiCall(TOKENS.seed, 'POST', '/v1/decisions', body);
  if (r.status !== 200) throw new Error(`seeding ${key}: ${r.status} ${r.text}`);
  decisionIds[key] = r.json.decisionId;
  seeded++;
  return r.json;
}

async function seed() {
  // 张三: one day absent on 8 Sep, three school days by 10 Sep: suspected dropout, nothing done since
  await decide('zhang', '2025-09-08', ['2025-09-05'], ['2025-09-08']);
  const zhang = await decide('zhang', '2025-09-10', ['2025-09-05'], ['2025-09-08', '2025-09-09', '2025-09-10']);
  // 李四 and 郑九: two school days, a suspected dropout only under a two-day rule
  await decide('li', '2025-09-10', ['2025-09-05', '2025-09-08'], ['2025-09-09', '2025-09-10']);
  await decide('zheng', '2025-09-10', ['2025-09-05', '2025-09-08'], ['2025-09-09', '2025-09-10']);
  await decide('wang', '2025-09-10', ['2025-09-08', '2025-09-09', '2025-09-10'], []);
  // 周八: a week absent, the township's verification failed: a dropout
  await decide('zhou', '2025-09-12', ['2025-09-05'], ['2025-09-08', '2025-09-09', '2025-09-10', '2025-09-11', '2025-09-12'], [
    { date: '2025-09-08', type: 'FAMILY_CONTACT', outcome: 'DONE' },
    { date: '2025-09-12', type: 'TOWNSHIP_VERIFICATION', outcome: 'FAILED' }]);
  // 钱七, at the other school: suspected dropout
  await decide('qian', '2025-09-10', ['2025-09-05'], ['2025-09-08', '2025-09-09', '2025-09-10']);
  check('the seeded suspected dropout has SUSPECTED_DROPOUT', zhang.flags.some((f) => f.code === 'SUSPECTED_DROPOUT'), zhang.flags);
  check('李四 is not a suspected dropout under the three-day rule',
    !(await apiGet(TOKENS.auditor, `/v1/decisions/${decisionIds.li}`)).flags.some((f) => f.code === 'SUSPECTED_DROPOUT'));
}

// ---------------------------------------------------------------- zipped rules folders

function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8); local.writeUInt32LE(crc, 14); local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8); central.writeUInt16LE(8, 10); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20); central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, deflated);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function rulesFolder() {
  const out = new Map();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(RULES, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(RULES);
  return out;
}

/** rules/ as people zip it ("rules/..."), with some files changed. */
function rulesZip(file, change) {
  const files = rulesFolder();
  change(files);
  const p = path.join(WORK, file);
  fs.writeFileSync(p, zip([...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, data]) => ({ name: `rules/${name}`, data }))));
  return p;
}

// where the broken package's two problems are: the pattern line of the rule, the line appended to parameters.yaml
const BROKEN_RULE_LINE = 5;
const helanParameterLines = () => fs.readFileSync(path.join(RULES, 'helan/parameters.yaml'), 'utf8').split('\n').length - 1;
function zips() {
  const candidate = rulesZip('candidate-two-days.zip', (f) => {
    f.set('helan/parameters.yaml', Buffer.concat([f.get('helan/parameters.yaml'), Buffer.from('attendance.suspectedDropoutDays: 2\n')]));
  });
  const broken = rulesZip('broken.zip', (f) => {
    f.set('helan/helan-broken.drl', Buffer.from(['package rules.helan;', '',
      'rule "Uses a fact type nobody declared" @id("helan.broken") @cite("helan 一(五)")',
      'when', '    $x : NoSuchFact()', 'then', 'end', ''].join('\n')));
    f.set('helan/parameters.yaml', Buffer.concat([f.get('helan/parameters.yaml'), Buffer.from('attendance.suspectedDropoutDays: two\n')]));
  });
  return { candidate, broken };
}

// ---------------------------------------------------------------- the browser

const outside = [];
const requests = [];
const refused = [];
const browserErrors = [];
let shotNo = 0;

async function shot(page, name) {
  shotNo++;
  const file = path.join(SHOTS, `${String(shotNo).padStart(2, '0')}-${journeyName}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`SCREENSHOT ${file}`);
}

async function newContext(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  // nothing may leave the service's origin: anything else is recorded and never sent
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== ORIGIN) {
      outside.push(`${journeyName}: ${url}`);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  context.on('request', (r) => requests.push(r.url()));
  context.on('response', (r) => {
    if (r.url().startsWith(`${ORIGIN}/v1/`) && r.status() >= 400) {
      refused.push({ journey: journeyName, url: r.url().slice(ORIGIN.length), status: r.status() });
    }
  });
  context.on('page', (p) => watch(p));
  return context;
}

function watch(page) {
  page.on('pageerror', (e) => browserErrors.push(`${journeyName}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/the server responded with a status of (401|403|404)/.test(m.text())) {
      browserErrors.push(`${journeyName}: console: ${m.text()}`);
    }
  });
}

async function signIn(page, token) {
  await page.goto(`${BASE}/console/`);
  await page.waitForSelector('#credential');
  await page.fill('#credential', token);
  await page.click('#sign-in');
  await page.waitForSelector('#caller-roles');
}

async function texts(page, selector) {
  return page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));
}

async function rowCount(page, tableId) {
  return page.$$eval(`#${tableId} tbody tr:not(.row-empty)`, (rows) => rows.length);
}

/** Pixels of a chart's canvas that are not background: a drawn chart has thousands. */
async function chartPixels(page, id) {
  return page.$eval(`#${id} canvas`, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && !(d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240)) n++;
    }
    return { width: c.width, height: c.height, inked: n };
  });
}

async function download(page, buttonSelector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(buttonSelector)]);
  const file = path.join(WORK, dl.suggestedFilename());
  await dl.saveAs(file);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

// ---------------------------------------------------------------- journeys

async function countyJourney(browser) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${BASE}/console/`);
  await page.waitForSelector('#credential');
  const response = await page.request.get(`${BASE}/console/`);
  const csp = response.headers()['content-security-policy'] || '';
  check('/console/ is served with Content-Security-Policy default-src \'self\'', csp.includes("default-src 'self'"), csp);
  await shot(page, 'signin');

  await page.fill('#credential', 'kcbx_0000000000000000_not-a-real-secret');
  await page.click('#sign-in');
  await page.waitForSelector('.signin .notice-error');
  check('a wrong credential is refused on the sign-in page', (await page.textContent('.signin .notice-error')).includes('凭据无效'));

  await page.fill('#credential', TOKENS.county);
  await page.click('#sign-in');
  await page.waitForSelector('#caller-roles');
  check('the county officer is signed in as 县教育局', (await page.textContent('#caller-roles')).includes('县教育局'));
  check('the credential is kept in this tab\'s sessionStorage only',
    await page.evaluate(() => sessionStorage.length === 1 && localStorage.length === 0 && document.cookie === ''));
  const nav = await texts(page, '#nav .nav-link');
  check('the county officer\'s navigation has the ledger, student, calendar and report pages and no audit or policy page',
    ['台账查询', '学生决策', '工作日历', '报表下载'].every((t) => nav.includes(t)) && !nav.includes('决策检索') && !nav.includes('发布与回滚'), nav);
  await shot(page, 'home');

  // the ledger of the township as of 30 Sep
  await page.click('#nav [data-page=ledger]');
  await page.selectOption('#ledger-code', 'SUSPECTED_DROPOUT_LEDGER');
  await page.fill('#ledger-asof', LEDGER_DATE);
  await page.selectOption('#scope-kind', 'township');
  await page.fill('#scope-value', TOWNSHIP);
  await page.click('#ledger-run');
  await page.waitForSelector('#ledger-table');
  const api = await apiGet(TOKENS.county, `/v1/ledgers/SUSPECTED_DROPOUT_LEDGER?asOf=${LEDGER_DATE}&township=${encodeURIComponent(TOWNSHIP)}`);
  const rows = await rowCount(page, 'ledger-table');
  check('the township ledger shows one row per student the API lists', rows === api.entries.length && rows >= 2, { rows, api: api.entries.length });
  const table = await page.textContent('#ledger-table');
  check('both schools\' suspected dropouts are on the township ledger', table.includes('张三') && table.includes('钱七'), table.slice(0, 400));
  check('national ID numbers are shown as the API gives them to the county', table.includes('110105201203150011'));
  const zhangRow = page.locator('#ledger-table tbody tr', { hasText: '张三' });
  check('张三\'s row is marked overdue', (await zhangRow.getAttribute('class') || '').includes('row-overdue'));
  const zhangText = await zhangRow.textContent();
  check('张三\'s open actions name who must act and by when, overdue 20 days as of 30 Sep',
    zhangText.includes('VERIFY_AND_REGISTER') && zhangText.includes('学校') && zhangText.includes('2025-09-10前') && zhangText.includes('逾期20天'), zhangText);
  const overdueFigure = Number(await page.textContent('#ledger-overdue .figure-value'));
  const apiOverdue = api.entries.flatMap((e) => e.openActions.filter((a) => a.overdue)).length;
  check('the overdue count is the API\'s', overdueFigure === apiOverdue && overdueFigure > 0, { overdueFigure, apiOverdue });
  await shot(page, 'ledger-township');

  // the same ledger for one school
  await page.selectOption('#scope-kind', 'school');
  await page.fill('#scope-value', SCHOOL2);
  await page.click('#ledger-run');
  await page.waitForFunction(() => document.querySelector('#ledger-result .panel-title')?.textContent.includes('school-2'));
  const school2 = await page.textContent('#ledger-table');
  check('filtered by school, the ledger holds that school\'s students only', school2.includes('钱七') && !school2.includes('张三'), school2.slice(0, 300));

  // one student's latest decision, from the township ledger
  await page.selectOption('#scope-kind', 'township');
  await page.fill('#scope-value', TOWNSHIP);
  await page.click('#ledger-run');
  await page.waitForFunction(() => document.querySelector('#ledger-table')?.textContent.includes('张三'));
  await page.locator('#ledger-table tbody tr', { hasText: '张三' }).locator('a.student-link').click();
  await page.waitForSelector('#flags');
  const flag = page.locator('#flags [data-flag=SUSPECTED_DROPOUT]');
  check('the student page shows the SUSPECTED_DROPOUT flag', await flag.count() === 1);
  const flagText = await flag.textContent();
  check('the flag shows its reason, rule, rule file and line, clause and matched facts',
    flagText.includes('连续') && flagText.includes('attendance.suspected-dropout') && /\.drl:\d+/.test(flagText)
    && flagText.includes('helan 一(四)') && flagText.includes('AbsenceStreak'), flagText);
  const notify = page.locator('#actions [data-action=NOTIFY_TOWNSHIP]');
  const notifyText = await notify.textContent();
  check('NOTIFY_TOWNSHIP says the school must act by 2025-09-10, why, by which rule and clause',
    notifyText.includes('SCHOOL') && notifyText.includes('2025-09-10 前') && notifyText.includes('helan 一(四)') && notifyText.includes('规则位置'), notifyText);
  check('the 一生一档 lists both of 张三\'s decisions', await rowCount(page, 'timeline-table') === 2);
  await shot(page, 'student');

  // a county profile's obligations as a month calendar
  await page.click('#nav [data-page=calendar]');
  await page.waitForSelector('#calendar-grid');
  await page.selectOption('#calendar-profile', 'baiyin');
  await page.fill('#calendar-month', '2025-09');
  await page.click('#calendar-run');
  await page.waitForFunction(() => document.querySelector('#calendar-title')?.textContent === '2025年9月');
  const obligations = await apiGet(TOKENS.county, '/v1/obligations?profile=baiyin&from=2025-09-01&to=2025-09-30');
  const due20 = await page.$$eval('#calendar-grid td[data-date="2025-09-20"] .cal-item', (els) => els.map((e) => e.dataset.code));
  check('20 Sep in the baiyin calendar holds TERM_FIRST_MONTH_SWEEP and HUKOU_DATA_SUBMISSION',
    due20.includes('TERM_FIRST_MONTH_SWEEP') && due20.includes('HUKOU_DATA_SUBMISSION'), due20);
  check('the calendar shows every obligation of the month the API lists',
    await page.$$eval('#calendar-grid .cal-item', (els) => els.length) === obligations.obligations.length
    && await rowCount(page, 'obligation-table') === obligations.obligations.length, obligations.obligations.length);
  await shot(page, 'calendar');

  // report downloads
  await page.click('#nav [data-page=reports]');
  await page.waitForSelector('#monthly-download');
  await page.selectOption('#scope-kind', 'township');
  await page.fill('#scope-value', TOWNSHIP);
  await page.fill('#monthly-month', '2025-09');
  await page.fill('#monthly-reported-on', '2025-10-10');
  await page.fill('#monthly-filled-by', '周老师');
  const monthly = await download(page, '#monthly-download');
  check('the monthly dropout report downloads as an XLSX file', monthly.name === 'monthly-dropout-2025-09.xlsx'
    && monthly.bytes.subarray(0, 2).toString() === 'PK' && monthly.bytes.length > 3000, { name: monthly.name, size: monthly.bytes.length });
  await page.selectOption('#report-ledger', 'SUSPECTED_DROPOUT_LEDGER');
  await page.fill('#report-ledger-asof', LEDGER_DATE);
  await page.selectOption('#report-ledger-format', 'csv');
  const ledgerCsv = await download(page, '#report-ledger-download');
  const csvText = ledgerCsv.bytes.toString('utf8');
  check('the ledger downloads as CSV holding the students on it', ledgerCsv.name.endsWith('.csv') && csvText.includes('张三') && csvText.includes('钱七'), ledgerCsv.name);
  await page.fill('#term-date', '2025-09-30');
  const term = await download(page, '#term-download');
  check('the term summary downloads', term.name.startsWith('term-summary') && term.bytes.subarray(0, 2).toString() === 'PK', term.name);
  await page.fill('#supervision-asof', LEDGER_DATE);
  const supervision = await download(page, '#supervision-download');
  check('the 督办清单 downloads', supervision.name.startsWith('supervision') && supervision.bytes.length > 3000, supervision.name);
  await shot(page, 'reports');

  // nothing is kept past the tab: a new tab of the same browser asks for the credential again
  const other = await context.newPage();
  await other.goto(`${BASE}/console/`);
  await other.waitForSelector('#credential');
  check('a new tab is not signed in', await other.evaluate(() => sessionStorage.length === 0 && localStorage.length === 0));
  await other.close();
  await page.click('#sign-out');
  await page.waitForSelector('#credential');
  check('signing out forgets the credential', await page.evaluate(() => sessionStorage.length === 0));
  await context.close();
}

async function schoolJourney(browser) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, TOKENS.school);
  const nav = await texts(page, '#nav .nav-link');
  check('a school system sees its own pages and no audit or policy page', nav.includes('台账查询') && !nav.includes('决策检索') && !nav.includes('影响分析'), nav);
  await page.click('#nav [data-page=ledger]');
  await page.waitForSelector('#scope-school option', { state: 'attached' });
  const choices = await page.$$eval('#scope-school option', (os) => os.map((o) => o.value));
  check('the school credential may choose only the school it serves', choices.length === 1 && choices[0] === SCHOOL1, choices);
  await page.fill('#ledger-asof', LEDGER_DATE);
  await page.click('#ledger-run');
  await page.waitForSelector('#ledger-table');
  const own = await page.textContent('#ledger-table');
  check('the school\'s ledger shows its own student and not the other school\'s', own.includes('张三') && !own.includes('钱七'), own.slice(0, 300));
  await shot(page, 'ledger-own-school');

  // another school's student through the console: refused, nothing shown
  await page.goto(`${BASE}/console/#/student?schoolId=${SCHOOL2}&studentId=${STUDENTS.qian.id}`);
  await page.waitForSelector('#student-result .notice-error');
  const refusal = await page.textContent('#student-result');
  check('another school\'s student is refused with 不服务于该学校', refusal.includes('不服务于该学校'), refusal);
  check('nothing of the other school\'s student is on the page', !(await page.content()).includes('钱七') && await page.locator('#flags').count() === 0);
  await shot(page, 'other-school-refused');
  await page.goto(`${BASE}/console/#/ledger?ledger=SUSPECTED_DROPOUT_LEDGER&asOf=${LEDGER_DATE}&schoolId=${SCHOOL2}`);
  await page.waitForSelector('#ledger-result .notice-error');
  check('another school\'s ledger is refused', (await page.textContent('#ledger-result')).includes('不服务于该学校') && !(await page.content()).includes('钱七'));
  await page.goto(`${BASE}/console/#/ledger?ledger=SUSPECTED_DROPOUT_LEDGER&asOf=${LEDGER_DATE}&township=${encodeURIComponent(TOWNSHIP)}`);
  await page.waitForSelector('#ledger-result .notice-error');
  check('the township ledger is refused to a school', !(await page.content()).includes('钱七'));
  await page.goto(`${BASE}/console/#/search`);
  await page.waitForSelector('main .notice-error');
  check('an audit page says the role may not use it', (await page.textContent('main')).includes('无权使用'));
  await context.close();
}

async function policyJourney(browser, files) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, TOKENS.policy);
  const before = await apiGet(TOKENS.policy, '/v1/rulesets');
  await page.click('#nav [data-page=rulesets]');
  await page.waitForSelector('#versions-table');
  check('the rule set versions are listed', await rowCount(page, 'versions-table') === before.versions.length && before.versions.length >= 1);
  check('the active version is shown', (await page.textContent('#active-version')) === before.activeVersion.slice(0, 12));
  await shot(page, 'rulesets');

  // a broken package: every problem at its file and line
  await page.click('#nav [data-page=validate]');
  await page.setInputFiles('#validate-file', files.broken);
  await page.click('#validate-run');
  await page.waitForSelector('#problems-table');
  const problems = await page.$$eval('#problems-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  check('the broken package lists its problems', problems.length >= 2, problems);
  check(`the undeclared fact type is reported in helan/helan-broken.drl line ${BROKEN_RULE_LINE}`,
    problems.some(([file, line, , message]) => file === 'helan/helan-broken.drl' && Number(line) === BROKEN_RULE_LINE && message.includes('NoSuchFact')), problems);
  check(`the mistyped parameter is reported in helan/parameters.yaml line ${helanParameterLines() + 1}`,
    problems.some(([file, line, , message]) => file === 'helan/parameters.yaml' && Number(line) === helanParameterLines() + 1
      && message.includes('attendance.suspectedDropoutDays')), problems);
  await shot(page, 'validate-problems');

  // the two-day candidate
  await page.setInputFiles('#validate-file', files.candidate);
  await page.click('#validate-run');
  await page.waitForSelector('#candidate-version');
  const candidateVersion = (await page.textContent('#candidate-version')).trim();
  check('the candidate package is valid and named by its version', /^[0-9a-f]{64}$/.test(candidateVersion), candidateVersion);
  await shot(page, 'validate-ok');

  // its impact on the decisions recorded today
  await page.click('#to-impact');
  await page.waitForSelector('#impact-run');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const yesterday = new Date(Date.now() - 86400000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  await page.fill('#impact-from', yesterday);
  await page.fill('#impact-to', today);
  await page.click('#impact-run');
  await page.waitForSelector('#chart-rules canvas', { timeout: 180000 });
  const replayed = Number(await page.textContent('#impact-replayed .figure-value'));
  const changed = Number(await page.textContent('#impact-changed .figure-value'));
  check('the impact replays every decision recorded in the period and finds changes', replayed >= seeded && changed >= 2, { replayed, seeded, changed });
  check('the impact names the candidate version that was validated', (await page.textContent('#impact-candidate')).trim() === candidateVersion);
  for (const id of ['chart-flags', 'chart-actions', 'chart-risk', 'chart-rules']) {
    const px = await chartPixels(page, id);
    check(`the ${id} chart is drawn on its canvas`, px.width > 300 && px.height > 200 && px.inked > 500, px);
  }
  const flagsAria = await page.getAttribute('#chart-flags', 'aria-label');
  check('the flags chart shows SUSPECTED_DROPOUT', (flagsAria || '').includes('SUSPECTED_DROPOUT'), flagsAria);
  const riskAria = await page.getAttribute('#chart-risk', 'aria-label');
  check('the risk chart shows MEDIUM→HIGH', (riskAria || '').includes('MEDIUM→HIGH'), riskAria);
  const rulesAria = await page.getAttribute('#chart-rules', 'aria-label');
  check('the rules chart shows attendance.suspected-dropout now firing', (rulesAria || '').includes('attendance.suspected-dropout'), rulesAria);
  const newSuspects = page.locator('#impact-rules-table tbody tr', { hasText: '+ attendance.suspected-dropout' });
  check('one group of changed decisions has attendance.suspected-dropout now firing', await newSuspects.count() === 1);
  const samples = await newSuspects.locator('.sample-id').allTextContents();
  const groupCount = Number(await newSuspects.locator('td.num').textContent());
  check('its sample decisions are the two-day students\' (李四, 郑九)', groupCount >= 2 && samples.length === Math.min(5, groupCount)
    && (groupCount > 5 || (samples.includes(decisionIds.li) && samples.includes(decisionIds.zheng))), { groupCount, samples });
  await shot(page, 'impact');

  // publish it, with a reason
  await page.click('#nav [data-page=publish]');
  await page.waitForSelector('#publish-reason');
  const reason = `贺兰县疑似辍学认定调整为连续两个上学日（控制台测试 ${RUN}）`;
  await page.fill('#publish-reason', reason);
  await page.click('#publish-run');
  await page.waitForSelector('#published-version', { timeout: 180000 });
  check('the candidate is published as the version that was validated', (await page.textContent('#published-version')).trim() === candidateVersion);
  await shot(page, 'published');
  const after = await apiGet(TOKENS.policy, '/v1/rulesets');
  check('the service names the published version active, with the reason typed', after.activeVersion === candidateVersion
    && after.publications[0].reason === reason, after.publications[0]);

  // the difference the publication made, file by file
  await page.click('#publication-diff');
  await page.waitForSelector('#diff-result .diff-file');
  const changedFiles = await page.$$eval('#diff-result .diff-file', (els) => els.map((e) => e.dataset.path));
  check('the diff lists helan/parameters.yaml as the one changed file', changedFiles.length === 1 && changedFiles[0] === 'helan/parameters.yaml', changedFiles);
  const added = await texts(page, '#diff-result tr.line-added td.text');
  check('the diff shows the added line', added.includes('attendance.suspectedDropoutDays: 2'), added);
  const lineNo = await page.$eval('#diff-result tr.line-added td.ln:nth-child(2)', (td) => Number(td.textContent));
  check('the added line carries its line number in the new file', lineNo > 0, lineNo);
  await shot(page, 'diff');

  // roll back to the version before, with a reason
  await page.goto(`${BASE}/console/#/publish?rollback=${before.activeVersion}`);
  await page.waitForSelector('#rollback-reason');
  await page.fill('#rollback-reason', `撤回两日认定，恢复三日（控制台测试 ${RUN}）`);
  await page.click('#rollback-run');
  await page.waitForFunction((v) => document.querySelector('#publication #published-version')?.textContent === v, before.activeVersion, { timeout: 180000 });
  check('the page says the earlier version is active again', (await page.textContent('#publish-active')) === before.activeVersion.slice(0, 12));
  const rolled = await apiGet(TOKENS.policy, '/v1/rulesets');
  check('the roll back makes the earlier version active again', rolled.activeVersion === before.activeVersion
    && rolled.publications[0].previousVersion === candidateVersion, rolled.publications[0]);
  await shot(page, 'rolled-back');
  await context.close();
  return candidateVersion;
}

async function auditorJourney(browser, twoDayVersion) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, TOKENS.auditor);
  await page.click('#nav [data-page=search]');
  await page.selectOption('#search-flag', 'SUSPECTED_DROPOUT');
  await page.fill('#search-school', SCHOOL1);
  await page.click('#search-run');
  await page.waitForSelector('#search-table');
  const api = await apiGet(TOKENS.auditor, `/v1/decisions?flag=SUSPECTED_DROPOUT&schoolId=${SCHOOL1}&limit=50`);
  check('the search shows one row per decision the API finds', await rowCount(page, 'search-table') === api.items.length && api.items.length >= 1);
  const flagCells = await texts(page, '#search-table tbody tr td:nth-child(8)');
  check('every row found carries the SUSPECTED_DROPOUT flag code', flagCells.every((t) => t.includes('SUSPECTED_DROPOUT')), flagCells);
  await shot(page, 'search');

  // 李四's decision: replayed exactly, then under the two-day version
  await page.fill('#search-student', STUDENTS.li.id);
  await page.selectOption('#search-flag', '');
  await page.click('#search-run');
  await page.waitForFunction(() => document.querySelectorAll('#search-table a.decision-link').length === 1);
  await page.click('#search-table a.decision-link');
  await page.waitForSelector('#replay-run');
  check('the opened decision is 李四\'s', (await page.textContent('#decision-id')).trim() === decisionIds.li);
  await page.click('#replay-run');
  await page.waitForSelector('#replay-result .notice');
  check('the replay under its own rule set reproduces it', (await page.textContent('#replay-result')).includes('完全复现'));
  await page.selectOption('#replay-version', twoDayVersion);
  await page.click('#replay-whatif');
  await page.waitForSelector('#replay-summary', { timeout: 180000 });
  // many differences are folded under the summary; an auditor unfolds them
  if (!(await page.isVisible('#replay-differences'))) await page.click('details.differences > summary');
  await page.waitForSelector('#replay-differences');
  const fields = await texts(page, '#replay-differences .diff-field');
  const replayedCells = await page.textContent('#replay-differences');
  check('under the two-day rules the differences are listed field by field, SUSPECTED_DROPOUT among them',
    fields.length >= 1 && fields.some((f) => f.startsWith('flags')) && replayedCells.includes('SUSPECTED_DROPOUT'), fields);
  const addedFlags = await page.textContent('#replay-summary .summary-added-flags');
  const addedActions = await page.textContent('#replay-summary .summary-added-actions');
  check('the summary says SUSPECTED_DROPOUT and NOTIFY_TOWNSHIP would be added', addedFlags.includes('SUSPECTED_DROPOUT')
    && addedActions.includes('NOTIFY_TOWNSHIP'), { addedFlags, addedActions });
  await shot(page, 'replay-what-if');

  // the chain
  await page.click('#nav [data-page=verify]');
  await page.click('#verify-run');
  await page.waitForSelector('#verify-verdict', { timeout: 180000 });
  const verdict = await page.textContent('#verify-verdict');
  const checked = Number(await page.textContent('#verify-checked'));
  const apiVerify = await apiGet(TOKENS.auditor, '/v1/audit/verify');
  check('the chain verifies and the page says so', verdict.includes('审计链完整') && apiVerify.ok === true, verdict);
  check('the page shows how many records were checked', checked >= 10 && Math.abs(apiVerify.checked - checked) <= 2, { checked, api: apiVerify.checked });
  await shot(page, 'verify');

  // export the period
  await page.click('#nav [data-page=export]');
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const yesterday = new Date(Date.now() - 86400000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  await page.fill('#export-from', yesterday);
  await page.fill('#export-to', today);
  const exported = await download(page, '#export-run');
  await page.waitForSelector('#export-verdict');
  const lines = exported.bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
  const trailer = lines[lines.length - 1];
  check('the export is NDJSON ending with its end line, after one trailer per chain', trailer.end === true && trailer.records >= 10
    && lines.filter((l) => l.trailer).length === trailer.chains, trailer);
  check('the export holds 李四\'s decision', lines.some((l) => l.recordId === decisionIds.li));
  check('the page reports the exported record count', (await page.textContent('#export-records')).trim() === String(trailer.records));
  await shot(page, 'export');
  await context.close();
}

/** Policy staff who also audit open a sample decision of an impact and see it replayed under the candidate. */
async function sampleJourney(browser, twoDayVersion) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, TOKENS.policyAuditor);
  await page.click('#nav [data-page=impact]');
  await page.waitForSelector('#impact-source');
  await page.selectOption('#impact-source', twoDayVersion);
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  const yesterday = new Date(Date.now() - 86400000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
  await page.fill('#impact-from', yesterday);
  await page.fill('#impact-to', today);
  await page.click('#impact-run');
  await page.waitForSelector('#impact-rules-table a.sample-link', { timeout: 180000 });
  const row = page.locator('#impact-rules-table tbody tr', { hasText: '+ attendance.suspected-dropout' });
  const sample = (await row.locator('a.sample-link').first().textContent()).trim();
  await row.locator('a.sample-link').first().click();
  await page.waitForSelector('#replay-summary', { timeout: 180000 });
  check('the sample opens as its decision', (await page.textContent('#decision-id')).trim() === sample);
  check('the sample is replayed under the candidate at once, SUSPECTED_DROPOUT added',
    (await page.textContent('#replay-summary')).includes('SUSPECTED_DROPOUT'));
  await shot(page, 'sample-decision');
  await context.close();
}

/**
 * The policy itself, tried: script on a console page asking for another origin (a fetch, an image,
 * a script) is refused by the browser before anything is sent, and says which directive refused it.
 */
async function cspProbe(browser) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${BASE}/console/`);
  await page.waitForSelector('#credential');
  const fetched = await page.evaluate(async () => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.effectiveDirective));
    const img = document.createElement('img');
    img.src = 'http://127.0.0.2:9/probe.png';
    document.body.append(img);
    const script = document.createElement('script');
    script.src = 'http://127.0.0.2:9/probe.js';
    document.head.append(script);
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true';
    document.head.append(inline);
    return fetch('http://127.0.0.2:9/probe').then(() => 'sent', () => 'refused');
  });
  await page.waitForFunction(() => window.violations.length >= 4, null, { timeout: 30000 });
  const result = { fetched, ...(await page.evaluate(() => ({ violations: window.violations, inlineRan: Boolean(window.inlineRan) }))) };
  check('the Content-Security-Policy refuses a fetch, an image, a script of another origin and inline script',
    result.fetched === 'refused' && ['connect-src', 'img-src', 'script-src-elem'].every((d) => result.violations.includes(d))
    && !result.inlineRan, result);
  check('nothing of the probe reached the network', outside.length === 0, outside);
  await context.close();
}

// ---------------------------------------------------------------- main

async function journey(name, run) {
  if (ONLY.length && !ONLY.includes(name)) return undefined;
  journeyName = name;
  const started = Date.now();
  const result = await run();
  console.log(`JOURNEY ${name} PASS (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

let browser;
let exitCode = 0;
try {
  await seed();
  const files = zips();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
    // date and month fields are drawn in the browser's own locale: Chinese, as staff see them
    env: { ...process.env, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' },
  });
  browser.on('disconnected', () => {});
  await journey('county', () => countyJourney(browser));
  await journey('school', () => schoolJourney(browser));
  const twoDays = await journey('policy', () => policyJourney(browser, files));
  await journey('auditor', () => auditorJourney(browser, twoDays));
  await journey('sample', () => sampleJourney(browser, twoDays));
  journeyName = 'network';
  check('no page of the console requested anything outside the service', outside.length === 0, outside);
  check('the chart library was loaded from the service itself', requests.some((u) => u === `${ORIGIN}/console/vendor/echarts/echarts.esm.min.js`));
  const unexpected = refused.filter((r) => !(r.journey === 'school' && r.status === 403)
    && !(r.journey === 'county' && r.status === 401 && r.url === '/v1/me'));
  check('every API call the pages made was one the role may make (only the deliberate ones refused)', unexpected.length === 0, unexpected);
  check('no script error, CSP violation or failed load in any page', browserErrors.length === 0, browserErrors);
  await cspProbe(browser);
  console.log(`ALL JOURNEYS PASSED: ${checks} checks, ${requests.length} requests, ${shotNo} screenshots`);
} catch (e) {
  exitCode = 1;
  console.log(`FAIL ${journeyName}: ${e.message}`);
  if (browser) {
    for (const context of browser.contexts()) {
      for (const p of context.pages()) {
        try {
          await p.screenshot({ path: path.join(SHOTS, `FAILED-${journeyName}.png`), fullPage: true });
        } catch (ignored) {
          // the page may be gone
        }
      }
    }
  }
  if (browserErrors.length) console.log(`BROWSER ERRORS ${JSON.stringify(browserErrors)}`);
} finally {
  if (browser) await browser.close();
}
process.exit(exitCode);
