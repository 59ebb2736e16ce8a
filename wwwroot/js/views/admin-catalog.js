// Admin "Categories" and "Banners" tabs: the category tree (parent/child, order, icon, image) and the home
// page's banners. Pictures go up through /api/admin/images and come back as a site path the store serves.
import { h, toast, put, img } from '../dom.js';
import { api, items, errorText } from '../api.js';
import { t, getLang } from '../i18n.js';
import { empty, skelLines } from './parts.js';
import { imageUpload } from './admin-image.js';

const btn = (id, label, onclick, kind = 'secondary') => h('button', { type: 'button', class: 'btn small ' + kind, testid: id, onclick }, label);
const nameOf = (c) => (getLang() === 'ru' && c.name_ru) || c.name_uz;
const titleOf = (b) => (getLang() === 'ru' && b.title_ru) || b.title_uz || b.title_ru || '—';

function field(id, label, value, type = 'text', extra = {}) {
  const el = h('input', { id, type, value: value ?? '', testid: id, ...extra });
  return [el, h('div', { class: 'field' }, h('label', { for: id }, label), el)];
}

// The picture: a URL field with the shared upload button that fills it.
function imageField(id, value) {
  const [url, row] = field(id, t('image_url'), value);
  row.append(...imageUpload(url, id));
  return [url, row];
}

// One form for create and edit; the server's field errors are shown next to the form.
function form(id, rows, onSave, onCancel) {
  const msg = h('div', { class: 'inline-msg', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'btn primary', testid: id + '-save' }, t('save'));
  const el = h('form', { class: 'form order', novalidate: true, testid: id }, rows, msg,
    h('div', { class: 'actions' }, save, btn(id + '-cancel', t('cancel'), onCancel)));
  el.addEventListener('submit', async (e) => {
    e.preventDefault(); put(msg); save.disabled = true;
    try { await onSave(); toast(t('saved')); }
    catch (err) {
      const errs = Object.entries(err.problem?.errors || {}).map(([k, v]) => `${k}: ${[].concat(v).join(' ')}`);
      put(msg, h('p', { class: 'error-text', testid: 'error-message' }, [errorText(err), ...errs].join('\n')));
      save.disabled = false;
    }
  });
  return el;
}

export async function categories(body, ctx) {
  const list = items(await api('/api/admin/categories'));
  if (!ctx.alive()) return;
  const reload = () => { put(body, skelLines(4)); return categories(body, ctx); };
  const kids = (p) => list.filter((c) => (c.parent_id ?? null) === p).sort((a, b) => a.sort_order - b.sort_order || a.id - b.id);
  const row = (c, depth) => h('li', { class: 'cat-row' + (depth ? ' cat-child' : ''), testid: 'cat-row', 'data-id': c.id },
    h('div', { class: 'order-head' },
      h('span', null, c.image_url ? img(c.image_url, '', 'cat-img') : null, h('span', { class: 'cat-icon' }, c.icon || '•'), ' ', h('strong', null, nameOf(c)),
        h('span', { class: 'muted small' }, ` #${c.sort_order}`)),
      c.is_active ? null : h('span', { class: 'status mp-bad', testid: 'cat-inactive' }, t('inactive'))),
    h('div', { class: 'actions' },
      btn('cat-edit', t('edit'), () => edit(c)),
      depth ? null : btn('cat-add-sub', t('cat_sub'), () => edit({ parent_id: c.id, is_active: true })),
      c.is_active ? btn('cat-deactivate', t('cat_deactivate'), () => send(`/api/admin/categories/${c.id}`, 'DELETE'), 'danger')
        : btn('cat-activate', t('cat_activate'), () => send(`/api/admin/categories/${c.id}`, 'PUT', { ...c, is_active: true }))));
  const send = async (path, method, b) => {
    try { await api(path, { method, body: b }); toast(t('saved')); await reload(); } catch (e) { toast(errorText(e), { error: true }); }
  };
  // Shown as a tree two levels deep (the shop's shape); deeper ones still list under their root, indented once.
  const walk = (p, depth, seen) => kids(p).flatMap((c) => (seen.has(c.id) ? [] : (seen.add(c.id), [row(c, depth), ...walk(c.id, depth + 1, seen)])));
  const seen = new Set();
  const rows = walk(null, 0, seen);
  // A category whose parent is missing would never show: list it at the root.
  rows.push(...list.filter((c) => !seen.has(c.id)).map((c) => row(c, 0)));
  const edit = (c) => {
    const isNew = c.id == null;
    const [nameUz, r1] = field('cat-name_uz', t('name_uz'), c.name_uz, 'text', { required: true });
    const [nameRu, r2] = field('cat-name_ru', t('name_ru'), c.name_ru);
    const [icon, r3] = field('cat-icon', t('cat_icon'), c.icon, 'text', { maxlength: '50' });
    const [sort, r4] = field('cat-sort', t('sort_order'), c.sort_order ?? 0, 'number');
    const [image, r5] = imageField('cat-image', c.image_url);
    const parent = h('select', { id: 'cat-parent', testid: 'cat-parent' }, h('option', { value: '' }, t('cat_root')),
      list.filter((x) => x.id !== c.id).map((x) => h('option', { value: x.id, selected: x.id === c.parent_id }, (x.parent_id ? '— ' : '') + nameOf(x))));
    const active = h('input', { type: 'checkbox', id: 'cat-active', checked: c.is_active !== false, testid: 'cat-active' });
    put(body, h('h2', null, isNew ? t('cat_new') : t('edit') + ': ' + nameOf(c)), form('cat-form',
      [r1, r2, h('div', { class: 'field' }, h('label', { for: 'cat-parent' }, t('cat_parent')), parent), r3, r4, r5,
        h('label', { class: 'radio' }, active, t('active'))],
      async () => {
        const b = { name_uz: nameUz.value.trim(), name_ru: nameRu.value.trim() || null, parent_id: parent.value ? Number(parent.value) : null,
          icon: icon.value.trim() || null, color: c.color ?? null, image_url: image.value.trim() || null,
          sort_order: Number(sort.value || 0), is_active: active.checked };
        await api(isNew ? '/api/admin/categories' : `/api/admin/categories/${c.id}`, { method: isNew ? 'POST' : 'PUT', body: b });
        await reload();
      }, reload));
    nameUz.focus();
  };
  put(body, h('div', { class: 'actions' }, btn('cat-new', '+ ' + t('cat_new'), () => edit({ is_active: true }), 'primary')),
    rows.length ? h('ul', { class: 'orders cat-tree', testid: 'cat-tree' }, rows) : empty(t('cats_none')));
}

