// fetch wrapper: Authorization: tma <initData> on every call, problem+json turned into ApiError.
import { t } from './i18n.js';

let initData = '';
export const setInitData = (s) => { initData = s || ''; };
export const hasInitData = () => !!initData;
// Requests wait until initData is known (demo mode fetches it first) so every call carries it.
let gate = Promise.resolve();
export const setGate = (p) => { gate = p.catch(() => {}); };

export class ApiError extends Error {
  constructor(status, problem, network = false) {
    super(problem?.detail || problem?.title || (network ? 'network' : 'HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || '';
    this.network = network;
    // Worth a retry button: no connection, or the server said it is briefly away.
    this.retryable = network || status === 503 || status === 502 || status === 504 || status === 429;
  }
}

export const q = (params) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
};

// A FormData body goes as multipart (the browser sets its boundary); raw: the Response itself (a file download).
export async function api(path, { method = 'GET', body, headers = {}, ungated = false, raw = false } = {}) {
  if (!ungated) await gate;
  const hd = { Accept: 'application/json, application/problem+json', ...headers };
  if (initData) hd.Authorization = 'tma ' + initData;
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !form) hd['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers: hd, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, null, true);
  }
  if (raw && res.ok) return res;
  const text = res.status === 204 ? '' : await res.text().catch(() => '');
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** The items of a list reply ({items:[...]}) or a bare array. */
export const items = (r) => (Array.isArray(r) ? r : r?.items || []);

/** Out-of-stock lines of a 409 problem: [{name, available, product_id}]. Tolerant of field names. */
export function shortLines(problem, fallbackName) {
  const list = Array.isArray(problem.items) ? problem.items : [problem];
  return list.map((it) => ({
    product_id: it.product_id ?? it.id,
    name: it.product_name || it.name || fallbackName || t('product'),
    available: it.available ?? it.available_quantity ?? it.stock_quantity ?? it.left,
  }));
}

/** A sentence a person understands for any failure. */
export function errorText(err, fallbackName) {
  if (!(err instanceof ApiError)) return t('err_generic');
  if (err.network) return t('err_network');
  if (err.code === 'out_of_stock') {
    return shortLines(err.problem, fallbackName).map((l) =>
      l.available == null ? (err.problem.detail || t('oos_none', l))
        : l.available > 0 ? t('oos_left', { name: l.name, n: l.available }) : t('oos_none', l)).join('\n');
  }
  if (err.code === 'empty_cart') return t('err_empty_cart');
  if (err.code === 'order_limit') return t(err.problem.limit === 'units_per_order' ? 'err_order_units' : 'err_order_open', { n: err.problem.max });
  if (err.code === 'user_blocked') return t('err_blocked');
  if (err.code === 'cannot_change_self') return t('err_self');
  if (err.code === 'admin_in_config') return t('err_admin_config');
  if (err.code === 'duplicate_sku') return t('dup_sku');
  if (err.code === 'invalid_transition') return t('bad_transition');
  if (err.code === 'marketplace_not_configured') return t('mp_not_configured');
  if (err.code === 'marketplace_unavailable') return t('mp_unavailable') + (err.problem.detail ? '\n' + err.problem.detail : '');
  if (err.code === 'duplicate_mapping') return t('mp_dup_mapping');
  if (err.status === 401) return t('err_auth');
  if (err.status === 403) return t('err_forbidden');
  if (err.status === 404) return t('err_not_found');
  if (err.retryable || err.status >= 500) return t('err_unavailable');
  if (err.problem.errors) {
    const first = Object.values(err.problem.errors).flat()[0];
    return t('err_invalid') + (first ? ': ' + first : '');
  }
  return err.problem.detail || err.problem.title || t('err_generic');
}
