// Small DOM helpers. Text always goes in as text (never as HTML), so nothing a record holds can
// become markup or script.
import { ApiError } from './api.js';

/**
 * h('td', {class: 'num', onclick: f, dataset: {id: 1}}, 'text', node, [more]) builds an element.
 * Attribute values are set as attributes; children are strings (as text) or nodes; null is skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children; strings as text, arrays flattened, null/false skipped. */
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Appends to an element with the same rules as {@link put}. */
export function add(el, ...children) {
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A page heading with its one-line purpose. */
export function pageHead(title, lead) {
  return [h('h1', { class: 'page-title' }, title), lead ? h('p', { class: 'page-lead' }, lead) : null];
}

export function panel(title, ...children) {
  return h('section', { class: 'panel' }, title ? h('h2', { class: 'panel-title' }, title) : null, ...children);
}

/** A labelled form field around an input. */
export function field(label, input, { wide = false } = {}) {
  return h('label', { class: wide ? 'field wide' : 'field' }, h('span', null, label), input);
}

export function notice(kind, text, details) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text,
    details && details.length ? h('ul', null, details.map((d) => h('li', null, d))) : null);
}

/** The notice for a failed call: the sentence, the fields the service named. */
export function errorNotice(e) {
  if (e instanceof ApiError) {
    return notice('error', e.message, e.details);
  }
  return notice('error', `操作未完成：${e && e.message ? e.message : e}`);
}

export function loading(text = '正在读取……') {
  return h('div', { class: 'loading' }, text);
}

/**
 * A table: columns [{title, cell(row) -> node|string, class?}], rows; rowClass(row) -> class.
 * An empty table says so in one row.
 */
export function table(columns, rows, { rowClass, empty = '无记录', id } = {}) {
  const body = rows.length
    ? rows.map((r) => h('tr', { class: rowClass ? rowClass(r) : null },
      columns.map((c) => h('td', { class: c.class }, c.cell(r)))))
    : [h('tr', { class: 'row-empty' }, h('td', { colspan: columns.length, class: 'muted' }, empty))];
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'grid', id },
      h('thead', null, h('tr', null, columns.map((c) => h('th', null, c.title)))),
      h('tbody', null, body)));
}

/** A name with its code beside it: 疑似辍学 SUSPECTED_DROPOUT. */
export function coded(map, code, cls) {
  return h('span', { class: cls || null, dataset: { code } }, map[code] || code, h('span', { class: 'code' }, code));
}

export function tag(text, kind) {
  return h('span', { class: kind ? `tag tag-${kind}` : 'tag' }, text);
}

/** 2025-09-10T02:00:00Z -> 2025-09-10 10:00:00 (China time, as staff read it). */
export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).formatToParts(d).reduce((m, p) => ({ ...m, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Today as YYYY-MM-DD in China time. */
export function today() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return parts;
}

/** A date in China time as the start of that day, ISO with offset: 2025-09-01 -> 2025-09-01T00:00:00+08:00. */
export function dayStart(date) {
  return `${date}T00:00:00+08:00`;
}

/** The day after a YYYY-MM-DD date. */
export function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first 12 characters of a version hash, the whole hash on hover. */
export function shortHash(hash) {
  if (!hash) return '';
  return h('span', { class: 'mono', title: hash }, hash.slice(0, 12));
}

/** A link to a console page: #/page?params. */
export function href(page, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.append(k, v);
  }
  const s = q.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}

/** Disables a button while an async action runs; the action's result is returned. */
export async function busy(button, action) {
  const text = button.textContent;
  button.disabled = true;
  button.textContent = '处理中……';
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.textContent = text;
  }
}
