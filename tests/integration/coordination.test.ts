import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema } from '~/utils/db.server';
import { getDashboard } from '~/coordination/dashboard.server';
import { enrolPerson, listPeople, removePerson } from '~/coordination/people.server';
import { assignCourse, exemptPeople, remindPeople } from '~/coordination/assignments.server';
import { getPersonDetail, recordTraining } from '~/coordination/person.server';
import { sendDueReminders } from '~/coordination/reminders.server';
import { closeTransport, deliverDue } from '~/mail/delivery.server';
import { SmtpSink } from '../support/smtp-sink';
import { exportPeople, exportUnits } from '~/coordination/export.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { uniqueEmail } from './helpers';
import { twoNetworks } from './coordination-helpers';

const slug = uniqueSlug('coord');
let courseId: string;
beforeAll(async () => {
  await importContent({ root: makeContent(slug) });
  const db = await getDb();
  courseId = (await db.select().from(schema.courses).where(eq(schema.courses.slug, slug)))[0]!.id;
});

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function text(stream: ReadableStream<Uint8Array> | null) {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe('coordination: scope', () => {
  it('the dashboard counts only the scope; a unit of another network is notFound', async () => {
    const n = await twoNetworks();
    await assignCourse({ actorId: n.coordinator.id, courseId, unitId: n.a1.id, dueOn: isoDay(new Date(Date.now() + 30 * DAY)) });
    const d = await getDashboard({ actorId: n.coordinator.id, courseId });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.rows.map((r) => r.id)).toEqual([n.a.id]);
    expect(d.totals).toMatchObject({ people: 1, assigned: 1, completed: 0 });
    const down = await getDashboard({ actorId: n.coordinator.id, unitId: n.a.id, courseId });
    expect(down.ok && down.rows.map((r) => [r.id, r.people])).toEqual([
      [n.a1.id, 1],
      [n.a2.id, 0],
    ]);
    expect(await getDashboard({ actorId: n.coordinator.id, unitId: n.b1.id })).toEqual({ ok: false, reason: 'notFound' });
    const people = await listPeople({ actorId: n.coordinator.id, filters: { courseId } });
    expect(people.ok && people.people.map((p) => p.id)).toEqual([n.pA1.id]);
    expect(await listPeople({ actorId: n.coordinator.id, filters: { unitId: n.b1.id } })).toEqual({ ok: false, reason: 'notFound' });
  });

  it('a forged id outside the scope changes nothing', async () => {
    const n = await twoNetworks();
    const db = await getDb();
    const email = uniqueEmail('forgiato');
    expect(await enrolPerson({ actorId: n.coordinator.id, input: { email, name: 'Intrusa', organisationId: n.b1.id } })).toEqual({ ok: false, reason: 'notFound' });
    expect(await db.select().from(schema.users).where(eq(schema.users.email, email))).toHaveLength(0);
    expect(await assignCourse({ actorId: n.coordinator.id, courseId, userIds: [n.pA1.id, n.pB1.id], dueOn: '2030-01-01' })).toEqual({ ok: false, reason: 'notFound' });
    expect(await assignCourse({ actorId: n.coordinator.id, courseId, unitId: n.b.id, dueOn: '2030-01-01' })).toEqual({ ok: false, reason: 'notFound' });
    expect(
      await db
        .select()
        .from(schema.enrolments)
        .where(eq(schema.enrolments.courseId, courseId))
        .then((r) => r.filter((e) => [n.pA1.id, n.pB1.id].includes(e.userId))),
    ).toHaveLength(0);
    expect(await removePerson({ actorId: n.coordinator.id, userId: n.pB1.id })).toEqual({ ok: false, reason: 'notFound' });
    expect(await db.select().from(schema.memberships).where(eq(schema.memberships.userId, n.pB1.id))).toHaveLength(1);
    expect(await recordTraining({ actorId: n.coordinator.id, userId: n.pB1.id, input: { title: 'X', provider: 'Y', completedOn: '2026-01-01', hours: 3 } })).toEqual({ ok: false, reason: 'notFound' });
    expect(await exemptPeople({ actorId: n.coordinator.id, courseId, userIds: [n.pB1.id], reason: 'prova' })).toEqual({ ok: false, reason: 'notFound' });
    expect(await getPersonDetail({ actorId: n.coordinator.id, userId: n.pB1.id })).toBeNull();
    expect(await exportPeople({ actorId: n.coordinator.id, filters: { unitId: n.b1.id }, format: 'csv', locale: 'it' })).toBeNull();
    const csv = await text(await exportPeople({ actorId: n.coordinator.id, filters: {}, format: 'csv', locale: 'it' }));
    expect(csv).toContain('Alda Merini');
    expect(csv).not.toContain('Bruno Neri');
  });
});

