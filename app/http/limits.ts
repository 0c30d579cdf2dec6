/**
 * How much a request may send. Every form post is capped; anonymous posts get the small cap, and
 * the few routes that take files raise it here, explicitly and by name. The server refuses a
 * declared Content-Length above the cap before reading a byte (app/http/handler.server.ts), and
 * `readForm` stops reading a body that grows past it.
 */
export const KB = 1024;
export const MB = 1024 * KB;

export const BODY_LIMITS = {
  /** no session cookie: sign-in, password reset, invitations, language */
  anonymous: 64 * KB,
  /** any signed-in form */
  signedIn: 256 * KB,
} as const;

/** Routes that take uploads, with their own cap (checked in addition to the signed-in rule). */
export const UPLOAD_LIMITS: Array<{ pattern: RegExp; bytes: number; why: string }> = [];

/** The most fields any form may carry (a 15-question quiz with matching items needs ~150). */
export const MAX_FIELDS = 1000;

export function bodyLimitFor(pathname: string, signedIn: boolean): number {
  if (!signedIn) return BODY_LIMITS.anonymous;
  const path = pathname.replace(/\.data$/, '');
  for (const u of UPLOAD_LIMITS) if (u.pattern.test(path)) return u.bytes;
  return BODY_LIMITS.signedIn;
}

/** Register an upload route's cap (called by the domain that owns the upload, at module load). */
export function allowUpload(pattern: RegExp, bytes: number, why: string) {
  if (!UPLOAD_LIMITS.some((u) => u.pattern.source === pattern.source)) UPLOAD_LIMITS.push({ pattern, bytes, why });
}
