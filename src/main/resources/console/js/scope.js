// The scope of a ledger or report: the whole county, one township or one school. A school
// credential for named schools chooses among its own schools only; the service checks it again.
import { h, field } from './dom.js';

/**
 * Form controls for the scope, filled from params (schoolId | township). Returns {node, value()}
 * where value() is {schoolId} or {township} or {} for the county.
 */
export function scopeControls(params, ctx) {
  const served = ctx.servedSchools();
  const countyWide = ctx.hasRole('COUNTY_OFFICER') || ctx.hasRole('AUDITOR')
    || (ctx.caller.schools || []).includes('*');
  if (!countyWide) {
    const select = h('select', { id: 'scope-school', name: 'schoolId' },
      served.map((s) => h('option', { value: s, selected: s === params.schoolId }, s)));
    return {
      node: field('学校', select),
      value: () => ({ schoolId: select.value }),
    };
  }
  const kind = h('select', { id: 'scope-kind' },
    h('option', { value: 'county', selected: !params.schoolId && !params.township }, '全县'),
    h('option', { value: 'township', selected: Boolean(params.township) }, '乡镇'),
    h('option', { value: 'school', selected: Boolean(params.schoolId) }, '学校'));
  const text = h('input', {
    id: 'scope-value', type: 'text', maxlength: 64, placeholder: '乡镇名称或学校编号',
    value: params.township || params.schoolId || '',
  });
  const sync = () => { text.disabled = kind.value === 'county'; };
  kind.addEventListener('change', sync);
  sync();
  return {
    node: h('div', { class: 'form' }, field('范围', kind), field('乡镇 / 学校编号', text)),
    value: () => (kind.value === 'township' ? { township: text.value.trim() }
      : kind.value === 'school' ? { schoolId: text.value.trim() } : {}),
  };
}

/** 全县 / 某乡镇 / 某学校, for headings. */
export function scopeText(params) {
  if (params.schoolId) return `学校 ${params.schoolId}`;
  if (params.township) return params.township;
  return '全县';
}
