// Favorites: the saved product ids, each fetched in the current language.
import { h, skeleton, put } from '../dom.js';
import { api, q } from '../api.js';
import { t, getLang } from '../i18n.js';
import { state } from '../state.js';
import { productCard, empty } from './parts.js';

export default async function favorites(root, ctx) {
  root.append(h('h1', null, t('favorites')), h('div', { class: 'grid' }, skeleton(4)));
  await state.ready;
  const ids = (await api('/api/users/favorites'))?.product_ids || [...state.favorites];
  state.favorites = new Set(ids);
  const got = await Promise.allSettled(ids.map((id) => api(`/api/products/${id}` + q({ lang: getLang() }))));
  if (!ctx.alive()) return;
  const list = got.filter((r) => r.status === 'fulfilled' && r.value).map((r) => r.value);
  put(root, h('h1', null, t('favorites')), list.length
    ? h('div', { class: 'grid', testid: 'favorites-grid' }, list.map(productCard))
    : empty(t('no_favorites'), h('a', { class: 'btn primary', href: '#/' }, t('go_shopping'))));
}
