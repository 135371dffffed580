// Every call the console makes goes through here: the service's own API, same origin, with the
// signed-in credential as a bearer token. The credential lives in this tab's sessionStorage only
// (gone when the tab closes); no cookie, no localStorage.
import { problemText } from './labels.js';

const KEY = 'kcbx.console.credential';

export function credential() {
  return sessionStorage.getItem(KEY);
}

export function signIn(token) {
  sessionStorage.setItem(KEY, token);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** A refused call: its HTTP status and the service's problem (RFC 7807) when it sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem;
  }

  get code() {
    return this.problem ? this.problem.code : null;
  }

  /** The fields the service named, "field: message", for showing under the sentence. */
  get details() {
    const errors = (this.problem && Array.isArray(this.problem.errors)) ? this.problem.errors : [];
    return errors.map((e) => `${e.field}: ${e.message}`);
  }
}

/** Query string of the non-empty values, e.g. {a: 1, b: ''} -> "?a=1". */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') {
      q.append(k, String(v).trim());
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function send(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  if (!path.startsWith('/v1/')) {
    throw new Error(`not an API path: ${path}`);
  }
  const headers = { Accept: accept };
  const token = credential();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, body: payload, credentials: 'omit', cache: 'no-store', redirect: 'error',
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (e) {
      problem = null;
    }
    if (response.status === 401) {
      window.dispatchEvent(new CustomEvent('kcbx:signed-out', { detail: problemText(401, problem) }));
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** A JSON call; resolves to the parsed answer, rejects with ApiError. */
export async function api(path, options = {}) {
  const response = await send(path, options);
  return response.json();
}

/** The file name a download was sent with (Content-Disposition), else the fallback. */
function fileName(response, fallback) {
  const cd = response.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    return decodeURIComponent(star[1]);
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/**
 * Fetches a report or export with the credential and hands it to the browser as a file to save
 * (a link to the API would not carry the Authorization header). Resolves to {name, size, text?}.
 */
export async function download(path, fallbackName, { keepText = false } = {}) {
  const response = await send(path, { accept: '*/*' });
  const name = fileName(response, fallbackName);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { name, size: blob.size, text: keepText ? await blob.text() : undefined };
}
