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
import { JOBS, type JobDefinition } from './definitions.server';

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
  boss = await startJobQueue(await jobQueueDatabase(), JOBS);
}

type QueueConnection = Awaited<ReturnType<typeof jobQueueDatabase>>;

/** How often the queue looks at its schedules and for work (tests shorten them). */
export interface QueueTiming {
  cronMonitorIntervalSeconds?: number;
  cronWorkerIntervalSeconds?: number;
  pollingIntervalSeconds?: number;
}

/**
 * One instance's job queue: starts pg-boss on the connection, schedules every job (an upsert, so
 * N instances keep one schedule each) and works them. Each instance runs the cron monitor, but
 * pg-boss lets one of them per interval read the schedules, and sends each job with a singleton key
 * per minute slot: across N instances each cron job fires once (tests/fault/cron-once.test.ts).
 */
export async function startJobQueue(connection: QueueConnection, jobs: JobDefinition[], timing: QueueTiming = {}): Promise<PgBoss> {
  const { pollingIntervalSeconds = 5, ...cron } = timing;
  const queue = new PgBoss({ ...connection, ...cron, schema: 'pgboss', supervise: true, schedule: true, migrate: true });
  queue.on('error', (error) => console.error('[jobs]', error.message));
  await queue.start();
  for (const job of jobs) {
    await retryOnDeadlock(() => queue.createQueue(job.name));
    await retryOnDeadlock(() => queue.schedule(job.name, job.cron, {}, { tz: 'Europe/Rome' }));
    await queue.work(job.name, { pollingIntervalSeconds }, async () => {
      await job.run({ now: new Date() });
    });
  }
  return queue;
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

/**
 * Instances that start together create the same queues at the same moment, and PostgreSQL may end
 * one of those transactions as a deadlock (40P01): that step is tried again, after a short random
 * wait, instead of leaving the instance without its jobs.
 */
async function retryOnDeadlock<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (error) {
      if (i >= attempts || (error as { code?: string }).code !== '40P01') throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200 * i));
    }
  }
}
