/**
 * `npm run bench:mail`: 10,000 reminder messages to 10,000 recipients, enqueued in one transaction
 * through the outbox (the app's own code), delivered by the production server's workers to a real
 * local SMTP server. Prints messages per second, p50/p95 enqueue-to-delivery latency, the peak RSS of
 * the server processes, and lost/duplicated counts; writes tests/bench/results/mail.json.
 * Budget: ≥ 200 messages a second, RSS < 300 MB, zero lost, zero duplicated.
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { SmtpSink } from '../support/smtp-sink';
import { percentile } from './open-loop';
import { createDatabase, ensureBuild, machine } from './support';

const TOTAL = Number(process.env.BENCH_MAIL_TOTAL || 10_000);

/** VmRSS (MB) of the server and of each of its worker processes: { total, largest }. */
function rssOfTree(rootPid: number): { total: number; largest: number } {
  let total = 0;
  let largest = 0;
  const pids = [rootPid];
  for (const dir of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
      if (ppid === rootPid) pids.push(Number(dir));
    } catch {
      /* gone */
    }
  }
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      const kb = Number(m?.[1] ?? 0);
      total += kb;
      largest = Math.max(largest, kb);
    } catch {
      /* gone */
    }
  }
  return { total: total / 1024, largest: largest / 1024 };
}

async function main() {
  ensureBuild();
  const sink = new SmtpSink();
  await sink.start();
  const db = await createDatabase('aula_bench_mail');
  const port = 3390;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: db.url, AULA_SKIP_CONTENT_IMPORT: 'true', SMTP_URL: sink.url, MAIL_POLL_MS: '200' };
  // Migrate, then stop: the outbox is filled before delivery starts, as a nightly reminder run does.
  const first = spawn(process.execPath, ['app/cli/serve.js'], { env, stdio: 'ignore' });
  for (
    let i = 0;
    i < 400 &&
    !(await fetch(`http://localhost:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false));
    i++
  )
    await new Promise((r) => setTimeout(r, 250));
  first.kill('SIGTERM');
  await new Promise((r) => first.once('exit', r));

  process.env.DATABASE_URL = db.url;
  const { enqueueMany } = await import('~/mail/outbox.server');
  const { getDb, closeDb } = await import('~/utils/db.server');
  const conn = await getDb();
  const t0 = Date.now();
  await conn.transaction(async (tx) => {
    await enqueueMany(
      tx,
      Array.from({ length: TOTAL }, (_, i) => ({
        key: `bench:${i}`,
        to: `persona${i}@aula.test`,
        template: 'notice' as const,
        data: {
          subject: 'Promemoria: scadenza del corso DREAM',
          heading: 'Mancano 7 giorni',
          paragraphs: ['Il corso assegnato scade tra 7 giorni.'],
          action: { label: 'Apri il corso', url: 'http://localhost/corsi/dream' },
        },
      })),
    );
  });
  const enqueueSeconds = (Date.now() - t0) / 1000;
  await closeDb();

  const server = spawn(process.execPath, ['app/cli/serve.js'], { env, stdio: 'ignore' });
  const start = Date.now();
  let peak = 0;
  let peakTotal = 0;
  const sampler = setInterval(() => {
    const r = rssOfTree(server.pid!);
    peak = Math.max(peak, r.largest);
    peakTotal = Math.max(peakTotal, r.total);
  }, 100);
  await sink.waitFor((all) => all.length >= TOTAL, 600_000);
  const seconds = (Date.now() - start) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  clearInterval(sampler);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  const pg = postgres(db.url, { onnotice: () => {} });
  const rows = await pg`select idempotency_key, created_at, sent_at from mail_outbox`;
  await pg.end();
  const received = sink.received.length;
  const unique = new Set(sink.received.map((m) => m.messageId)).size;
  const sentAt = new Map(sink.received.map((m, i) => [m.messageId, i]));
  void sentAt;
  const latencies = rows
    .filter((r) => r.sent_at)
    .map((r) => new Date(r.sent_at as Date).getTime() - Math.max(new Date(r.created_at as Date).getTime(), start))
    .sort((a, b) => a - b);
  const result = {
    benchmark: 'mail',
    date: new Date().toISOString(),
    machine: machine(),
    messages: TOTAL,
    enqueueSeconds,
    deliverySeconds: Math.round(seconds * 10) / 10,
    messagesPerSecond: Math.round(TOTAL / seconds),
    enqueueToDeliveryMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    /** the largest single process (a worker delivering mail) */
    peakRssMB: Math.round(peak),
    /** primary and every worker together */
    peakRssAllProcessesMB: Math.round(peakTotal),
    lost: TOTAL - unique,
    duplicated: received - unique,
    budget: { messagesPerSecond: 200, peakRssMB: 300, lost: 0, duplicated: 0 },
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync('tests/bench/results', { recursive: true });
  fs.writeFileSync('tests/bench/results/mail.json', JSON.stringify(result, null, 2));
  await sink.stop();
  await db.drop();
  process.exit(0);
}

await main();
