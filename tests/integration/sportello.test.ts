/**
 * The front-desk register against the real database and the real content: recording through the
 * route's action (Italian refusals that store nothing, idempotency by form token), the operator's
 * day and audited corrections, the coordinator's scope, small-count suppression, the exports.
 */
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { createSession, type SessionUser } from '~/auth/session.server';
import { getDb, schema } from '~/utils/db.server';
import { action as recordAction } from '~/routes/sportello.nuova';
import { loader as csvLoader } from '~/routes/sportello.indicatori[.csv]';
import { loader as xlsxLoader } from '~/routes/sportello.indicatori[.xlsx]';
import { correctConsultation, myConsultations, newFormToken, recordConsultation, sanitiseNote } from '~/sportello/register.server';
import { getIndicators, topTopicsForScope } from '~/sportello/indicators.server';
import { suppress } from '~/sportello/suppress';
import { monthKey, toLocalInput } from '~/sportello/time';
import type { ConsultationInput } from '~/sportello/forms';
import { routeArgs, seedUser, thrownError } from './helpers';

let units: { network: string; a: string; b: string };
let operator: SessionUser & { token: string };
let coordinator: SessionUser & { token: string };
let coordinatorB: SessionUser;

async function makeUser(role: 'operatore' | 'coordinator', organisationId: string) {
  const u = await seedUser({ role: 'learner' });
  const db = await getDb();
  await db.insert(schema.userRoles).values({ userId: u.id, role, organisationId });
  const { token } = await createSession({ userId: u.id });
  return { id: u.id, email: u.email, name: u.name, locale: null, twoFactor: false, roles: [{ role, organisationId }], token } as SessionUser & { token: string };
}

let previousTotp: string | undefined;
afterAll(() => {
  if (previousTotp === undefined) delete process.env.AULA_TOTP_REQUIRED;
  else process.env.AULA_TOTP_REQUIRED = previousTotp;
});

beforeAll(async () => {
  // The coordinator here has no second factor: on PostgreSQL the default requires one for
  // coordinators (AULA_TOTP_REQUIRED), which would send the export to the enrolment page.
  previousTotp = process.env.AULA_TOTP_REQUIRED;
  process.env.AULA_TOTP_REQUIRED = 'false';
  await importContent({ root: 'content' });
  const db = await getDb();
  const [network] = await db.insert(schema.organisations).values({ name: 'Rete di prova', kind: 'rete' }).returning();
  const [a] = await db.insert(schema.organisations).values({ name: 'Comune A', kind: 'comune', parentId: network!.id }).returning();
  const [b] = await db.insert(schema.organisations).values({ name: 'Comune B', kind: 'comune', parentId: network!.id }).returning();
  units = { network: network!.id, a: a!.id, b: b!.id };
  await db.insert(schema.sportelli).values([
    { id: 'sportello-lumit-camaiore', name: 'Sportello A1', organisationId: a!.id },
    { id: 'mediatore-arabo-camaiore', name: 'Sportello A2', organisationId: a!.id },
    { id: 'sportello-lumit-gallicano', name: 'Sportello B', organisationId: b!.id },
  ]);
  operator = await makeUser('operatore', a!.id);
  coordinator = await makeUser('coordinator', network!.id);
  coordinatorB = await makeUser('coordinator', b!.id);
}, 180_000);

function input(over: Partial<ConsultationInput> = {}): ConsultationInput {
  return {
    token: newFormToken(),
    sportello: 'sportello-lumit-camaiore',
    occurredAt: toLocalInput(new Date()),
    topics: ['famiglia'],
    cards: ['ricongiungimento-familiare'],
    outcome: 'risolto',
    ...over,
  };
}

function post(fields: Record<string, string | string[]>, token = operator.token) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return new Request('http://localhost/sportello/nuova', { method: 'POST', body, headers: { Cookie: `aula_session=${token}`, 'Accept-Language': 'it' } });
}

function formFields(over: Record<string, string | string[]> = {}) {
  return {
    token: newFormToken(),
    sportello: 'sportello-lumit-camaiore',
    occurredAt: toLocalInput(new Date()),
    topics: ['famiglia'],
    cards: ['ricongiungimento-familiare'],
    outcome: 'risolto',
    ...over,
  };
}