export async function banners(body, ctx) {
  const list = items(await api('/api/admin/banners'));
  if (!ctx.alive()) return;
  const reload = () => { put(body, skelLines(3)); return banners(body, ctx); };
  const card = (b) => {
    const del = btn('bn-delete', t('delete'), async () => {
      // Two taps: the first asks, the second deletes.
      if (del.dataset.armed !== '1') { del.dataset.armed = '1'; del.textContent = t('delete_sure'); return; }
      try { await api(`/api/admin/banners/${b.id}`, { method: 'DELETE' }); toast(t('saved')); await reload(); }
      catch (e) { toast(errorText(e), { error: true }); }
    }, 'danger');
    return h('li', { class: 'order bn-card', testid: 'bn-card', 'data-id': b.id }, img(b.image_url, titleOf(b), 'bn-img'),
      h('div', { class: 'order-head' }, h('strong', null, titleOf(b)),
        h('span', { class: 'muted small' }, `#${b.sort_order}`),
        b.is_active ? null : h('span', { class: 'status mp-bad' }, t('inactive'))),
      b.link_type ? h('div', { class: 'muted small' }, `${t('bn_link_' + b.link_type)}: ${b.link_type === 'url' ? b.link_url : '#' + b.link_id}`) : null,
      h('div', { class: 'actions' }, btn('bn-edit', t('edit'), () => edit(b)), del));
  };
  const edit = (b) => {
    const isNew = b.id == null;
    const [tUz, r1] = field('bn-title_uz', t('bn_title_uz'), b.title_uz);
    const [tRu, r2] = field('bn-title_ru', t('bn_title_ru'), b.title_ru);
    const [image, r3] = imageField('bn-image', b.image_url);
    const type = h('select', { id: 'bn-link_type', testid: 'bn-link_type' },
      ['', 'product', 'category', 'url'].map((k) => h('option', { value: k, selected: (b.link_type || '') === k }, t('bn_link_' + (k || 'none')))));
    const [linkId, r4] = field('bn-link_id', t('bn_link_id'), b.link_id, 'number');
    const [linkUrl, r5] = field('bn-link_url', t('bn_link_url'), b.link_url, 'url');
    const [sort, r6] = field('bn-sort', t('sort_order'), b.sort_order ?? 0, 'number');
    const active = h('input', { type: 'checkbox', id: 'bn-active', checked: b.is_active !== false, testid: 'bn-active' });
    const shown = () => { r4.hidden = !['product', 'category'].includes(type.value); r5.hidden = type.value !== 'url'; };
    type.addEventListener('change', shown); shown();
    put(body, h('h2', null, isNew ? t('bn_new') : t('edit')), form('bn-form',
      [r1, r2, r3, h('div', { class: 'field' }, h('label', { for: 'bn-link_type' }, t('bn_link')), type), r4, r5, r6,
        h('label', { class: 'radio' }, active, t('active'))],
      async () => {
        const lt = type.value || null;
        const v = { title_uz: tUz.value.trim() || null, title_ru: tRu.value.trim() || null, image_url: image.value.trim(),
          link_type: lt, link_id: lt === 'product' || lt === 'category' ? (linkId.value ? Number(linkId.value) : null) : null,
          link_url: lt === 'url' ? linkUrl.value.trim() || null : null, sort_order: Number(sort.value || 0), is_active: active.checked };
        await api(isNew ? '/api/admin/banners' : `/api/admin/banners/${b.id}`, { method: isNew ? 'POST' : 'PUT', body: v });
        await reload();
      }, reload));
  };
  put(body, h('div', { class: 'actions' }, btn('bn-new', '+ ' + t('bn_new'), () => edit({ is_active: true }), 'primary')),
    list.length ? h('ul', { class: 'orders', testid: 'bn-list' }, list.map((b) => card(b))) : empty(t('bn_none')));
}
