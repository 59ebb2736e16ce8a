// Admin "Users" tab: search (300 ms debounce) and per user block/unblock and admin on/off. Who may change whom is
// the server's rule (AdminRule): the buttons only hide what it would refuse anyway (oneself, an admin from config).
import { h, toast, put } from '../dom.js';
import { api, q, items, errorText } from '../api.js';
import { t, date } from '../i18n.js';
import { state } from '../state.js';
import { empty, skelLines } from './parts.js';

let search = '';

export async function users(body, ctx) {
  const input = h('input', { type: 'search', class: 'search', placeholder: t('users_search_ph'), 'aria-label': t('search'),
    value: search, testid: 'users-search', enterkeyhint: 'search' });
  const list = h('div', { testid: 'users-list-box' });
  put(body, h('div', { class: 'searchbar' }, input), list);
  let timer, seq = 0;
  const load = async () => {
    const mine = ++seq;
    put(list, skelLines(3));
    try {
      const r = await api('/api/admin/users' + q({ search, limit: 50 }));
      if (!ctx.alive() || mine !== seq) return;
      const found = items(r);
      put(list, found.length ? h('ul', { class: 'orders', testid: 'users-list' }, found.map((u) => h('li', null, card(u)))) : empty(t('users_none')));
    } catch (e) { if (mine === seq) put(list, h('p', { class: 'error-text' }, errorText(e))); }
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { search = input.value.trim(); load(); }, 300); });
  await load();
}

function card(u) {
  const el = h('div', { class: 'order', testid: 'user-card', 'data-user-id': u.id });
  const self = state.user && state.user.id === u.id;
  const patch = async (btn, change) => {
    btn.disabled = true;
    try { Object.assign(u, await api(`/api/admin/users/${u.id}`, { method: 'PATCH', body: change })); toast(t('saved')); }
    catch (e) { toast(errorText(e), { error: true }); }
    paint();
  };
  const paint = () => put(el,
    h('div', { class: 'order-head' },
      h('strong', null, [u.first_name, u.last_name].filter(Boolean).join(' ')),
      h('span', { class: 'user-badges' },
        self ? h('span', { class: 'status' }, t('user_you')) : null,
        u.is_admin ? h('span', { class: 'status mp-ok', testid: 'user-admin' }, t(u.admin_in_config ? 'user_admin_config' : 'user_admin')) : null,
        u.is_active ? null : h('span', { class: 'status mp-bad', testid: 'user-blocked' }, t('user_blocked')))),
    h('div', { class: 'muted small' }, [u.username ? '@' + u.username : null, u.phone, 'ID ' + u.telegram_id].filter(Boolean).join(' · ')),
    h('div', { class: 'muted small' }, t('user_since', { d: date(u.created_at) })),
    self ? null : h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn small ' + (u.is_active ? 'danger' : 'primary'), testid: 'user-toggle-active',
        'aria-label': `${t(u.is_active ? 'user_block' : 'user_unblock')}: ${u.first_name}`,
        onclick: (e) => patch(e.currentTarget, { is_active: !u.is_active }) }, t(u.is_active ? 'user_block' : 'user_unblock')),
      u.admin_in_config ? null : h('button', { type: 'button', class: 'btn small secondary', testid: 'user-toggle-admin',
        'aria-label': `${t(u.is_admin ? 'user_remove_admin' : 'user_make_admin')}: ${u.first_name}`,
        onclick: (e) => patch(e.currentTarget, { is_admin: !u.is_admin }) }, t(u.is_admin ? 'user_remove_admin' : 'user_make_admin'))));
  paint();
  return el;
}
