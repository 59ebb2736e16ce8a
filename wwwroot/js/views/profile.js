// Profile: name, phone (+998…), language uz/ru (saved on the server; the app re-renders in it).
import { h, toast, put } from '../dom.js';
import { api, ApiError, errorText } from '../api.js';
import { t, setLang, getLang } from '../i18n.js';
import { state, storage } from '../state.js';
import { normPhone, phoneOk } from './checkout.js';
import { skelLines } from './parts.js';

export default async function profile(root, ctx) {
  root.append(h('h1', null, t('profile')), skelLines(3));
  const user = await state.ready;
  if (!ctx.alive()) return;
  const u = state.user || user || {};
  const inp = (id, label, value, extra = {}) => {
    const el = h('input', { id, value: value || '', ...extra });
    return [el, h('div', { class: 'field' }, h('label', { for: id }, label), el)];
  };
  const [first, firstF] = inp('pf-first', t('first_name'), u.first_name, { autocomplete: 'given-name', testid: 'profile-first-name' });
  const [last, lastF] = inp('pf-last', t('last_name'), u.last_name, { autocomplete: 'family-name', testid: 'profile-last-name' });
  const [phone, phoneF] = inp('pf-phone', t('phone'), u.phone, { type: 'tel', inputmode: 'tel', placeholder: '+998901234567', autocomplete: 'tel', testid: 'profile-phone' });
  const phoneErr = h('p', { class: 'field-error', testid: 'field-error', 'data-field': 'phone', hidden: true });
  phoneF.append(phoneErr);
  const msg = h('div', { class: 'inline-msg', role: 'alert' });

  const body = (language) => ({ first_name: first.value.trim() || null, last_name: last.value.trim() || null,
    phone: normPhone(phone.value) || null, language });
  async function save(language) {
    const r = await api('/api/users/profile', { method: 'PUT', body: body(language) });
    if (r?.user) state.user = r.user;
  }

  const langBtn = (l, label) => h('button', { type: 'button', role: 'radio', class: 'seg', lang: l, 'aria-checked': String(getLang() === l),
    testid: 'lang-' + l, onclick: async () => {
      if (getLang() === l) return;
      setLang(l); storage.set('as_lang', l);
      try { await save(l); } catch (e) { if (!(e instanceof ApiError && e.status === 400)) toast(errorText(e), { error: true }); }
      ctx.relocalize(); // catalog data is fetched again with the new lang=
    } }, label);
  const save2 = h('button', { type: 'submit', class: 'btn primary wide', testid: 'profile-save' }, t('save'));
  const form = h('form', { class: 'form', novalidate: true, testid: 'profile-form' }, firstF, lastF, phoneF,
    h('div', { class: 'field' }, h('span', { class: 'label', id: 'lang-label' }, t('language')),
      h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': 'lang-label', testid: 'language-switch' },
        langBtn('uz', 'O‘zbekcha'), langBtn('ru', 'Русский'))),
    msg, save2);
  form.addEventListener('submit', async (e) => {
    e.preventDefault(); put(msg);
    const ok = !phone.value.trim() || phoneOk(phone.value);
    phoneErr.hidden = ok; phoneErr.textContent = ok ? '' : t('phone_invalid');
    phone.setAttribute('aria-invalid', String(!ok));
    if (!ok) return;
    save2.disabled = true;
    try { await save(getLang()); toast(t('saved')); }
    catch (e) { put(msg, h('p', { class: 'error-text', testid: 'error-message' }, errorText(e))); }
    finally { save2.disabled = false; }
  });
  put(root, h('h1', null, t('profile')), form,
    state.demo ? h('p', { class: 'muted small', testid: 'demo-note' }, t('demo_note') + (u.telegram_id ? ` (id ${u.telegram_id})` : '')) : null);
}
