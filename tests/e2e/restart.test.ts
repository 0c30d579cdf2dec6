/**
 * "After a server restart everything they did is still there": a second production server with a
 * database of its own is started, used, stopped with SIGTERM and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from './fixtures';

const PORT = 3101;
const BASE = `http://localhost:${PORT}`;
const DATA = '.data/e2e-restart/pglite';

function start(): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(PORT), AULA_DATA_DIR: DATA, AULA_DEMO: 'true' };
  const url = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  else delete env.DATABASE_URL;
  return spawn(process.execPath, ['app/cli/serve.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitHealthy() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

test('progress survives a restart, and SIGTERM stops the server cleanly', async () => {
  test.setTimeout(180_000);
  fs.rmSync('.data/e2e-restart', { recursive: true, force: true });
  let server = start();
  await waitHealthy();
  const login = await fetch(`${BASE}/login`, { method: 'POST', body: new URLSearchParams({ email: 'discente@aula.test', password: 'aula-demo-2026' }), redirect: 'manual' });
  expect(login.status).toBe(302);
  const cookie = /aula_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
  const read = await fetch(`${BASE}/corsi/dream/cittadinanza`, { method: 'POST', body: new URLSearchParams({ intent: 'read' }), headers: { Cookie: cookie, Origin: BASE }, redirect: 'manual' });
  expect(read.status).toBe(302);

  const exitCode = await stop(server);
  expect(exitCode).toBe(0);

  server = start();
  await waitHealthy();
  const page = await fetch(`${BASE}/corsi/dream/cittadinanza`, { headers: { Cookie: cookie } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Hai letto questo modulo il');
  expect(await stop(server)).toBe(0);
});

test('the health check answers 503 when the database stops answering', async () => {
  test.setTimeout(180_000);
  const { default: postgres } = await import('postgres');
  const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { onnotice: () => {} });
  const name = `aula_e2e_health_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(PORT + 1), DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`, AULA_SKIP_CONTENT_IMPORT: 'true' };
  const child = spawn(process.execPath, ['app/cli/serve.js'], { env, stdio: 'ignore' });
  try {
    const url = `http://localhost:${PORT + 1}/healthz`;
    let up = false;
    for (let i = 0; i < 240 && !up; i++) {
      up = await fetch(url)
        .then((r) => r.ok)
        .catch(() => false);
      if (!up) await new Promise((r) => setTimeout(r, 500));
    }
    expect(up).toBe(true);
    await admin.unsafe(`drop database ${name} with (force)`);
    const res = await fetch(url);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('database non raggiungibile');
  } finally {
    await stop(child);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
