// One stored decision as staff and auditors read it: each flag and action with who must act, by
// when, the reason, the rule (id, name, file and line), the clause it encodes and the facts its
// conditions matched. Used by 学生决策 and 决策重放.
import { h, panel, coded, tag, dateTime, shortHash } from './dom.js';
import {
  FLAGS, ACTIONS, RESPONSIBLE, LEDGERS, GROUPS, RISK, FACT_TYPES,
} from './labels.js';

export function riskTag(level) {
  return h('span', { class: `tag risk-${level}`, dataset: { risk: level } }, `风险：${RISK[level] || level}`, h('span', { class: 'code' }, level));
}

/** The decision's header: student, school, profile, dates, version, risk. */
export function decisionFacts(d) {
  return h('dl', { class: 'facts', id: 'decision-facts' },
    h('dt', null, '决策编号'), h('dd', { class: 'mono', id: 'decision-id' }, d.decisionId),
    h('dt', null, '学生编号'), h('dd', null, d.studentId),
    h('dt', null, '学校'), h('dd', null, d.schoolId || '—'),
    h('dt', null, '县区配置'), h('dd', null, d.profile),
    h('dt', null, '依据日期'), h('dd', null, d.asOf),
    h('dt', null, '记录时间'), h('dd', null, dateTime(d.decidedAt)),
    h('dt', null, '规则集版本'), h('dd', null, shortHash(d.rulesetVersion)),
    h('dt', null, '风险等级'), h('dd', null, riskTag(d.riskLevel)),
    h('dt', null, '监测群体'), h('dd', null, d.monitoringGroups.length ? d.monitoringGroups.map((g) => coded(GROUPS, g, 'tag')) : '无'),
    h('dt', null, '所在台账'), h('dd', null, d.ledgers.length ? d.ledgers.map((l) => coded(LEDGERS, l, 'tag')) : '无'));
}

function matched(explanation) {
  if (!explanation || !explanation.matchedFacts || !explanation.matchedFacts.length) return '—';
  return h('ul', { class: 'matched' }, explanation.matchedFacts.map((f) => h('li', null,
    h('span', { class: 'fact-type' }, f.type), FACT_TYPES[f.type] ? `（${FACT_TYPES[f.type]}）` : '', '：',
    Object.entries(f.values || {}).map(([k, v]) => `${k}=${v}`).join('，'))));
}

function ruleCells(item) {
  const e = item.explanation;
  return [
    h('div', { class: 'k' }, '原因'), h('div', { class: 'reason' }, item.reason),
    h('div', { class: 'k' }, '规则'), h('div', null, h('span', { class: 'mono rule-id' }, item.ruleId), e ? ` ${e.ruleName}` : ''),
    h('div', { class: 'k' }, '规则位置'), h('div', { class: 'mono' }, e ? `${e.ruleFile}:${e.ruleLine}` : '—'),
    h('div', { class: 'k' }, '政策条款'), h('div', { class: 'citation' }, item.citation),
    h('div', { class: 'k' }, '匹配事实'), h('div', { class: 'matched-facts' }, matched(e)),
  ];
}

export function flagItem(f) {
  return h('div', { class: 'item item-flag', dataset: { flag: f.code } },
    h('div', { class: 'item-head' }, h('span', { class: 'item-name' }, coded(FLAGS, f.code)), tag(`自 ${f.since} 起`, 'grey')),
    h('div', { class: 'item-grid' }, ruleCells(f)));
}

/** overdue: {days} when the action is overdue as of the date shown, else null. */
export function actionItem(a, overdue) {
  return h('div', { class: overdue ? 'item item-overdue' : 'item', dataset: { action: a.code } },
    h('div', { class: 'item-head' }, h('span', { class: 'item-name' }, coded(ACTIONS, a.code)),
      overdue ? tag(`逾期${overdue.days}天`, 'red') : null),
    h('div', { class: 'item-grid' },
      h('div', { class: 'k' }, '责任方'), h('div', { class: 'responsible' }, coded(RESPONSIBLE, a.responsible)),
      h('div', { class: 'k' }, '参与方'), h('div', null, a.participants.length ? a.participants.map((p) => RESPONSIBLE[p] || p).join('、') : '—'),
      h('div', { class: 'k' }, '期限'), h('div', { class: 'due' }, `${a.dueDate} 前`),
      ruleCells(a)));
}

/**
 * The whole decision: facts, flags, actions, risk factors, warnings and the rules that fired.
 * overdueOf(action) -> {days} | null marks actions overdue.
 */
export function decisionView(d, overdueOf = () => null) {
  return [
    panel('决策概要', decisionFacts(d)),
    panel(`标记（${d.flags.length}）`, h('div', { id: 'flags' }, d.flags.length ? d.flags.map(flagItem) : h('div', { class: 'muted' }, '无标记'))),
    panel(`措施（${d.actions.length}）：谁来做、何时前完成`, h('div', { id: 'actions' },
      d.actions.length ? d.actions.map((a) => actionItem(a, overdueOf(a))) : h('div', { class: 'muted' }, '无待办措施'))),
    d.riskFactors.length ? panel('风险因素', h('ul', null, d.riskFactors.map((r) => h('li', null,
      riskTag(r.level), ' ', h('span', { class: 'mono' }, r.code), ' ', r.reason,
      r.citation ? h('span', { class: 'muted small' }, ` （${r.citation}）`) : null)))) : null,
    d.warnings.length ? panel('提示', d.warnings.map((w) => h('div', { class: 'notice notice-warn' }, h('span', { class: 'mono' }, w.code), ' ', w.message))) : null,
    panel('触发的规则（按触发顺序）', h('div', { class: 'mono small', id: 'fired-rules' }, d.firedRules.join('  ·  '))),
  ];
}