describe('coordination: enrolment and assignments', () => {
  it('a new person gets an account without password and one invitation; a repeat changes nothing', async () => {
    const n = await twoNetworks();
    const db = await getDb();
    const email = uniqueEmail('nuova');
    const first = await enrolPerson({ actorId: n.coordinator.id, input: { email, name: 'Nuova Persona', organisationId: n.a2.id, fiscalCode: 'RSSMRA85T10A562S' } });
    expect(first).toMatchObject({ ok: true, outcome: 'created' });
    const again = await enrolPerson({ actorId: n.coordinator.id, input: { email: email.toUpperCase(), name: 'Nuova Persona', organisationId: n.a2.id } });
    expect(again).toMatchObject({ ok: true, outcome: 'unchanged' });
    const mails = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.to, email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.template).toBe('invite');
    const [u] = await db.select().from(schema.users).where(eq(schema.users.email, email));
    expect(u!.passwordHash).toBeNull();
  });

  it('a unit assignment covers people who join later; exemption and completion change the status', async () => {
    const n = await twoNetworks();
    const due = isoDay(new Date(Date.now() + 20 * DAY));
    const assigned = await assignCourse({ actorId: n.coordinator.id, courseId, unitId: n.a.id, dueOn: due });
    expect(assigned).toEqual({ ok: true, count: 1 });
    const later = await enrolPerson({ actorId: n.coordinator.id, input: { email: uniqueEmail('dopo'), name: 'Arrivata Dopo', organisationId: n.a2.id } });
    const detail = await getPersonDetail({ actorId: n.coordinator.id, userId: later.ok ? later.userId : '' });
    expect(detail!.courses).toMatchObject([{ courseId, status: 'assigned', dueOn: due }]);
    await exemptPeople({ actorId: n.coordinator.id, courseId, userIds: [n.pA1.id], reason: 'In congedo fino a giugno' });
    const exempted = await getPersonDetail({ actorId: n.coordinator.id, userId: n.pA1.id });
    expect(exempted!.courses[0]).toMatchObject({ status: 'exempted', exemption: 'In congedo fino a giugno' });
    const overdue = await getDashboard({ actorId: n.coordinator.id, courseId, now: new Date(Date.now() + 40 * DAY) });
    expect(overdue.ok && overdue.totals).toMatchObject({ people: 2, overdue: 1, exempted: 1 });
  });

  it('training done elsewhere counts in the ledger and the hours of the year', async () => {
    const n = await twoNetworks();
    const today = isoDay(new Date());
    expect(await recordTraining({ actorId: n.coordinator.id, userId: n.pA1.id, input: { title: 'Privacy e GDPR', provider: 'SNA', completedOn: today, hours: 12.5 } })).toEqual({ ok: true });
    const detail = await getPersonDetail({ actorId: n.coordinator.id, userId: n.pA1.id });
    expect(detail!.hoursThisYear).toBe(12.5);
    expect(detail!.ledger).toMatchObject([{ kind: 'external', title: 'Privacy e GDPR', hours: 12.5 }]);
    const d = await getDashboard({ actorId: n.coordinator.id });
    expect(d.ok && d.totals.hours).toBe(12.5);
    const db = await getDb();
    expect(
      await db
        .select()
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.action, 'coordination.training.record'), eq(schema.auditLog.target, n.pA1.id))),
    ).toHaveLength(1);
  });
});

