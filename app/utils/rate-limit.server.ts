/**
 * A generic per-key fixed-window rate limiter, kept in the database (table `login_throttle`, whose
 * rows are `key`, a counter and the start of the window) so that it holds across restarts and
 * across every instance behind a load balancer.
 *
 * Each hit is ONE atomic SQL upsert: the first request of a key inserts a row with count 1; the next
 * ones increment it, or restart the window (count 1, window start now) once it has expired. Keys
 * carry a prefix naming what is limited (`verify:<ip>`), so they never collide with the login
 * counters (`login:<email>`).
 */
import { and, eq, like, lt, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from './db.server';

export interface RateLimitResult {
  /** True while the key has made at most `limit` requests in the current window. */
  allowed: boolean;
  /** Requests counted in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the current window ends (≥ 1). */
  retryAfterSeconds: number;
}

/** Counts one request for `key` and says whether it is within `limit` per `windowSeconds`. */
export async function hitRateLimit({ key, limit, windowSeconds, conn }: { key: string; limit: number; windowSeconds: number; conn?: DbOrTx }): Promise<RateLimitResult> {
  const db = conn ?? (await getDb());
  const t = schema.loginThrottle;
  const expired = sql`${t.windowStart} <= now() - make_interval(secs => ${windowSeconds}::double precision)`;
  const rows = await db
    .insert(t)
    .values({ key, failures: 1, windowStart: sql`now()` })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${t.failures} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${t.windowStart} end`,
      },
    })
    .returning({
      count: t.failures,
      remaining: sql<number>`ceil(extract(epoch from (${t.windowStart} + make_interval(secs => ${windowSeconds}::double precision) - now())))::int`,
    });
  const row = rows[0];
  const count = Number(row?.count ?? 1);
  // Now and then, forget the expired windows of this prefix so the table stays small.
  if (Math.random() < 0.01) void pruneRateLimits({ prefix: key.slice(0, key.indexOf(':') + 1), olderThanSeconds: windowSeconds }).catch(() => {});
  return { allowed: count <= limit, count, limit, retryAfterSeconds: Math.max(1, Number(row?.remaining ?? windowSeconds)) };
}

/** Deletes the counters of a prefix (e.g. `verify:`) whose window ended more than `olderThanSeconds` ago. */
export async function pruneRateLimits({ prefix, olderThanSeconds }: { prefix: string; olderThanSeconds: number }): Promise<void> {
  if (!prefix) return;
  const db = await getDb();
  const t = schema.loginThrottle;
  await db.delete(t).where(and(like(t.key, `${prefix.replace(/[\\%_]/g, '\\$&')}%`), lt(t.windowStart, sql`now() - make_interval(secs => ${olderThanSeconds * 2}::double precision)`)));
}

/** Forgets one counter (a successful sign-in clears that client's failures). */
export async function clearRateLimit(key: string, conn?: DbOrTx): Promise<void> {
  const db = conn ?? (await getDb());
  await db.delete(schema.loginThrottle).where(eq(schema.loginThrottle.key, key));
}
