/**
 * The colour theme: the user's preference (`system`, `light` or `dark`, kept in localStorage) and the theme
 * applied, `data-theme="light|dark"` on <html>, which styles.css reads. public/theme.js applies it before
 * the first paint (same key, same rule); this module follows changes of the preference and, under `system`,
 * of the system's setting.
 */
export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const themePreferences: readonly ThemePreference[] = ['system', 'light', 'dark'];
export const themeStorageKey = 'mcp-portal.theme';

const darkQuery = '(prefers-color-scheme: dark)';
const listeners = new Set<() => void>();

function storedPreference(): ThemePreference {
  try {
    const value = localStorage.getItem(themeStorageKey);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

let preference: ThemePreference = storedPreference();

function resolve(pref: ThemePreference): Theme {
  if (pref !== 'system') return pref;
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

function apply(): void {
  document.documentElement.dataset.theme = resolve(preference);
  for (const listener of listeners) listener();
}

/** Applies the stored preference and follows the system's setting; called once, before the first render. */
export function startTheme(): void {
  apply();
  window.matchMedia(darkQuery).addEventListener('change', () => {
    if (preference === 'system') apply();
  });
  // Another tab changed the preference.
  window.addEventListener('storage', (event) => {
    if (event.key !== themeStorageKey && event.key !== null) return;
    preference = storedPreference();
    apply();
  });
}

export function getThemePreference(): ThemePreference {
  return preference;
}

export function setThemePreference(next: ThemePreference): void {
  preference = next;
  try {
    if (next === 'system') localStorage.removeItem(themeStorageKey);
    else localStorage.setItem(themeStorageKey, next);
  } catch {
    // Not remembered (storage refused), applied all the same.
  }
  apply();
}

/** For useSyncExternalStore. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
