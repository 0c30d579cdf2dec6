/**
 * Fault test (runs in `.ci/run`): a throw-away PostgreSQL cluster under the production server with
 * two workers, a bounded mixed load of reads and acknowledged writes, then `kill -9` of the
 * postmaster. During the outage requests fail fast (about 2 s) with the Italian 503 page, /healthz
 * says 503, and no process dies; within 2 s of the database's return /healthz is 200 again without a
 * restart; every write the server acknowledged is in the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { hash } from '@node-rs/argon2';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThrowawayPostgres, freePort } from '../support/throwaway-postgres';

const MODULES = [
  'fonti-attori-competenze',
  'ingresso-soggiorno-lavoro',
  'famiglia-lungo-periodo',
  'cittadinanza',
  'protezione-internazionale',
  'accoglienza-msna',
  'servizi-demografici',
  'diritti-sociali',
  'servizi-territoriali-sportello',
];
const LEARNERS = 12;
const PASSWORD = 'una frase lunga di prova';

let pg: ThrowawayPostgres;
let server: ChildProcess;
let base = '';
let stderr = '';

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (await check().catch(() => false)) return Date.now() - start;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condizione non raggiunta in ${timeoutMs} ms`);
}

const healthy = async () => (await fetch(`${base}/healthz`)).status === 200;

beforeAll(async () => {
  pg = new ThrowawayPostgres();
  await pg.start();
  const admin = postgres(pg.url, { onnotice: () => {} });
  await admin.unsafe('create database aula');
  await admin.end();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['app/cli/serve.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: pg.urlOf('aula'),
      WEB_CONCURRENCY: '2',
      AULA_DEMO: 'true',
      AULA_BASE_URL: base,
      AULA_JOBS: 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitFor(healthy, 120_000, 250);
  // Learners, written directly into the throw-away database (fixtures, not the behaviour under test).
  const db = postgres(pg.urlOf('aula'), { onnotice: () => {} });
  const passwordHash = await hash(PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const [course] = await db`select id from courses where slug = 'dream'`;
  for (let i = 0; i < LEARNERS; i++) {
    const [u] = await db`insert into users (email, name, password_hash) values (${`guasto${i}@aula.test`}, ${`Persona ${i}`}, ${passwordHash}) returning id`;
    await db`insert into user_roles (user_id, role) values (${u!.id}, 'learner')`;
    await db`insert into enrolments (user_id, course_id) values (${u!.id}, ${course!.id})`;
  }
  await db.end();
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await pg?.stop();
});

async function signIn(i: number): Promise<string> {
  const res = await fetch(`${base}/login`, { method: 'POST', headers: { Origin: base }, body: new URLSearchParams({ email: `guasto${i}@aula.test`, password: PASSWORD }), redirect: 'manual' });
  expect(res.status).toBe(302);
  return /aula_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

describe('a database crash under load', () => {
  it('fails fast with the Italian 503, keeps every process alive, recovers by itself and loses no acknowledged write', async () => {
    const cookies = await Promise.all(Array.from({ length: LEARNERS }, (_, i) => signIn(i)));
    const acknowledged: Array<{ learner: number; module: string }> = [];
    const outage: Array<{ status: number; ms: number; italian: boolean; kind?: string; at?: number }> = [];
    let crashed = false;
    let crashAt = 0;
    let restartAt = Number.POSITIVE_INFINITY;
    let stop = false;

    // Each virtual learner reads a module page, then marks it read; the server's 302 acknowledges the write.
    const worker = async (learner: number) => {
      for (let k = 0; !stop; k++) {
        const module = MODULES[k % MODULES.length]!;
        const t0 = Date.now();
        try {
          const page = await fetch(`${base}/corsi/dream/${module}`, { headers: { Cookie: cookies[learner]! }, signal: AbortSignal.timeout(10_000) });
          const text = await page.text();
          if (crashed && page.status !== 200) outage.push({ status: page.status, ms: Date.now() - t0, italian: text.includes('temporaneamente non disponibile'), kind: 'GET', at: t0 - crashAt });
          const t1 = Date.now();
          const res = await fetch(`${base}/corsi/dream/${module}`, {
            method: 'POST',
            headers: { Cookie: cookies[learner]!, Origin: base },
            body: new URLSearchParams({ intent: 'read' }),
            redirect: 'manual',
            signal: AbortSignal.timeout(10_000),
          });
          if (res.status === 302) acknowledged.push({ learner, module });
          else if (crashed) outage.push({ status: res.status, ms: Date.now() - t1, italian: (await res.text()).includes('temporaneamente non disponibile'), kind: 'POST', at: t1 - crashAt });
        } catch {
          if (crashed) outage.push({ status: 0, ms: Date.now() - t0, italian: false });
        }
        if (crashed) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const load = Promise.all(Array.from({ length: LEARNERS }, (_, i) => worker(i)));

    await new Promise((r) => setTimeout(r, 3000));
    const beforeCrash = acknowledged.length;
    crashed = true;
    crashAt = Date.now();
    await pg.crash();
    await new Promise((r) => setTimeout(r, 4000));
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);

    restartAt = Date.now() - crashAt;
    await pg.start();
    const recovery = await waitFor(healthy, 10_000, 50);
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;

    console.log(
      `[guasto] scritture confermate: ${beforeCrash} prima del crash, ${acknowledged.length} in tutto; risposte durante il guasto: ${outage.length} (la più lenta ${Math.max(...outage.map((o) => o.ms))} ms); ritorno a 200 dopo ${recovery} ms`,
    );
    console.log(
      `[guasto] le più lente: ${[...outage]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 6)
        .map((o) => `${o.kind} ${o.ms} ms (partita a ${o.at} ms dal crash)`)
        .join(', ')}`,
    );
    expect(beforeCrash).toBeGreaterThan(0);
    // Fail fast, in Italian, with 503.
    expect(outage.length).toBeGreaterThan(0);
    expect(outage.filter((o) => o.status !== 503)).toEqual([]);
    expect(outage.every((o) => o.italian)).toBe(true);
    // While the database is down: about 2 s at worst (the connect timeout, 1.5 s, plus the request's
    // own work). A request sent while PostgreSQL restarts and replays its log after the crash waits
    // for that replay (3.1–4.2 s measured with this database) before its answer: bounded at 8 s.
    const down = outage.filter((o) => (o.at ?? 0) < restartAt);
    const restarting = outage.filter((o) => (o.at ?? 0) >= restartAt);
    expect(down.length).toBeGreaterThan(0);
    expect(Math.max(...down.map((o) => o.ms))).toBeLessThan(3000);
    expect(Math.max(0, ...restarting.map((o) => o.ms))).toBeLessThan(8000);
    // Back without a restart.
    expect(recovery).toBeLessThan(2000);
    // No process died (the primary would log the replacement of a worker).
    expect(server.exitCode).toBeNull();
    expect(stderr).not.toContain('terminato');
    expect(stderr).not.toMatch(/TypeError|uncaught/i);
    // Every acknowledged write is in the database.
    const db = postgres(pg.urlOf('aula'), { onnotice: () => {} });
    const rows =
      await db`select u.email, d.slug from module_status s join users u on u.id = s.user_id join content_documents d on d.id = s.document_id where s.read_at is not null and u.email like 'guasto%'`;
    await db.end();
    const stored = new Set(rows.map((r) => `${r.email}/${r.slug}`));
    const lost = acknowledged.filter((a) => !stored.has(`guasto${a.learner}@aula.test/${a.module}`));
    expect(lost).toEqual([]);
  }, 240_000);
});
