import { eq, sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';

export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;

function key(email: string) {
  return `login:${email.trim().toLowerCase()}`;
}

/** True when this account has had MAX_FAILURES failed logins within the window. */
export async function isLoginThrottled(email: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ failures: schema.loginThrottle.failures, windowStart: schema.loginThrottle.windowStart })
    .from(schema.loginThrottle)
    .where(eq(schema.loginThrottle.key, key(email)));
  const row = rows[0];
  if (!row) return false;
  return row.failures >= MAX_FAILURES && row.windowStart.getTime() > Date.now() - WINDOW_MINUTES * 60_000;
}

/** Counts one failure atomically (one statement, safe across instances). */
export async function recordLoginFailure(email: string): Promise<number> {
  const db = await getDb();
  const t = schema.loginThrottle;
  const expired = sql`${t.windowStart} < now() - make_interval(mins => ${WINDOW_MINUTES})`;
  const rows = await db
    .insert(t)
    .values({ key: key(email), failures: 1 })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${expired} then 1 else ${t.failures} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${t.windowStart} end`,
      },
    })
    .returning({ failures: t.failures });
  return rows[0]?.failures ?? 1;
}

export async function clearLoginFailures(email: string, conn?: DbOrTx) {
  const db = conn ?? (await getDb());
  await db.delete(schema.loginThrottle).where(eq(schema.loginThrottle.key, key(email)));
}
