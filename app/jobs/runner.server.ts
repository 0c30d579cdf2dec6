/**
 * Background work of a serving process: the mail worker and the scheduled jobs.
 *
 * - Scheduled jobs run on pg-boss, a PostgreSQL-backed queue: its cron monitor fires each schedule
 *   once per minute slot across every instance (singleton keys), and a job that fails is retried.
 *   On the embedded PGlite, pg-boss runs on the same database through an adapter (rawExecute);
 *   on PostgreSQL through its own small pool (see jobQueueDatabase). One code path for the jobs.
 * - Mail leaves through a loop over the outbox (delivery.server.ts): it looks for due messages
 *   every MAIL_POLL_MS, and again at once while there is more to send.
 */
import PgBoss from 'pg-boss';
import { jobQueueDatabase } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { closeTransport, deliverDue } from '~/mail/delivery.server';
import { JOBS } from './definitions.server';

let boss: PgBoss | null = null;
let mailTimer: ReturnType<typeof setTimeout> | null = null;
let stopping = false;
let wake: (() => void) | null = null;

async function mailLoop() {
  mailTimer = null;
  if (stopping) return;
  let busy = false;
  try {
    const report = await deliverDue();
    busy = report.claimed > 0;
  } catch (error) {
    console.error('[mail] consegna non riuscita:', error instanceof Error ? error.message : error);
  }
  if (stopping) return;
  if (busy) mailTimer = setTimeout(mailLoop, 0);
  else {
    mailTimer = setTimeout(mailLoop, env.mailPollMs);
    wake = () => {
      if (mailTimer) clearTimeout(mailTimer);
      wake = null;
      mailTimer = setTimeout(mailLoop, 0);
    };
  }
}

/** Look for mail to send now (after a transaction that enqueued some has committed). */
export function wakeMailer() {
  wake?.();
}

export async function startBackground(): Promise<void> {
  if (!env.backgroundJobs || boss) return;
  stopping = false;
  // Mail does not wait for the queue: a queue that cannot start must not stop invitations.
  void mailLoop();
  boss = new PgBoss({ ...(await jobQueueDatabase()), schema: 'pgboss', supervise: true, schedule: true, migrate: true });
  boss.on('error', (error) => console.error('[jobs]', error.message));
  await boss.start();
  for (const job of JOBS) {
    await boss.createQueue(job.name);
    await boss.schedule(job.name, job.cron, {}, { tz: 'Europe/Rome' });
    await boss.work(job.name, { pollingIntervalSeconds: 5 }, async () => {
      await job.run({ now: new Date() });
    });
  }
}

export async function stopBackground(): Promise<void> {
  stopping = true;
  if (mailTimer) clearTimeout(mailTimer);
  mailTimer = null;
  const b = boss;
  boss = null;
  if (b) await b.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => {});
  closeTransport();
}
