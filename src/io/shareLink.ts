/**
 * Share links: a model (with every live edit) in the URL's hash, `#model=<base64url of the
 * raw-deflated JSON>` (fflate; RFC 4648 §5 base64url, no padding). A bundled example or lesson
 * that was not edited is linked by name instead (`?model=cuba`), which stays short. Opening the
 * link rebuilds the model, and its seed reproduces the run spike for spike.
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** Links longer than this are refused (browsers and chat tools cut long URLs); the JSON file is offered instead. */
export const MAX_SHARE_LINK_CHARS = 16_000;

export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    const at = text.search(/[^A-Za-z0-9_-]/);
    throw new ShareLinkError(`the link's model is not base64url: character ${at + 1} is "${text[at]}"`);
  }
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export type ShareLink = { ok: true; url: string; chars: number } | { ok: false; chars: number; reason: string };

/**
 * The link for `model` on the page at `base` (origin and path). `bundledQuery` (`model=cuba`)
 * names a bundled example the model is exactly, for the short form.
 */
export function shareLink(base: string, model: unknown, bundledQuery?: string): ShareLink {
  const url = bundledQuery
    ? `${base}?${bundledQuery}`
    : `${base}#model=${toBase64Url(deflateSync(strToU8(JSON.stringify(model)), { level: 9 }))}`;
  if (url.length > MAX_SHARE_LINK_CHARS)
    return {
      ok: false,
      chars: url.length,
      reason: `this model is ${url.length.toLocaleString('en')} characters as a link, more than ${MAX_SHARE_LINK_CHARS.toLocaleString('en')}; save it as a JSON file and share that instead`,
    };
  return { ok: true, url, chars: url.length };
}

/** The model a link's hash holds (`#model=…`), or null when it holds none. */
export function modelFromHash(hash: string): unknown {
  const m = /^#model=(.*)$/.exec(hash);
  if (!m) return null;
  let json: string;
  try {
    json = strFromU8(inflateSync(fromBase64Url(m[1])));
  } catch (e) {
    if (e instanceof ShareLinkError) throw e;
    throw new ShareLinkError(`the link's model could not be inflated (the link is cut short or altered): ${(e as Error).message}`);
  }
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new ShareLinkError(`the link's model is not JSON: ${(e as Error).message}`);
  }
}