describe('coordination: reminders', () => {
  it('exactly one 7-day reminder per assignment, none for a completed or exempted learner', async () => {
    const n = await twoNetworks();
    const exempt = await n.person(n.a1.id, 'Esonerata');
    const now = new Date('2030-03-10T09:00:00Z');
    await assignCourse({ actorId: n.coordinator.id, courseId, userIds: [n.pA1.id, exempt.id], dueOn: '2030-03-17' });
    await exemptPeople({ actorId: n.coordinator.id, courseId, userIds: [exempt.id], reason: 'Già formata' });
    const db = await getDb();
    const mine = () =>
      db
        .select()
        .from(schema.mailOutbox)
        .where(like(schema.mailOutbox.idempotencyKey, `reminder:%:${courseId}:%`));
    await sendDueReminders({ now: new Date('2030-03-01T09:00:00Z') });
    expect((await mine()).filter((m) => m.userId === n.pA1.id)).toHaveLength(0);
    await sendDueReminders({ now });
    await sendDueReminders({ now: new Date(now.getTime() + 3600_000) });
    const sent = (await mine()).filter((m) => m.userId === n.pA1.id || m.userId === exempt.id);
    expect(sent.map((m) => [m.userId, m.idempotencyKey])).toEqual([[n.pA1.id, `reminder:${n.pA1.id}:${courseId}:7`]]);
    expect(sent[0]!.subject).toContain(`Corso ${slug}`);
    expect(sent[0]!.text).toContain('Mancano 7 giorni alla scadenza del 17/03/2030');
    // And it leaves: delivered to a real SMTP server, once.
    const sink = new SmtpSink();
    await sink.start();
    process.env.SMTP_URL = sink.url;
    try {
      for (let i = 0; i < 50 && (await deliverDue()).claimed > 0; i++);
      const [learner] = await db.select({ email: schema.users.email }).from(schema.users).where(eq(schema.users.id, n.pA1.id));
      await sink.waitFor(() => sink.to(learner!.email).length > 0);
      const arrived = sink.to(learner!.email);
      expect(arrived).toHaveLength(1);
      expect(arrived[0]!.text).toContain('Mancano 7 giorni alla scadenza del 17/03/2030');
    } finally {
      delete process.env.SMTP_URL;
      closeTransport();
      await sink.stop();
    }
    const manual = await remindPeople({ actorId: n.coordinator.id, courseId, userIds: [n.pA1.id, exempt.id], now });
    expect(manual).toEqual({ ok: true, count: 1 });
  });
});

describe('coordination: exports', () => {
  it('the Italian CSV has BOM, semicolons, dd/mm/yyyy and no formula; the XLSX totals equal the dashboard', async () => {
    const n = await twoNetworks();
    await n.person(n.a2.id, '=HYPERLINK("http://evil")');
    await assignCourse({ actorId: n.coordinator.id, courseId, unitId: n.a.id, dueOn: '2031-05-31' });
    const raw = new Uint8Array(await new Response(await exportPeople({ actorId: n.coordinator.id, filters: { courseId }, format: 'excel', locale: 'it' })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(raw.slice(3));
    expect(csv.split('\r\n')[0]).toBe('Nome;E-mail;Unità;Stato;Scadenza;Ore nell’anno;Obiettivo (ore);Obiettivo raggiunto');
    expect(csv).toContain(';31/05/2031;');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const xlsx = await exportUnits({ actorId: n.coordinator.id, unitId: n.a.id, courseId, format: 'xlsx', locale: 'it' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(xlsx).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const total = sheet.getRow(sheet.rowCount);
    const d = await getDashboard({ actorId: n.coordinator.id, unitId: n.a.id, courseId });
    expect(total.getCell(1).value).toBe('Totale');
    expect(total.getCell(2).value).toBe(d.ok && d.totals.people);
    expect(total.getCell(3).value).toBe(d.ok && d.totals.assigned);
    expect(d.ok && d.totals.people).toBe(2);
  });
});
