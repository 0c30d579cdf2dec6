/**
 * Fault test (runs in `.ci/run`): the production server is killed with `kill -9` in the middle of
 * delivering a batch of mail to a real SMTP server. After a restart every message is delivered; the
 * only duplicates are messages that were in flight at the crash (their Message-ID is the same, so a
 * receiving server can recognise them), and the test prints how many.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSink } from '../support/smtp-sink';
import { freePort } from '../support/throwaway-postgres';

const PG = process.env.FAULT_PG_URL || 'postgres://postgres@127.0.0.1:5432';
const TOTAL = 300;
const name = `aula_fault_mail_${Date.now()}`;
const sink = new SmtpSink();
let server: ChildProcess | null = null;
let base = '';

async function start(dbUrl: string): Promise<ChildProcess> {
  const port = Number(new URL(base).port);
  const child = spawn(process.execPath, ['app/cli/serve.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      WEB_CONCURRENCY: '1',
      AULA_SKIP_CONTENT_IMPORT: 'true',
      SMTP_URL: sink.url,
      MAIL_LEASE_SECONDS: '3',
      MAIL_POLL_MS: '100',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 400; i++) {
    if (
      await fetch(`${base}/healthz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return child;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('il server non è partito');
}

beforeAll(async () => {
  await sink.start();
  base = `http://127.0.0.1:${await freePort()}`;
  const admin = postgres(`${PG}/postgres`, { onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await sink.stop();
  const admin = postgres(`${PG}/postgres`, { onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('the app killed in the middle of a batch of mail', () => {
  it('delivers every message after a restart, with duplicates only among the messages in flight', async () => {
    const dbUrl = `${PG}/${name}`;
    // First start: migrations; then stop, so the outbox can be filled before any worker runs.
    server = await start(dbUrl);
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    const db = postgres(dbUrl, { onnotice: () => {} });
    const rows = Array.from({ length: TOTAL }, (_, i) => ({ key: `crash:${i}`, to: `destinatario${i}@aula.test` }));
    for (const r of rows) {
      await db`insert into mail_outbox (idempotency_key, to_address, template, subject, body_text, body_html, message_id)
        values (${r.key}, ${r.to}, 'notice', 'Promemoria', 'Testo.', '<p>Testo.</p>', ${`<${r.key}@aula.test>`})`;
    }
    server = await start(dbUrl);
    // Kill -9 once delivery is under way.
    for (let i = 0; i < 400 && sink.received.length < 40; i++) await new Promise((r) => setTimeout(r, 25));
    server.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    const atCrash = sink.received.length;
    const [{ sending }] = (await db`select count(*)::int as sending from mail_outbox where status = 'sending'`) as unknown as [{ sending: number }];
    server = await start(dbUrl);
    await sink.waitFor((all) => new Set(all.map((m) => m.messageId)).size >= TOTAL, 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    const ids = sink.received.map((m) => m.messageId);
    const duplicates = ids.length - new Set(ids).size;
    const [{ sent }] = (await db`select count(*)::int as sent from mail_outbox where status = 'sent'`) as unknown as [{ sent: number }];
    await db.end();
    console.log(`[posta] ${atCrash} consegnati prima del kill -9, ${sending} in invio al momento del crash; dopo il riavvio: ${TOTAL} messaggi, ${duplicates} duplicati`);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(sent).toBe(TOTAL);
    // Only what was being sent when the worker died can arrive twice: at most one message per
    // delivery lane (10), never the whole claimed batch.
    expect(duplicates).toBeLessThanOrEqual(10);
    expect(duplicates).toBeLessThanOrEqual(sending);
  }, 180_000);
});
