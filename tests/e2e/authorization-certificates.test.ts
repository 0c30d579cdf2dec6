/**
 * The authorization matrix of the certificate routes: every route requested as anonymous, a
 * learner who is not the holder, the holder, a lecturer, the coordinator of the holder's
 * organisation, a coordinator of another organisation and an admin, with the status each must get.
 */
import { type APIRequestContext } from '@playwright/test';
import { expect, test, newContext } from './fixtures';
import { DEMO, lastMail, linkIn, newClient, sessionFor, uniqueEmail } from './support';
import { completeCourseAs } from './complete-course';

type Who = 'anon' | 'learner' | 'owner' | 'lecturer' | 'coordinator' | 'otherCoordinator' | 'admin';
const WHO: Who[] = ['anon', 'learner', 'owner', 'lecturer', 'coordinator', 'otherCoordinator', 'admin'];

const everyone = (status: number): Record<Who, number> => ({ anon: status, learner: status, owner: status, lecturer: status, coordinator: status, otherCoordinator: status, admin: status });
const signedIn = (status: number): Record<Who, number> => ({ ...everyone(status), anon: 302 });
const ownerOnly: Record<Who, number> = { ...signedIn(404), owner: 200 };
const revokers = (allowed: number): Record<Who, number> => ({ ...signedIn(403), coordinator: allowed, admin: allowed });
const coordinators: Record<Who, number> = { ...signedIn(403), coordinator: 200, otherCoordinator: 200, admin: 200 };

const UNKNOWN = 'ZZZZ-ZZZZ-ZZZZ';

let code = '';
const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();

/** Invites an account as the demo admin, in an organisation, and accepts the invitation. */
async function inviteAccount(request: APIRequestContext, admin: string, html: string, role: 'learner' | 'coordinator', organisation: string) {
  const m = new RegExp(`<option value="([0-9a-f-]{36})">${organisation}</option>`).exec(html);
  expect(m, organisation).not.toBeNull();
  const email = uniqueEmail(role);
  expect((await request.post('/admin/utenti', { form: { email, role, organisationId: m![1]! }, headers: { Cookie: admin } })).status()).toBe(200);
  const password = 'una-password-lunga-1';
  const accept = await request.post(linkIn((await lastMail(request, email)).text, '/invito/'), { form: { name: 'Persona di Prova', password, confirm: password }, maxRedirects: 0 });
  expect(accept.status()).toBe(302);
  return { email, password };
}

test.beforeAll(async ({ browser }) => {
  const setup = await newClient();
  const admin = await sessionFor(setup, DEMO.admin);
  const html = await (await setup.get('/admin/utenti', { headers: { Cookie: admin } })).text();
  // The holder belongs to the demo coordinator's organisation; the other coordinator does not.
  const owner = await inviteAccount(setup, admin, html, 'learner', 'Prefettura di Lucca');
  const other = await inviteAccount(setup, admin, html, 'coordinator', 'Comune di Camaiore');
  const context = await newContext(browser);
  code = await completeCourseAs(await context.newPage(), owner.email, owner.password);
  await context.close();
  await setup.dispose();

  const accounts: Record<Exclude<Who, 'anon'>, { email: string; password?: string }> = {
    learner: { email: DEMO.learner },
    owner,
    lecturer: { email: DEMO.lecturer },
    coordinator: { email: DEMO.coordinator },
    otherCoordinator: other,
    admin: { email: DEMO.admin },
  };
  for (const who of WHO) {
    const client = await newClient();
    const cookie = who === 'anon' ? '' : await sessionFor(client, accounts[who].email, accounts[who].password);
    clients.set(who, { client, cookie });
  }
});

test.afterAll(async () => {
  for (const { client } of clients.values()) await client.dispose();
});

const matrix = (): Array<{ method: 'GET' | 'POST'; path: string; expect: Record<Who, number>; form?: Record<string, string> }> => [
  { method: 'GET', path: '/attestati', expect: signedIn(200) },
  { method: 'GET', path: `/certificati/${code}.pdf`, expect: ownerOnly },
  { method: 'GET', path: `/certificati/${code.toLowerCase()}.pdf`, expect: ownerOnly },
  { method: 'GET', path: `/certificati/${UNKNOWN}.pdf`, expect: signedIn(404) },
  { method: 'GET', path: `/certificati/${code}`, expect: signedIn(404) },
  { method: 'GET', path: `/certificati/${code}/badge`, expect: ownerOnly },
  { method: 'GET', path: `/certificati/${UNKNOWN}/badge`, expect: signedIn(404) },
  { method: 'GET', path: `/certificati/${code}/revoca`, expect: revokers(200) },
  { method: 'GET', path: `/certificati/${UNKNOWN}/revoca`, expect: signedIn(404) },
  // An empty reason: 400 for those allowed to revoke (so nothing is revoked), 403 for the others.
  { method: 'POST', path: `/certificati/${code}/revoca`, form: { reason: '' }, expect: revokers(400) },
  { method: 'GET', path: '/certificati/gestione', expect: coordinators },
  { method: 'GET', path: '/certificati/verifica', expect: everyone(200) },
  { method: 'GET', path: '/certificati/verifica?codice=abc', expect: everyone(400) },
  { method: 'GET', path: `/certificati/verifica?codice=${code.toLowerCase().replace(/-/g, '')}`, expect: everyone(302) },
  { method: 'GET', path: `/certificati/verifica/${code}`, expect: everyone(200) },
  { method: 'GET', path: `/certificati/verifica/${code.toLowerCase()}`, expect: everyone(301) },
  { method: 'GET', path: `/certificati/verifica/${UNKNOWN}`, expect: everyone(404) },
  { method: 'GET', path: `/certificati/verifica/${code}.json`, expect: everyone(200) },
  { method: 'GET', path: `/certificati/verifica/${UNKNOWN}.json`, expect: everyone(404) },
  { method: 'GET', path: '/certificati/chiavi.json', expect: everyone(200) },
  { method: 'GET', path: '/certificati/emittente', expect: everyone(200) },
];

test('every certificate route answers each role as expected', async () => {
  const failures: string[] = [];
  for (const row of matrix()) {
    const got = {} as Record<Who, number>;
    for (const who of WHO) {
      const { client, cookie } = clients.get(who)!;
      const headers = cookie ? { Cookie: cookie } : undefined;
      const res = row.method === 'GET' ? await client.get(row.path, { headers, maxRedirects: 0 }) : await client.post(row.path, { headers, form: row.form, maxRedirects: 0 });
      got[who] = res.status();
    }
    if (JSON.stringify(got) !== JSON.stringify(row.expect)) failures.push(`${row.method} ${row.path}: got ${JSON.stringify(got)}, expected ${JSON.stringify(row.expect)}`);
  }
  expect(failures).toEqual([]);
  // Nothing in the matrix revoked the certificate.
  const { client } = clients.get('anon')!;
  expect(((await (await client.get(`/certificati/verifica/${code}.json`)).json()) as { status: string }).status).toBe('valid');
});

test('the server has no test hooks: test-only routes do not exist', async () => {
  const { client } = clients.get('anon')!;
  for (const path of ['/test-hooks/complete-course', '/test-hooks/outbox']) {
    expect((await client.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
    expect((await client.post(path, { form: { email: 'x@aula.test' }, maxRedirects: 0 })).status(), path).toBe(404);
  }
});
