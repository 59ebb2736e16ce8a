// Home: banner slider, category tabs + subcategory chips, search (300 ms debounce), product grid with paging.
import { h, img, skeleton, put } from '../dom.js';
import { api, q, items } from '../api.js';
import { t, getLang } from '../i18n.js';
import { openLink } from '../telegram.js';
import { productCard, errorBox, empty } from './parts.js';

const LIMIT = 20;
let S = null; // kept across visits so that coming back from a product restores the list and scroll

export default async function home(root, ctx) {
  const lang = getLang();
  if (!S || S.lang !== lang) S = { lang, cats: null, banners: null, cat: null, sub: null, search: '', sort: 'new', items: [], page: 0, total: null, scroll: 0 };
  const s = S;
  let seq = 0, loading = false;

  const search = h('input', { type: 'search', class: 'search', placeholder: t('search_ph'), 'aria-label': t('search'),
    value: s.search, testid: 'search-input', enterkeyhint: 'search' });
  const sort = h('select', { class: 'sort', 'aria-label': t('sort'), testid: 'sort-select' },
    ['new', 'price_asc', 'price_desc', 'popular'].map((v) => h('option', { value: v, selected: v === s.sort }, t('sort_' + v))));
  const banners = h('div', { class: 'banners', testid: 'banners', 'aria-label': t('banners') });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('categories'), testid: 'category-tabs' });
  const chips = h('div', { class: 'chips', 'aria-label': t('subcategories'), testid: 'subcategory-tabs' });
  const grid = h('div', { class: 'grid', testid: 'product-grid' });
  const note = h('div');
  const more = h('button', { class: 'btn secondary more', testid: 'load-more', hidden: true, onclick: () => load(false) }, t('more'));
  root.append(h('div', { class: 'searchbar' }, search, sort), banners, tabs, chips, grid, note, more);

  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { s.search = search.value.trim(); load(true); }, 300);
  });
  sort.addEventListener('change', () => { s.sort = sort.value; load(true); });
  ctx.onLeave(() => { clearTimeout(timer); s.scroll = window.scrollY; });

  // Infinite scroll: the "more" button doubles as the sentinel.
  if ('IntersectionObserver' in window) {
    const io = new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting) && !more.hidden && !loading) load(false); }, { rootMargin: '400px' });
    io.observe(more);
    ctx.onLeave(() => io.disconnect());
  }

  async function load(reset) {
    const my = ++seq;
    if (reset) { s.items = []; s.page = 0; s.total = null; put(grid, ...skeleton(6)); }
    loading = true; put(note); more.hidden = true;
    try {
      const r = await api('/api/products' + q({ lang, page: s.page + 1, limit: LIMIT, category_id: s.sub ?? s.cat, search: s.search, sort: s.sort }));
      if (my !== seq || !ctx.alive()) return;
      const list = items(r);
      if (reset) put(grid);
      s.items.push(...list); s.page++; s.total = r?.total ?? s.items.length;
      grid.append(...list.map(productCard));
      if (!s.items.length) put(note, empty(t('nothing')));
      more.hidden = !(list.length === LIMIT && s.items.length < s.total);
    } catch (e) {
      if (my !== seq || !ctx.alive()) return;
      if (reset) put(grid);
      put(note, errorBox(e, () => load(reset || !s.items.length)));
    } finally { if (my === seq) loading = false; }
  }

  function drawTabs() {
    const tops = s.cats.filter((c) => c.parent_id == null);
    const tab = (c) => h('button', { type: 'button', role: 'tab', class: 'tab-pill', 'aria-selected': String((c?.id ?? null) === s.cat),
      testid: 'category-tab', 'data-category-id': c?.id ?? '', onclick: () => { s.cat = c?.id ?? null; s.sub = null; drawTabs(); load(true); } },
      c?.icon ? h('span', { 'aria-hidden': 'true' }, c.icon + ' ') : null, c ? c.name : t('all'));
    put(tabs, tab(null), ...tops.map(tab));
    const subs = s.cat == null ? [] : s.cats.filter((c) => c.parent_id === s.cat);
    const chip = (c) => h('button', { type: 'button', class: 'chip', 'aria-pressed': String((c?.id ?? null) === s.sub),
      testid: 'subcategory-tab', 'data-category-id': c?.id ?? '', onclick: () => { s.sub = c?.id ?? null; drawTabs(); load(true); } },
      c ? c.name : t('all'));
    put(chips, ...(subs.length ? [chip(null), ...subs.map(chip)] : []));
    chips.hidden = !subs.length;
  }

  function drawBanners() {
    const list = s.banners || [];
    banners.hidden = !list.length;
    if (!list.length) return;
    const track = h('div', { class: 'track' });
    const dots = h('div', { class: 'dots', 'aria-hidden': 'true' });
    list.forEach((b, i) => {
      track.append(h('button', { type: 'button', class: 'slide', testid: 'banner', 'aria-label': b.title || t('banners'), onclick: () => openBanner(b) },
        img(b.image_url, b.title || '')));
      dots.append(h('i', { class: i ? '' : 'on' }));
    });
    put(banners, track, dots);
    let i = 0;
    const show = (n) => { i = (n + list.length) % list.length; track.scrollTo({ left: i * track.clientWidth, behavior: 'smooth' }); };
    track.addEventListener('scroll', () => {
      const n = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
      if (n !== i) i = n;
      [...dots.children].forEach((d, k) => { d.className = k === n ? 'on' : ''; });
    }, { passive: true });
    const iv = setInterval(() => { if (!document.hidden) show(i + 1); }, 4500);
    ctx.onLeave(() => clearInterval(iv));
  }

  function openBanner(b) {
    if (b.link_type === 'product' && b.link_id) ctx.nav('/product/' + b.link_id);
    else if (b.link_type === 'category' && b.link_id) {
      const c = s.cats?.find((x) => x.id === b.link_id);
      if (c?.parent_id != null) { s.cat = c.parent_id; s.sub = c.id; } else { s.cat = b.link_id; s.sub = null; }
      drawTabs(); load(true); tabs.scrollIntoView({ behavior: 'smooth' });
    } else if (b.link_url) openLink(b.link_url);
  }

  // Restore a previous visit at once; otherwise load categories, banners and the first page together.
  if (s.cats && s.page) {
    drawTabs(); drawBanners(); grid.append(...s.items.map(productCard));
    more.hidden = !(s.items.length < s.total);
    if (!s.items.length) put(note, empty(t('nothing')));
    requestAnimationFrame(() => window.scrollTo(0, s.scroll));
    return;
  }
  tabs.append(...Array.from({ length: 4 }, () => h('span', { class: 'tab-pill skel' }, '\u00A0\u00A0\u00A0\u00A0\u00A0\u00A0')));
  const first = load(true);
  const [cats, bans] = await Promise.allSettled([api('/api/categories' + q({ lang })), api('/api/banners' + q({ lang }))]);
  if (!ctx.alive()) return;
  s.cats = cats.status === 'fulfilled' ? items(cats.value) : [];
  s.banners = bans.status === 'fulfilled' ? items(bans.value) : [];
  drawTabs(); drawBanners();
  if (cats.status === 'rejected') put(note, errorBox(cats.reason, () => { S = null; ctx.rerender(); }));
  await first;
}
