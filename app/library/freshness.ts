/** When a card's `reviewedAt` is too old to trust without checking again. */

/**
 * True when more than 12 months have passed since `reviewedAt` (AAAA-MM-GG): a card reviewed on
 * 2025-12-31 is fresh up to 2026-12-31 and stale from 2027-01-01. Dates are compared as calendar
 * days in Europe/Rome, the operators' time zone.
 */
export function isStale(reviewedAt: string, now: Date = new Date()): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reviewedAt);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The same calendar day one year later (29 February → 1 March).
  const limit = new Date(Date.UTC(y + 1, mo - 1, d));
  const today = romeDay(now);
  return today.getTime() > limit.getTime();
}

function romeDay(now: Date): Date {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const [y, m, d] = parts.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!));
}
