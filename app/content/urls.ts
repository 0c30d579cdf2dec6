/**
 * The URL rules of content (DESIGN.md §5): https:, http:, mailto:, tel:, relative paths and
 * #anchors. Everything else (javascript:, data:, vbscript:, file:, …) is refused, whatever the letter
 * case and whatever whitespace or control characters surround or split the scheme, since browsers
 * ignore those. Checked at import (with file, line and column) and again when rendering.
 */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/** The URL as a browser reads it: leading/trailing C0 controls and spaces dropped, tabs and newlines removed. */
function browserView(raw: string): string {
  return raw.replace(/^[\u0000-\u0020\u007f-\u009f\u00a0\u2000-\u200b\u2028\u2029\u3000\ufeff]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** null when allowed, otherwise the scheme that is refused (or "indirizzo non valido"). */
export function refusedScheme(raw: string): string | null {
  const url = browserView(raw);
  // A scheme is letters, digits, + . - before the first ':' that comes before any / ? #.
  const m = /^([^:/?#]+):/.exec(url);
  if (!m) return null; // relative path, #anchor, ?query or //host (http/https of the page)
  const scheme = m[1]!.toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return scheme; // control or odd characters inside a scheme
  return ALLOWED_SCHEMES.has(scheme) ? null : scheme;
}

export function isAllowedUrl(raw: string): boolean {
  return refusedScheme(raw) === null;
}

/** For rendering: the URL when allowed, otherwise undefined (the link renders without a target). */
export function safeHref(raw: unknown): string | undefined {
  return typeof raw === 'string' && isAllowedUrl(raw) ? raw : undefined;
}

export function urlIssue(raw: string): string {
  const scheme = refusedScheme(raw) ?? '';
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `indirizzo non ammesso «${shown}» (schema «${scheme}:»): sono ammessi solo https:, http:, mailto:, tel:, percorsi relativi e #ancore`;
}
