/**
 * An embedded element's own copy of the Web Awesome theme and colour variants: a textbook page does not load Luciole's
 * stylesheet, so each element carries the theme's tokens in its shadow root, on a wrapper with the
 * theme's classes (`wa-light` or `wa-dark`, from the element's `theme` attribute or the reader's
 * `prefers-color-scheme`).
 */
import { unsafeCSS } from 'lit';
import themeCss from '@awesome.me/webawesome/dist/styles/themes/default.css?inline';
import variantCss from '@awesome.me/webawesome/dist/styles/color/variants.css?inline';

// The theme's defaults are written for :root; here they are given to the element and its wrapper (`luciole-embed`).
export const embedTheme = unsafeCSS((themeCss + variantCss).replaceAll(':where(:root)', ':where(:root, :host, .luciole-embed)'));

/** The wrapper's classes for a `theme` attribute of 'light', 'dark' or anything else (the reader's scheme). */
export function themeClasses(theme: string | null | undefined): string {
  const dark =
    theme === 'dark' || (theme !== 'light' && typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  return `luciole-embed wa-theme-default wa-palette-default ${dark ? 'wa-dark' : 'wa-light'}`;
}
