/**
 * The authorization matrix of the front-desk register (issue 17): every route requested as
 * anonymous, learner, lecturer, coordinator, admin and the demo operator (role `operatore` on the
 * Comune di Camaiore, whose two desks are theirs), with the status each must get.
 */
import { type APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO, newClient, sessionFor } from './support';

const OPERATOR = 'operatore@aula.test';
type Who = 'anon' | 'learner' | 'lecturer' | 'coordinator' | 'admin' | 'operator';
const WHO: Who[] = ['anon', 'learner', 'lecturer', 'coordinator', 'admin', 'operator'];
const ZERO = '00000000-0000-0000-0000-000000000000';
/** Operators (and admins, who pass every role check): the others get 403, anonymous visitors the login page. */
const operators = (status: number, admin = status): Record<Who, number> => ({ anon: 302, learner: 403, lecturer: 403, coordinator: 403, admin, operator: status });
/** Indicators: coordinators, operators and admins. */
const indicators = (status: number, operator = status): Record<Who, number> => ({ anon: 302, learner: 403, lecturer: 403, coordinator: status, admin: status, operator });

export const MATRIX: Array<{ method: 'GET' | 'POST'; path: string; expect: Record<Who, number>; form?: Record<string, string> }> = [
  { method: 'GET', path: '/sportello', expect: operators(200) },
  { method: 'GET', path: '/sportello?registrata=non-un-id', expect: operators(200) },
  { method: 'GET', path: '/sportello/nuova', expect: operators(200) },
  { method: 'GET', path: '/sportello/nuova?scheda=ricongiungimento-familiare', expect: operators(200) },
  { method: 'GET', path: '/sportello/nuova?scheda=..%2F..%2Fetc', expect: operators(200) },
  { method: 'POST', path: '/sportello/nuova', form: { token: 'corto', outcome: 'risolto' }, expect: operators(400) },
  // A forged sportello: refused before anything is stored.
  {
    method: 'POST',
    path: '/sportello/nuova',
    form: { token: 'matrice-autorizzazioni-0001', sportello: 'sportello-lumit-gallicano', occurredAt: '2026-01-05T10:00', topics: 'famiglia', outcome: 'risolto' },
    expect: operators(400),
  },
  { method: 'GET', path: `/sportello/consulenze/${ZERO}`, expect: operators(404) },
  { method: 'GET', path: '/sportello/consulenze/non-un-id', expect: operators(404) },
  { method: 'POST', path: `/sportello/consulenze/${ZERO}`, form: { outcome: 'risolto' }, expect: operators(400) },
  { method: 'GET', path: '/sportello/indicatori', expect: indicators(200) },
  { method: 'GET', path: '/sportello/indicatori?trimestre=2026-T3', expect: indicators(200) },
  { method: 'GET', path: '/sportello/indicatori?da=2026-13', expect: indicators(400) },
  { method: 'GET', path: '/sportello/indicatori?da=2026-09&a=2026-01', expect: indicators(400) },
  // Gallicano is in the coordinator's network, not among the operator's desks.
  { method: 'GET', path: '/sportello/indicatori?sportello=sportello-lumit-gallicano', expect: indicators(200, 404) },
  { method: 'GET', path: '/sportello/indicatori.csv', expect: indicators(200) },
  { method: 'GET', path: '/sportello/indicatori.csv?trimestre=2026-T3', expect: indicators(200) },
  { method: 'GET', path: '/sportello/indicatori.xlsx?trimestre=2026-T3', expect: indicators(200) },
  { method: 'GET', path: '/sportello/indicatori.xlsx?trimestre=2026-T5', expect: indicators(400) },
  { method: 'GET', path: '/sportello/indicatori.csv?sportello=sportello-lumit-gallicano', expect: indicators(200, 404) },
  { method: 'POST', path: '/sportello/indicatori', form: { da: '2026-01' }, expect: { anon: 405, learner: 405, lecturer: 405, coordinator: 405, admin: 405, operator: 405 } },
  // The operator's role opens nothing else.
  { method: 'GET', path: '/admin', expect: { anon: 302, learner: 403, lecturer: 403, coordinator: 403, admin: 200, operator: 403 } },
  { method: 'GET', path: '/docente/statistiche', expect: { anon: 302, learner: 403, lecturer: 200, coordinator: 403, admin: 200, operator: 403 } },
  { method: 'GET', path: '/biblioteca/ricongiungimento-familiare', expect: { anon: 302, learner: 200, lecturer: 200, coordinator: 200, admin: 200, operator: 200 } },
];

const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();

test.beforeAll(async () => {
  for (const who of WHO) {
    const client = await newClient();
    const email = who === 'operator' ? OPERATOR : who === 'anon' ? '' : DEMO[who];
    clients.set(who, { client, cookie: email ? await sessionFor(client, email) : '' });
  }
});

test.afterAll(async () => {
  for (const { client } of clients.values()) await client.dispose();
});

for (const row of MATRIX) {
  test(`${row.method} ${row.path}${row.form ? ` ${JSON.stringify(row.form)}` : ''} answers each role as expected`, async () => {
    const got: Record<string, number> = {};
    for (const who of WHO) {
      const { client, cookie } = clients.get(who)!;
      const headers = cookie ? { Cookie: cookie } : undefined;
      const res = row.method === 'GET' ? await client.get(row.path, { headers, maxRedirects: 0 }) : await client.post(row.path, { headers, form: row.form, maxRedirects: 0 });
      got[who] = res.status();
      if (res.status() === 302) expect(res.headers()['location'], `${who} ${row.path}`).toMatch(/^\/login\?redirectTo=/);
    }
    expect(got).toEqual(row.expect);
  });
}