async function count() {
  const db = await getDb();
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(schema.consultations);
  return Number(r!.n);
}

/** The action's response: a redirect (thrown) or the refusal data. */
async function submit(fields: Record<string, string | string[]>) {
  try {
    const r = (await recordAction(routeArgs(post(fields)))) as unknown as { data: { errors: Record<string, string>; refused: string | null }; init: { status: number } };
    return { status: r.init.status, errors: r.data.errors, refused: r.data.refused, location: null as string | null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, errors: {}, refused: null, location: e.headers.get('Location') };
    throw e;
  }
}

describe('recording a consultation', () => {
  it('records from the form and redirects to "my day"; the same form sent twice, or twice at once, records once', async () => {
    const before = await count();
    const fields = formFields({ mediation: '1', mediationLanguage: 'ar', nationality: 'MA', sex: 'F', ageBand: '30-44', visit: 'prima' });
    const first = await submit(fields);
    expect(first.status).toBe(302);
    expect(first.location).toMatch(/^\/sportello\?registrata=[0-9a-f-]{36}$/);
    const again = await submit(fields);
    expect(again.location).toMatch(/^\/sportello\?gia=/);
    expect(again.location!.split('=')[1]).toBe(first.location!.split('=')[1]);
    const twin = formFields();
    const both = await Promise.all([submit(twin), submit(twin), submit(twin)]);
    expect(both.every((r) => r.status === 302)).toBe(true);
    expect(await count()).toBe(before + 2);
    const db = await getDb();
    const [row] = await db
      .select()
      .from(schema.consultations)
      .where(eq(schema.consultations.formToken, fields.token as string));
    expect(row).toMatchObject({
      sportelloId: 'sportello-lumit-camaiore',
      topics: ['famiglia'],
      cards: ['ricongiungimento-familiare'],
      mediation: true,
      mediationLanguage: 'ar',
      nationality: 'MA',
      firstVisit: true,
    });
  });

  it('refuses, in Italian and storing nothing, a forged sportello, an unknown topic, card or office, a future date, an oversized note', async () => {
    const before = await count();
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [{ sportello: 'sportello-lumit-gallicano' }, /Non sei assegnato a questo sportello/],
      [{ sportello: 'sportello-inventato' }, /Non sei assegnato a questo sportello/],
      [{ topics: ['famiglia', 'astrologia'] }, /Uno dei temi scelti non esiste/],
      [{ cards: ['scheda-inventata'] }, /Una delle schede indicate non esiste/],
      [{ outcome: 'inviato', referredOffice: 'ufficio-inventato' }, /L’ufficio indicato non è nell’elenco/],
      [{ outcome: 'inviato' }, /Scegli l’ufficio a cui hai inviato la persona/],
      [{ occurredAt: toLocalInput(new Date(Date.now() + 3 * 86_400_000)) }, /La data è nel futuro/],
      [{ occurredAt: '2026-02-30T10:00' }, /La data non è valida/],
      [{ note: 'x'.repeat(501) }, /La nota supera i 500 caratteri/],
      [{ outcome: 'inventato' }, /Scegli l’esito/],
      [{ nationality: 'ZZ' }, /Scegli una cittadinanza dell’elenco/],
      [{ token: 'corto' }, /ricarica la pagina/],
    ];
    for (const [over, message] of cases) {
      const r = await submit(formFields(over));
      expect(r.status, JSON.stringify(over)).toBe(400);
      const { translate } = await import('~/i18n/i18n');
      const text = r.refused ? translate('it', r.refused as never) : Object.values(r.errors).join(' ');
      expect(text, JSON.stringify(over)).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it('a learner cannot record (403), and a token already used by another operator is refused', async () => {
    const learner = await seedUser({ role: 'learner' });
    const { token } = await createSession({ userId: learner.id });
    const denied = await thrownError(recordAction(routeArgs(post(formFields(), token))));
    expect(denied.status).toBe(403);
    const other = await makeUser('operatore', units.a);
    const shared = input();
    expect((await recordConsultation({ user: operator, input: shared })).ok).toBe(true);
    expect(await recordConsultation({ user: other, input: shared })).toEqual({ ok: false, reason: 'tokenUsed' });
  });

  it('strips e-mail addresses, phone numbers and fiscal codes from the note before storing it', async () => {
    expect(sanitiseNote('Scrivere a mario.rossi@example.it o chiamare +39 333 123 4567 / 0583-424492, CF RSSMRA80A01H501U. Torna lunedì 12')).toBe(
      'Scrivere a [e-mail rimossa] o chiamare [telefono rimosso] / [telefono rimosso], CF [codice rimosso]. Torna lunedì 12',
    );
    const r = await recordConsultation({ user: operator, input: input({ note: 'tel. 333 1234567' }) });
    const db = await getDb();
    const [row] = await db
      .select({ note: schema.consultations.note })
      .from(schema.consultations)
      .where(eq(schema.consultations.id, r.ok ? r.id : ''));
    expect(row!.note).toBe('tel. [telefono rimosso]');
  });

  it('gives a random follow-up code only for "da richiamare", when asked', async () => {
    const yes = await recordConsultation({ user: operator, input: input({ outcome: 'da_richiamare', followUp: '1' }) });
    const no = await recordConsultation({ user: operator, input: input({ outcome: 'risolto', followUp: '1' }) });
    const db = await getDb();
    const codes = await db.select({ id: schema.consultations.id, code: schema.consultations.followUpCode }).from(schema.consultations);
    expect(codes.find((c) => yes.ok && c.id === yes.id)!.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(codes.find((c) => no.ok && c.id === no.id)!.code).toBeNull();
  });
});

describe('my day and corrections', () => {
  it('lists the operator’s consultations of today; a same-day correction is plain, a later one is audited', async () => {
    const r = await recordConsultation({ user: operator, input: input({ topics: ['salute'], cards: [] }) });
    if (!r.ok) throw new Error(r.reason);
    const day = await myConsultations({ user: operator });
    expect(day.today.map((c) => c.id)).toContain(r.id);
    const other = await makeUser('operatore', units.a);
    expect((await myConsultations({ user: other })).today).toEqual([]);
    expect(await correctConsultation({ user: other, id: r.id, input: input({ token: 'x'.repeat(20) }) })).toEqual({ ok: false, reason: 'notFound' });
    const same = await correctConsultation({ user: operator, id: r.id, input: input({ token: 'x'.repeat(20), outcome: 'appuntamento', topics: ['salute'], cards: [] }) });
    expect(same).toEqual({ ok: true, audited: false });
    const tomorrow = new Date(Date.now() + 86_400_000);
    const later = await correctConsultation({ user: operator, id: r.id, now: tomorrow, input: input({ token: 'x'.repeat(20), outcome: 'risolto', topics: ['salute'], cards: [] }) });
    expect(later).toEqual({ ok: true, audited: true });
    const db = await getDb();
    const audit = await db.select().from(schema.auditLog).where(eq(schema.auditLog.target, r.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: operator.id, action: 'sportello.consultation.correct' });
    expect(JSON.parse(audit[0]!.data!).changed).toEqual(['outcome']);
  });
});

describe('indicators', () => {
  it('hides every count under 5, and the next smallest cell when one hidden cell could be worked out from the total', () => {
    expect(
      suppress([
        { key: 'a', count: 12 },
        { key: 'b', count: 4 },
        { key: 'c', count: 0 },
      ]),
    ).toEqual([
      { key: 'a', count: null },
      { key: 'b', count: null },
      { key: 'c', count: 0 },
    ]);
    expect(
      suppress([
        { key: 'a', count: 12 },
        { key: 'b', count: 6 },
        { key: 'c', count: 1 },
        { key: 'd', count: 5 },
      ]),
    ).toEqual([
      { key: 'a', count: 12 },
      { key: 'b', count: 6 },
      { key: 'c', count: null },
      { key: 'd', count: null },
    ]);
    expect(
      suppress([
        { key: 'a', count: 3 },
        { key: 'b', count: 2 },
        { key: 'c', count: 9 },
      ]),
    ).toEqual([
      { key: 'a', count: null },
      { key: 'b', count: null },
      { key: 'c', count: 9 },
    ]);
  });

  it('a coordinator sees the sportelli of their subtree, with "< 5" for small counts; another subtree is not theirs', async () => {
    const b = await makeUser('operatore', units.b);
    for (let i = 0; i < 3; i++) await recordConsultation({ user: b, input: input({ sportello: 'sportello-lumit-gallicano', topics: ['asilo'], cards: [] }) });
    const month = monthKey(new Date());
    const period = { from: month, to: month };
    const all = await getIndicators({ user: coordinator, period });
    if (!all.ok) throw new Error(all.reason);
    const ind = all.indicators;
    expect(ind.sportelli.map((s) => s.id).sort()).toEqual(['mediatore-arabo-camaiore', 'sportello-lumit-camaiore', 'sportello-lumit-gallicano']);
    expect(ind.total).toBeGreaterThanOrEqual(10);
    expect(ind.bySportello.find((c) => c.key === 'sportello-lumit-gallicano')!.count).toBeNull();
    expect(ind.byTopic.find((c) => c.key === 'asilo')!.count).toBeNull();
    expect(ind.byTopic.find((c) => c.key === 'famiglia')!.count).toBeGreaterThanOrEqual(5);
    const everyCount = [ind.total, ind.mediation, ...Object.values(ind).flatMap((v) => (Array.isArray(v) ? v.map((c: { count?: number | null }) => c.count) : []))];
    expect(everyCount.filter((n): n is number => typeof n === 'number' && n > 0 && n < 5)).toEqual([]);
    const onlyB = await getIndicators({ user: coordinatorB, period });
    expect(onlyB.ok && onlyB.indicators.sportelli.map((s) => s.id)).toEqual(['sportello-lumit-gallicano']);
    expect(await getIndicators({ user: coordinatorB, period, sportello: 'sportello-lumit-camaiore' })).toEqual({ ok: false, reason: 'sportello' });
    const top = await topTopicsForScope({ user: coordinator, period });
    expect(top.topics[0]).toMatchObject({ key: 'famiglia' });
    expect(top.cards[0]).toMatchObject({ slug: 'ricongiungimento-familiare', module: { courseSlug: 'dream' } });
  });

  it('exports CSV for Italian Excel (BOM, ";") and XLSX, with "< 5" and nothing smaller', async () => {
    const cookie = { Cookie: `aula_session=${coordinator.token}`, 'Accept-Language': 'it' };
    const month = monthKey(new Date());
    const csv = (await csvLoader(routeArgs(new Request(`http://localhost/sportello/indicatori.csv?da=${month}&a=${month}`, { headers: cookie })))) as Response;
    expect(csv.headers.get('Content-Type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('Sezione;Voce;Consulenze');
    expect(text).toMatch(/Consulenze per sportello;Sportello B;< 5/);
    // Every count of consultations is 0, 5 or more, or "< 5" (the number of sportelli is not a count of people).
    expect(text.split('\r\n').filter((l) => /;[1-4]$/.test(l) && !l.startsWith('Riepilogo;Sportelli;'))).toEqual([]);
    const xlsx = (await xlsxLoader(routeArgs(new Request(`http://localhost/sportello/indicatori.xlsx?trimestre=2026-T4`, { headers: cookie })))) as Response;
    expect(xlsx.headers.get('Content-Disposition')).toMatch(/fami-2026-T4\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const summary = book.worksheets[0]!;
    expect(summary.name).toBe('Riepilogo');
    expect(summary.getRow(1).font?.bold).toBe(true);
    const cells = summary
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? row : []))
      .map(String);
    expect(cells.some((c) => /Trimestre/.test(c))).toBe(true);
    expect(book.worksheets.length).toBeGreaterThan(1);
    const learner = await seedUser({ role: 'learner' });
    const { token } = await createSession({ userId: learner.id });
    const denied = await thrownError(csvLoader(routeArgs(new Request('http://localhost/sportello/indicatori.csv', { headers: { Cookie: `aula_session=${token}` } }))));
    expect(denied.status).toBe(403);
  });
});
