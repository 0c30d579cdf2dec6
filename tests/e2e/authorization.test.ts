/**
 * The authorization matrix: every route requested as anonymous, learner, lecturer, coordinator and
 * admin, with the status each must get. Later issues add their routes here.
 */
import { type APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO, newClient, sessionFor, type DemoRole } from './support';

type Who = 'anon' | DemoRole;
const WHO: Who[] = ['anon', 'learner', 'lecturer', 'coordinator', 'admin'];
const signedIn = (status: number) => ({ anon: 302, learner: status, lecturer: status, coordinator: status, admin: status });
const adminOnly = { anon: 302, learner: 403, lecturer: 403, coordinator: 403, admin: 200 };
const lecturers = (status: number) => ({ anon: 302, learner: 403, lecturer: status, coordinator: 403, admin: status });
const NO_ATTEMPT = '/corsi/dream/fonti-attori-competenze/quiz/00000000-0000-0000-0000-000000000000';
const ZERO = '00000000-0000-0000-0000-000000000000';
const coordinators = (status: number) => ({ anon: 302, learner: 403, lecturer: 403, coordinator: status, admin: status });
const everyone = (status: number) => ({ anon: status, learner: status, lecturer: status, coordinator: status, admin: status });

export const MATRIX: Array<{ method: 'GET' | 'POST'; path: string; expect: Record<Who, number>; form?: Record<string, string> }> = [
  { method: 'GET', path: '/', expect: everyone(200) },
  { method: 'GET', path: '/healthz', expect: everyone(200) },
  { method: 'GET', path: '/login', expect: { anon: 200, learner: 302, lecturer: 302, coordinator: 302, admin: 302 } },
  { method: 'GET', path: '/password-dimenticata', expect: everyone(200) },
  { method: 'GET', path: '/reimposta-password/token-inesistente', expect: everyone(200) },
  { method: 'GET', path: '/invito/token-inesistente', expect: everyone(200) },
  { method: 'GET', path: '/corsi', expect: signedIn(200) },
  { method: 'GET', path: '/corsi/dream', expect: signedIn(200) },
  { method: 'GET', path: '/corsi/dream/fonti-attori-competenze', expect: signedIn(200) },
  { method: 'GET', path: '/corsi/dream/modulo-inesistente', expect: signedIn(404) },
  { method: 'GET', path: '/corsi/corso-inesistente', expect: signedIn(404) },
  { method: 'GET', path: '/profilo', expect: signedIn(200) },
  { method: 'GET', path: '/biblioteca/glossario', expect: signedIn(200) },
  { method: 'GET', path: '/admin/utenti', expect: adminOnly },
  { method: 'POST', path: '/admin/utenti', form: { email: 'non-inviato@aula.test', role: 'admin' }, expect: { ...adminOnly, admin: 400 } },
  { method: 'POST', path: '/corsi/dream/fonti-attori-competenze', form: { intent: 'sconosciuto' }, expect: signedIn(400) },
  { method: 'GET', path: '/corsi/dream/fonti-attori-competenze/quiz', expect: signedIn(200) },
  { method: 'GET', path: '/corsi/dream/fonti-attori-competenze/aggiornamento', expect: signedIn(200) },
  { method: 'GET', path: '/corsi/dream/modulo-inesistente/aggiornamento', expect: signedIn(404) },
  { method: 'GET', path: '/corsi/dream/modulo-inesistente/quiz', expect: signedIn(404) },
  { method: 'POST', path: '/corsi/dream/fonti-attori-competenze/quiz', form: { intent: 'sconosciuto' }, expect: signedIn(400) },
  { method: 'GET', path: NO_ATTEMPT, expect: signedIn(404) },
  { method: 'POST', path: NO_ATTEMPT, form: { intent: 'submit' }, expect: signedIn(400) },
  { method: 'GET', path: '/docente/statistiche', expect: lecturers(200) },
  { method: 'GET', path: '/docente/statistiche/00000000-0000-0000-0000-000000000000', expect: lecturers(404) },
  { method: 'GET', path: '/docente/statistiche/00000000-0000-0000-0000-000000000000/csv', expect: lecturers(404) },
  // Issue 14: the lecturers' studio (lecturers and admins only; learners and coordinators never reach it).
  { method: 'GET', path: '/studio', expect: lecturers(200) },
  { method: 'GET', path: `/studio/moduli/${ZERO}`, expect: lecturers(404) },
  { method: 'GET', path: '/studio/moduli/non-un-id', expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}`, form: { intent: 'save', source: 'x', quizSource: '', revision: '0' }, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}?prova=intento`, form: { intent: 'sconosciuto' }, expect: lecturers(400) },
  { method: 'GET', path: `/studio/moduli/${ZERO}/versioni`, expect: lecturers(404) },
  { method: 'GET', path: `/studio/moduli/${ZERO}/quiz`, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}/quiz`, form: { intent: 'remove', index: '0', revision: '0' }, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}/quiz?prova=intento`, form: { intent: 'sconosciuto' }, expect: lecturers(400) },
  { method: 'GET', path: `/studio/moduli/${ZERO}/quiz/anteprima`, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}/versioni`, form: { intent: 'restore', versionId: ZERO }, expect: lecturers(404) },
  // The review workflow: the reviewer's page (read by lecturers; comments and decisions need the revisore role, checked in the domain).
  { method: 'GET', path: `/studio/moduli/${ZERO}/revisione`, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}/revisione`, form: { intent: 'approve', revision: '1', message: '' }, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}/revisione?prova=intento`, form: { intent: 'sconosciuto' }, expect: lecturers(404) },
  { method: 'POST', path: `/studio/moduli/${ZERO}?invio=revisione`, form: { intent: 'submitReview', revision: '1' }, expect: lecturers(409) },
  // Issue 15: administration, single sign-on, two-step verification, sessions, privacy.
  { method: 'GET', path: '/admin', expect: adminOnly },
  { method: 'GET', path: '/admin/utenti?role=coordinator&status=active', expect: adminOnly },
  { method: 'GET', path: `/admin/utenti/${ZERO}`, expect: { ...adminOnly, admin: 404 } },
  { method: 'POST', path: `/admin/utenti/${ZERO}`, form: { intent: 'deactivate' }, expect: { ...adminOnly, admin: 404 } },
  { method: 'POST', path: '/admin/utenti?invito=annulla', form: { intent: 'cancel', ref: '0000000000000000' }, expect: { ...adminOnly, admin: 409 } },
  { method: 'GET', path: '/admin/organizzazioni', expect: adminOnly },
  { method: 'POST', path: '/admin/organizzazioni', form: { intent: 'retire', id: ZERO }, expect: { ...adminOnly, admin: 404 } },
  { method: 'GET', path: '/admin/impostazioni', expect: adminOnly },
  { method: 'POST', path: '/admin/impostazioni', form: { intent: 'save', siteName: 'x'.repeat(500) }, expect: { ...adminOnly, admin: 400 } },
  { method: 'GET', path: '/admin/registro?action=user', expect: adminOnly },
  { method: 'GET', path: '/admin/registro.csv', expect: adminOnly },
  { method: 'GET', path: '/admin/privacy', expect: adminOnly },
  { method: 'POST', path: '/admin/privacy', form: { requestId: ZERO, decision: 'approve', reason: 'prova di autorizzazione' }, expect: { ...adminOnly, admin: 409 } },
  { method: 'GET', path: '/profilo/sessioni', expect: signedIn(200) },
  { method: 'POST', path: '/profilo/sessioni', form: { ref: 'non-valido' }, expect: signedIn(400) },
  { method: 'GET', path: '/profilo/due-fattori', expect: signedIn(200) },
  { method: 'POST', path: '/profilo/due-fattori', form: { intent: 'confirm', code: '000' }, expect: signedIn(400) },
  { method: 'GET', path: '/profilo/privacy', expect: signedIn(200) },
  { method: 'POST', path: '/profilo/privacy', form: { intent: 'withdraw', requestId: ZERO }, expect: signedIn(409) },
  { method: 'GET', path: '/profilo/privacy/dati.zip', expect: signedIn(200) },
  { method: 'GET', path: '/login/verifica', expect: everyone(302) },
  { method: 'GET', path: '/auth/oidc/inesistente', expect: everyone(404) },
  { method: 'GET', path: '/auth/oidc/ente/callback?code=x&state=inventato', expect: everyone(400) },
  // Issue 13: the coordinator's workspace (admins pass every role check and see the whole tree).
  { method: 'GET', path: '/coordinamento', expect: coordinators(200) },
  { method: 'GET', path: `/coordinamento?unitId=${ZERO}`, expect: coordinators(404) },
  { method: 'GET', path: '/coordinamento/persone?status=overdue', expect: coordinators(200) },
  { method: 'GET', path: `/coordinamento/persone?unitId=${ZERO}`, expect: coordinators(404) },
  { method: 'POST', path: '/coordinamento/persone', form: { intent: 'remind', courseId: ZERO, userId: ZERO }, expect: coordinators(404) },
  { method: 'POST', path: '/coordinamento/persone?iscrizione=1', form: { intent: 'enrol', email: 'non-valida', name: 'X' }, expect: coordinators(400) },
  { method: 'GET', path: `/coordinamento/persone/${ZERO}`, expect: coordinators(404) },
  { method: 'POST', path: `/coordinamento/persone/${ZERO}`, form: { intent: 'remove' }, expect: coordinators(404) },
  { method: 'GET', path: `/coordinamento/persone/${ZERO}/attestati/${ZERO}`, expect: coordinators(404) },
  { method: 'GET', path: '/coordinamento/iscrizioni', expect: coordinators(200) },
  { method: 'GET', path: `/coordinamento/iscrizioni?lotto=${ZERO}`, expect: coordinators(404) },
  { method: 'POST', path: '/coordinamento/iscrizioni', form: { intent: 'commit', batchId: ZERO }, expect: coordinators(409) },
  { method: 'GET', path: '/coordinamento/assegnazioni', expect: coordinators(200) },
  { method: 'POST', path: '/coordinamento/assegnazioni', form: { intent: 'assignUnit', courseId: ZERO, unitId: ZERO, dueOn: '2030-01-31' }, expect: coordinators(404) },
  // Issue 14: law-change updates on the coordinators' side (who is up to date, assigning the update with a due day).
  { method: 'GET', path: '/coordinamento/aggiornamenti', expect: coordinators(200) },
  { method: 'GET', path: `/coordinamento/aggiornamenti/${ZERO}`, expect: coordinators(404) },
  { method: 'GET', path: '/coordinamento/aggiornamenti/non-un-id', expect: coordinators(404) },
  { method: 'POST', path: `/coordinamento/aggiornamenti/${ZERO}`, form: { intent: 'assignAll', dueOn: '2030-01-31' }, expect: coordinators(404) },
  { method: 'POST', path: `/coordinamento/aggiornamenti/${ZERO}?prova=data`, form: { intent: 'assignAll', dueOn: '31/01/2030' }, expect: coordinators(400) },
  { method: 'GET', path: '/coordinamento/esporta?format=csv', expect: coordinators(200) },
  { method: 'GET', path: '/coordinamento/esporta?format=xlsx&kind=unita', expect: coordinators(200) },
  { method: 'GET', path: `/coordinamento/esporta?format=excel&unitId=${ZERO}`, expect: coordinators(404) },
  { method: 'GET', path: '/coordinamento/esporta?format=pdf', expect: coordinators(400) },
  // Studio images: lecturers upload; the images themselves are public, addressed by their hash.
  { method: 'GET', path: '/studio/immagini', expect: lecturers(200) },
  // The library in the studio: add a card, retire one (a forged id is 404).
  { method: 'GET', path: '/studio/biblioteca/nuova', expect: lecturers(200) },
  { method: 'POST', path: '/studio/biblioteca/nuova', form: { slug: 'Non Valido!', title: 'Prova' }, expect: lecturers(400) },
  { method: 'POST', path: `/studio/moduli/${ZERO}?prova=ritiro`, form: { intent: 'retire' }, expect: lecturers(404) },
  { method: 'POST', path: '/studio/immagini', form: { alt: 'Descrizione' }, expect: lecturers(400) },
  // Issue 14: the course outline, and content as zip files (export, import with a dry run).
  { method: 'GET', path: '/studio/corsi/dream', expect: lecturers(200) },
  { method: 'GET', path: '/studio/corsi/corso-inesistente', expect: lecturers(404) },
  { method: 'POST', path: '/studio/corsi/dream', form: { intent: 'up', slug: 'fonti-attori-competenze', base: 'non-un-id' }, expect: lecturers(400) },
  // A stale (here: invented) course.yaml version: a conflict, nothing changes.
  { method: 'POST', path: '/studio/corsi/dream?prova=versione', form: { intent: 'down', slug: 'fonti-attori-competenze', base: ZERO }, expect: lecturers(409) },
  { method: 'POST', path: '/studio/corsi/corso-inesistente', form: { intent: 'create', newSlug: 'nuovo', title: 'Nuovo' }, expect: lecturers(404) },
  { method: 'GET', path: '/studio/esporta/biblioteca.zip', expect: lecturers(200) },
  { method: 'GET', path: '/studio/esporta/corsi/dream', expect: lecturers(200) },
  { method: 'GET', path: '/studio/esporta/corsi/corso-inesistente', expect: lecturers(404) },
  { method: 'GET', path: '/studio/importa', expect: lecturers(200) },
  { method: 'POST', path: '/studio/importa', form: { intent: 'check' }, expect: lecturers(400) },
  { method: 'POST', path: '/studio/importa?prova=non-zip', form: { intent: 'apply', zip: 'bm9uIMOoIHVubyB6aXA=' }, expect: lecturers(415) },
  { method: 'GET', path: `/media/${'0'.repeat(64)}.png`, expect: everyone(404) },
  // The learner's calendar feed: the private token is the credential (no session); unknown or revoked, 404.
  { method: 'GET', path: `/calendario/${'a'.repeat(32)}/scadenze.ics`, expect: everyone(404) },
  { method: 'GET', path: '/calendario/non-un-token/scadenze.ics', expect: everyone(404) },
  { method: 'POST', path: '/corsi', form: { intent: 'sconosciuto' }, expect: signedIn(400) },
  { method: 'GET', path: '/privacy', expect: everyone(200) },
  { method: 'GET', path: '/accessibilita', expect: everyone(200) },
];

const clients = new Map<Who, { client: APIRequestContext; cookie: string }>();

test.beforeAll(async () => {
  for (const who of WHO) {
    const client = await newClient();
    const cookie = who === 'anon' ? '' : await sessionFor(client, DEMO[who]);
    clients.set(who, { client, cookie });
  }
});

test.afterAll(async () => {
  for (const { client } of clients.values()) await client.dispose();
});

for (const row of MATRIX) {
  test(`${row.method} ${row.path} answers each role as expected`, async () => {
    const got: Record<string, number> = {};
    for (const who of WHO) {
      const { client, cookie } = clients.get(who)!;
      const headers = cookie ? { Cookie: cookie } : undefined;
      const form = row.form ? { ...row.form, ...(row.path === '/admin/utenti' ? { email: 'non-valida' } : {}) } : undefined;
      const res = row.method === 'GET' ? await client.get(row.path, { headers, maxRedirects: 0 }) : await client.post(row.path, { headers, form, maxRedirects: 0 });
      got[who] = res.status();
    }
    expect(got).toEqual(row.expect);
  });
}
