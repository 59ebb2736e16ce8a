// Everything that touches window.Telegram.WebApp. Works when the SDK did not load (W = null).
const W = window.Telegram?.WebApp || null;
export const tg = W;
/** Inside Telegram only when the SDK gave us signed initData; otherwise demo mode. */
export const inTelegram = !!(W && typeof W.initData === 'string' && W.initData);
const safe = (fn) => { try { return fn(); } catch { return undefined; } };

export function startParam() {
  const p = new URLSearchParams(location.search);
  return (inTelegram && W.initDataUnsafe?.start_param) || p.get('startapp') || p.get('tgWebAppStartParam') || '';
}

export const tgUser = () => (inTelegram ? W.initDataUnsafe?.user || null : null);

function applyScheme() {
  document.documentElement.dataset.theme = W.colorScheme === 'dark' ? 'dark' : 'light';
}

export function initTelegram() {
  if (!inTelegram) return;
  safe(() => W.ready());
  safe(() => W.expand());
  applyScheme();
  safe(() => W.onEvent('themeChanged', applyScheme));
  const vh = () => { if (W.viewportStableHeight) document.documentElement.style.setProperty('--app-vh', W.viewportStableHeight + 'px'); };
  vh();
  safe(() => W.onEvent('viewportChanged', vh));
}

let backFn = null;
export function backButton(show, fn) {
  if (!inTelegram || !W.BackButton) return false;
  if (backFn) safe(() => W.BackButton.offClick(backFn));
  backFn = null;
  if (show) { backFn = fn; safe(() => W.BackButton.onClick(fn)); safe(() => W.BackButton.show()); }
  else safe(() => W.BackButton.hide());
  return true;
}

let mainFn = null;
/** Shows Telegram's MainButton; returns false outside Telegram (use an ordinary button then). */
export function mainButton(text, fn) {
  const mb = inTelegram && W.MainButton;
  if (!mb) return false;
  if (mainFn) safe(() => mb.offClick(mainFn));
  mainFn = fn;
  safe(() => mb.setText(text));
  safe(() => mb.onClick(fn));
  safe(() => mb.enable()); // iOS leaves it inert until enabled
  safe(() => mb.show());
  return true;
}
export function mainButtonBusy(busy) {
  const mb = inTelegram && W.MainButton;
  if (!mb) return;
  if (busy) { safe(() => mb.showProgress(false)); safe(() => mb.disable()); }
  else { safe(() => mb.hideProgress()); safe(() => mb.enable()); }
}
export function hideMainButton() {
  const mb = inTelegram && W.MainButton;
  if (!mb) return;
  if (mainFn) safe(() => mb.offClick(mainFn));
  mainFn = null;
  safe(() => mb.hide());
}

export const haptic = (style = 'light') => safe(() => W?.HapticFeedback?.impactOccurred(style));
export const hapticNotify = (type) => safe(() => W?.HapticFeedback?.notificationOccurred(type));

export function confirmDialog(text) {
  if (inTelegram && W.showConfirm) {
    return new Promise((res) => { try { W.showConfirm(text, (ok) => res(!!ok)); } catch { res(window.confirm(text)); } });
  }
  return Promise.resolve(window.confirm(text));
}

/**
 * Opens a Telegram invoice (createInvoiceLink's URL); resolves with Telegram's status: paid, cancelled, failed
 * or pending. Outside Telegram the link opens in a new tab and the outcome is unknown (pending).
 */
export function openInvoice(url) {
  return new Promise((resolve) => {
    if (inTelegram && W.openInvoice) {
      try { W.openInvoice(url, (status) => resolve(status || 'pending')); } catch { resolve('failed'); }
      return;
    }
    if (/^https:\/\//.test(url)) window.open(url, '_blank', 'noopener');
    resolve('pending');
  });
}

export function openLink(url) {
  if (!/^https?:\/\//.test(url)) return;
  if (inTelegram && W.openLink) safe(() => W.openLink(url)); else window.open(url, '_blank', 'noopener');
}

/**
 * Telegram's one-tap phone sharing (Bot API 6.9+): resolves the shared number, or null when refused or
 * unavailable. The bot receives the same contact as a message and stores it server-side (trusted there);
 * the number here only fills the form.
 */
export function requestPhone() {
  if (!inTelegram || typeof W.requestContact !== 'function') return null;
  return new Promise((res) => {
    try {
      W.requestContact((ok, result) => res(ok ? result?.responseUnsafe?.contact?.phone_number || null : null));
    } catch { res(null); }
  });
}
export const canRequestPhone = () => inTelegram && typeof W.requestContact === 'function';

/** Updates MainButton's text only (the handler stays). */
export function mainButtonText(text) {
  const mb = inTelegram && W.MainButton;
  if (mb && mainFn) safe(() => mb.setText(text));
}
