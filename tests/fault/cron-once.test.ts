/**
 * Exactly one scheduler fires each cron job across N instances (issue 12): three job queues, started
 * by the runner's own code path (startJobQueue) on one PostgreSQL database, each checking the
 * schedules every second. A job scheduled every minute must run once per minute slot, not three times.
 */
import type PgBoss from 'pg-boss';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobQueue } from '~/jobs/runner.server';

const PG = process.env.FAULT_PG_URL || 'postgres://postgres@127.0.0.1:5432';
const name = `aula_fault_cron_${Date.now()}`;
const admin = postgres(`${PG}/postgres`, { max: 1, onnotice: () => {} });
const instances: PgBoss[] = [];
const runs: { instance: number; at: Date }[] = [];

beforeAll(async () => {
  await admin.unsafe(`create database ${name}`);
}, 60_000);

afterAll(async () => {
  await Promise.all(instances.map((q) => q.stop({ graceful: false, wait: true, timeout: 2_000 }).catch(() => {})));
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
}, 60_000);

describe('scheduled jobs across three instances', () => {
  it('fire once per minute slot, whichever instance runs them', async () => {
    // The three start at the same moment, as the workers of one server do (their queue creation
    // may deadlock in PostgreSQL; the runner tries that step again).
    const started = await Promise.all(
      [0, 1, 2].map((i) => {
        const job = { name: 'every-minute', cron: '* * * * *', run: async ({ now }: { now: Date }) => void runs.push({ instance: i, at: now }) };
        return startJobQueue({ connectionString: `${PG}/${name}`, max: 2 }, [job], { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
      }),
    );
    instances.push(...started);
    // The first minute boundary comes within 60 s; wait for the run, then 10 s more for any duplicate.
    const deadline = Date.now() + 75_000;
    while (runs.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(runs.length, 'the job ran at the minute boundary').toBe(1);
    await new Promise((r) => setTimeout(r, 10_000));
    const slots = new Set(runs.map((r) => Math.floor(r.at.getTime() / 60_000)));
    expect(runs.length, `runs: ${JSON.stringify(runs)}`).toBe(slots.size);
    console.log(`[cron] 3 istanze, ${runs.length} esecuzione/i in ${slots.size} minuto/i, dall'istanza ${runs.map((r) => r.instance).join(', ')}`);
  }, 120_000);
});
