/**
 * Light and dark themes: Web Awesome's `wa-light` / `wa-dark` classes on <html>, chosen by the
 * user ('light', 'dark') or following the system's `prefers-color-scheme` ('system', the default).
 * The choice is kept in localStorage.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'luciole.theme';
const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

export function savedTheme(): ThemeChoice {
  const v = globalThis.localStorage?.getItem(STORAGE_KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The scheme a choice shows now. */
export function resolvedScheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return darkQuery()?.matches ? 'dark' : 'light';
}

/** Puts the theme's classes (and the CSS `color-scheme`, for system colours and canvases) on <html>. */
export function applyTheme(choice: ThemeChoice = savedTheme()): void {
  const scheme = resolvedScheme(choice);
  const root = document.documentElement;
  root.classList.add('wa-theme-default', 'wa-palette-default');
  root.classList.toggle('wa-dark', scheme === 'dark');
  root.classList.toggle('wa-light', scheme === 'light');
  root.style.colorScheme = scheme;
  root.dataset.theme = scheme;
}

export function chooseTheme(choice: ThemeChoice): void {
  if (choice === 'system') globalThis.localStorage?.removeItem(STORAGE_KEY);
  else globalThis.localStorage?.setItem(STORAGE_KEY, choice);
  applyTheme(choice);
}

/** Applies the saved theme now and follows the system's scheme while the choice is 'system'. */
export function installTheme(): void {
  applyTheme();
  darkQuery()?.addEventListener('change', () => applyTheme());
}
