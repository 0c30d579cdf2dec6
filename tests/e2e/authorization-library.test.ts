/**
 * The authorization matrix of the library routes: every route requested as anonymous, learner,
 * lecturer, coordinator and admin, with the status each must get — first with LIBRARY_PUBLIC off
 * (the test server's default), then on a second production server started with LIBRARY_PUBLIC=true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO, DEMO_PASSWORD, newClient, sessionFor, type DemoRole } from './support';

type Who = 'anon' | DemoRole;
const WHO: Who[] = ['anon', 'learner', 'lecturer', 'coordinator', 'admin'];
const everyone = (status: number): Record<Who, number> => ({ anon: status, learner: status, lecturer: status, coordinator: status, admin: status });
const signedIn = (status: number): Record<Who, number> => ({ ...everyone(status), anon: 302 });

const LONG = 'x'.repeat(201);

type Row = { method: 'GET' | 'POST'; path: string; off: Record<Who, number>; on: Record<Who, number>; form?: Record<string, string> };

/** `off`: LIBRARY_PUBLIC unset, anonymous visitors go to the login page. `on`: LIBRARY_PUBLIC=true. */
export const MATRIX: Row[] = [
  { method: 'GET', path: '/biblioteca', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/glossario', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/uffici', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/uffici?tipo=prefettura', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/uffici?tipo=inesistente', off: signedIn(400), on: everyone(400) },
  { method: 'GET', path: '/biblioteca/ricongiungimento-familiare', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/ssn-stp-eni', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/scheda-inesistente', off: signedIn(404), on: everyone(404) },
  { method: 'GET', path: '/biblioteca/..%2F..%2Fetc%2Fpasswd', off: signedIn(404), on: everyone(404) },
  { method: 'GET', path: '/biblioteca/cerca', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/cerca?q=rinnovo+pds', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/cerca?q=ricongiungmento&tema=famiglia', off: signedIn(200), on: everyone(200) },
  { method: 'GET', path: '/biblioteca/cerca?q=%26%7C%21%3A*', off: signedIn(400), on: everyone(400) },
  { method: 'GET', path: `/biblioteca/cerca?q=${LONG}`, off: signedIn(400), on: everyone(400) },
  { method: 'GET', path: '/biblioteca/cerca?q=permesso&tema=inesistente', off: signedIn(400), on: everyone(400) },
  { method: 'GET', path: '/biblioteca/cerca?q=permesso&pagina=0', off: signedIn(400), on: everyone(400) },
  // The library is read-only: no route accepts a write.
  { method: 'POST', path: '/biblioteca/cerca', form: { q: 'permesso' }, off: everyone(405), on: everyone(405) },
  { method: 'POST', path: '/biblioteca/ricongiungimento-familiare', form: { intent: 'read' }, off: everyone(405), on: everyone(405) },
  // Opening the library does not open the course.
  { method: 'GET', path: '/corsi/dream/famiglia-lungo-periodo', off: signedIn(200), on: signedIn(200) },
];

async function statuses(row: Row, clients: Map<Who, { client: APIRequestContext; cookie: string }>) {
  const got: Record<string, number> = {};
  for (const who of WHO) {
    const { client, cookie } = clients.get(who)!;
    const headers = cookie ? { Cookie: cookie } : undefined;
    const res = row.method === 'GET' ? await client.get(row.path, { headers, maxRedirects: 0 }) : await client.post(row.path, { headers, form: row.form, maxRedirects: 0 });
    got[who] = res.status();
    if (res.status() === 302) expect(res.headers()['location'], `${who} ${row.path}`).toMatch(/^\/login\?redirectTo=/);
  }
  return got;
}

async function signInAll(base?: string) {
  const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();
  for (const who of WHO) {
    const client = base ? await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { Origin: base } }) : await newClient();
    const cookie = who === 'anon' ? '' : await sessionFor(client, DEMO[who], DEMO_PASSWORD);
    clients.set(who, { client, cookie });
  }
  return clients;
}

test.describe('LIBRARY_PUBLIC off', () => {
  const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();

  test.beforeAll(async () => {
    for (const [who, c] of await signInAll()) clients.set(who, c);
  });

  test.afterAll(async () => {
    for (const { client } of clients.values()) await client.dispose();
  });

  for (const row of MATRIX) {
    test(`${row.method} ${row.path.slice(0, 70)} answers each role as expected`, async () => {
      expect(await statuses(row, clients)).toEqual(row.off);
    });
  }

  test('the as-you-type data requests are protected too', async () => {
    const anon = clients.get('anon')!.client;
    const res = await anon.get('/biblioteca/cerca.data?q=permesso', { maxRedirects: 0 });
    // Single fetch answers a redirect as data: never the results.
    expect(await res.text()).not.toContain('Rinnovo del permesso');
    const { client, cookie } = clients.get('learner')!;
    const ok = await client.get('/biblioteca/cerca.data?q=permesso', { headers: { Cookie: cookie } });
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toContain('Rinnovo del permesso');
  });
});

test.describe('LIBRARY_PUBLIC=true', () => {
  const PORT = Number(process.env.E2E_PORT || 3100) + 40;
  const BASE = `http://localhost:${PORT}`;
  const DATA = '.data/e2e-library-public';
  let server: ChildProcess | null = null;
  const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    fs.rmSync(DATA, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(PORT), AULA_DATA_DIR: `${DATA}/pglite`, AULA_DEMO: 'true', LIBRARY_PUBLIC: 'true', AULA_BASE_URL: BASE };
    const url = process.env.E2E_DATABASE_URL || process.env.DATABASE_URL;
    if (url) env.DATABASE_URL = url;
    else delete env.DATABASE_URL;
    server = spawn(process.execPath, ['app/cli/serve.js'], { env, stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 400) throw new Error('il server con LIBRARY_PUBLIC=true non è partito');
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const [who, c] of await signInAll(BASE)) clients.set(who, c);
  });

  test.afterAll(async () => {
    for (const { client } of clients.values()) await client.dispose();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.once('exit', () => resolve());
        s.kill('SIGTERM');
      });
    }
    fs.rmSync(DATA, { recursive: true, force: true });
  });

  test('every library route answers each role, anonymous visitors included, as expected', async () => {
    for (const row of MATRIX) expect(await statuses(row, clients), `${row.method} ${row.path}`).toEqual(row.on);
  });

  test('an anonymous visitor searches and reads a card; the modules it cites still ask to sign in', async () => {
    const anon = clients.get('anon')!.client;
    const search = await anon.get('/biblioteca/cerca?q=STP');
    expect(search.status()).toBe(200);
    expect(await search.text()).toContain('href="/biblioteca/ssn-stp-eni"');
    const card = await anon.get('/biblioteca/ssn-stp-eni');
    const html = await card.text();
    expect(html).toContain('Iscrizione al SSN, codice STP e codice ENI');
    const module = /href="(\/corsi\/dream\/[a-z-]+)"/.exec(html);
    expect(module).not.toBeNull();
    const res = await anon.get(module![1]!, { maxRedirects: 0 });
    expect(res.status()).toBe(302);
  });
});
