// The one picture upload of the admin screens (categories, banners, products): pick a file → POST
// /api/admin/images → the returned site path goes into the screen's URL field → a preview follows the field.
// The store judges the file by its bytes and size; its refusals are shown next to the field in words.
import { h, put, img } from '../dom.js';
import { api, errorText } from '../api.js';
import { t } from '../i18n.js';

const reason = (e) => (e.code === 'image_too_large' || e.status === 413 ? t('img_too_large')
  : e.code === 'unsupported_image' ? t('img_unsupported') : errorText(e));

/** The upload button, its hidden file input, a status line, the error and the preview, for the URL input `url`. */
export function imageUpload(url, id) {
  const preview = h('div', { class: 'thumb-box', testid: id + '-preview' });
  const show = () => put(preview, url.value.trim() ? img(url.value.trim(), '', 'thumb') : null);
  const file = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', id: id + '-file', testid: id + '-file', hidden: true });
  const status = h('span', { class: 'muted small', role: 'status' });
  const error = h('p', { class: 'error-text', role: 'alert', testid: id + '-error', hidden: true });
  const button = h('button', { type: 'button', class: 'btn small secondary', testid: id + '-upload', onclick: () => file.click() }, t('img_upload'));
  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    const fd = new FormData();
    fd.append('file', f);
    status.textContent = t('img_uploading'); error.hidden = true; button.disabled = true;
    try { url.value = (await api('/api/admin/images', { method: 'POST', body: fd })).url; show(); }
    catch (e) { error.textContent = reason(e); error.hidden = false; }
    status.textContent = ''; button.disabled = false; file.value = '';
  });
  url.addEventListener('change', show);
  show();
  return [h('div', { class: 'actions' }, button, status), error, file, preview];
}
