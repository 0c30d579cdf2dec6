/**
 * Every scheduled job of Aula, in one list: name, schedule (cron, Europe/Rome) and what it does.
 * The same definitions run on PostgreSQL and on the embedded PGlite (runner.server.ts). Each job
 * takes the time it runs at, so tests run them with a controlled clock.
 */
import { lt, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { purgeRetainedRecords } from '~/privacy/requests.server';
import { sendDueReminders, sendWeeklyDigests } from '~/coordination/reminders.server';
import { sendUpdateReminders } from '~/coordination/law-updates.server';
import { purgeOldBatches } from '~/coordination/import.server';
import { runScheduledPublishing } from '~/studio/publish.server';

export interface JobContext {
  now: Date;
}

export interface JobDefinition {
  name: string;
  /** cron expression, Europe/Rome */
  cron: string;
  run: (ctx: JobContext) => Promise<unknown>;
}

/** Expired sessions and tokens, old throttle counters, and delivered mail past its retention. */
export async function cleanupExpired({ now }: JobContext) {
  const db = await getDb();
  const day = 86_400_000;
  const sessions = await db.delete(schema.sessions).where(lt(schema.sessions.expiresAt, now)).returning({ id: schema.sessions.id });
  const tokens = await db
    .delete(schema.authTokens)
    .where(lt(schema.authTokens.expiresAt, new Date(now.getTime() - 7 * day)))
    .returning({ id: schema.authTokens.id });
  const throttles = await db
    .delete(schema.loginThrottle)
    .where(lt(schema.loginThrottle.windowStart, new Date(now.getTime() - day)))
    .returning({ key: schema.loginThrottle.key });
  // Sign-ins left half-way (single sign-on state, second-factor challenges).
  await db.delete(schema.oidcLogins).where(lt(schema.oidcLogins.expiresAt, now));
  await db.delete(schema.mfaChallenges).where(lt(schema.mfaChallenges.expiresAt, now));
  const mail = await db
    .delete(schema.mailOutbox)
    .where(sql`${schema.mailOutbox.status} in ('sent', 'cancelled') and ${schema.mailOutbox.createdAt} < ${new Date(now.getTime() - 180 * day)}`)
    .returning({ id: schema.mailOutbox.id });
  return { sessions: sessions.length, tokens: tokens.length, throttles: throttles.length, mail: mail.length };
}

export const JOBS: JobDefinition[] = [
  { name: 'cleanup-expired', cron: '17 * * * *', run: cleanupExpired },
  // Training records of erased accounts, once their retention period is over (privacy registry).
  { name: 'privacy-retention', cron: '41 3 * * *', run: purgeRetainedRecords },
  // Course reminders (each (assignment, step) once: outbox key) and the coordinators' Monday digest.
  { name: 'coordination-reminders', cron: '0 8 * * *', run: sendDueReminders },
  // Reminders of assigned law-change updates (a week before the due day, and the day after; each step once).
  { name: 'coordination-update-reminders', cron: '5 8 * * *', run: sendUpdateReminders },
  { name: 'coordination-digest', cron: '30 7 * * 1', run: sendWeeklyDigests },
  { name: 'coordination-batches', cron: '23 * * * *', run: purgeOldBatches },
  // The studio's scheduled publications whose time has come (a publication runs once, however often this does).
  { name: 'studio-publish', cron: '* * * * *', run: runScheduledPublishing },
];

/** Later issues add their jobs here (reminders, digests, scheduled publishing, retention). */
export function registerJob(job: JobDefinition) {
  if (!JOBS.some((j) => j.name === job.name)) JOBS.push(job);
}
