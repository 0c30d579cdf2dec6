/**
 * Security headers of every response. The Content-Security-Policy is strict and nonce-based: only
 * scripts carrying this response's nonce run (Remix's <Scripts>, <ScrollRestoration> and the
 * streamed hydration data get it), and what they load ('strict-dynamic'). Lecturers' content is
 * HTML rendered on the server with no script at all. Styles may be inline (style attributes of
 * progress bars and charts), never scripts.
 */
import type { AppLoadContext } from '@remix-run/node';

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    // Bootstrap Italia's stylesheet embeds its icon font as a data: URL.
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()';

export function applySecurityHeaders(headers: Headers, context: AppLoadContext, { https, production }: { https: boolean; production: boolean }) {
  headers.set('Content-Security-Policy', contentSecurityPolicy(context.nonce));
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (https && production) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  // What a signed-in person sees is theirs alone: never kept by a shared cache or the back button's disk cache.
  // Immutable files (media by content hash) keep their own caching.
  if (context.signedIn && !headers.get('Cache-Control')?.includes('immutable')) headers.set('Cache-Control', 'private, no-store');
  for (const c of context.setCookies) headers.append('Set-Cookie', c);
}
