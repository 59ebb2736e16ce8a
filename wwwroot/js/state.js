// Shared app state and the small amount of cross-view data (user, favorites, cart badge).
import { api } from './api.js';

export const state = {
  user: null, favorites: new Set(), cart: { items: [], subtotal: 0 }, demo: false, isAdmin: false,
  ready: Promise.resolve(null), // resolves with the validated user (views that need auth await it)
};

const subs = new Set();
export const onChange = (fn) => subs.add(fn);
export const emit = () => subs.forEach((fn) => fn());

export async function refreshCart() {
  try { state.cart = (await api('/api/cart')) || { items: [], subtotal: 0 }; } catch { /* badge keeps the old figure */ }
  emit();
  return state.cart;
}
export const cartCount = () => (state.cart.items || []).reduce((n, l) => n + (l.quantity || 0), 0);
export const cartLine = (productId) => (state.cart.items || []).find((l) => l.product_id === productId);

export const storage = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode */ } },
};
