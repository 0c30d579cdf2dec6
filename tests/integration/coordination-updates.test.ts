/**
 * Law-change updates on the coordinators' side, against the real database: the coordinator sees, in
 * their scope only, who is up to date with a "modifica normativa" and who still has to update;
 * assigns the update with a due day (idempotent: a second assignment moves the day, never
 * duplicates; audited; one e-mail per due day); bad input (past or malformed day, forged ids) stores
 * nothing; the learner sees the due day; reading the new version completes the assignment.
 */
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '~/auth/session.server';
import { createCalendarFeed } from '~/coordination/calendar.server';
import { loader as feedLoader } from '~/routes/calendario.$token.scadenze[.ics]';
import { assignLawUpdate, getLawUpdate, getPersonLawUpdates, listLawUpdates, sendUpdateReminders } from '~/coordination/law-updates.server';
import { getPersonDetail } from '~/coordination/person.server';
import { listCourses } from '~/courses/courses.server';
import { markModuleRead } from '~/progress/progress.server';
import { getModuleUpdate } from '~/progress/updates.server';
import { action, loader } from '~/routes/coordinamento.aggiornamenti_.$version';
import { importContent } from '~/startup/import-content.server';
import { saveDraft } from '~/studio/drafts.server';
import { publishDraft } from '~/studio/publish.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { twoNetworks } from './coordination-helpers';
import { routeArgs, seedUser, thrownError } from './helpers';

const SUMMARY = 'Dal 12 giugno 2026 si applica il Patto UE su migrazione e asilo.';
const NOW = new Date('2026-12-01T10:00:00Z');

let previousTotp: string | undefined;
beforeAll(() => {
  // The coordinators here have no second factor (PostgreSQL's default would require one before any staff page).
  previousTotp = process.env.AULA_TOTP_REQUIRED;
  process.env.AULA_TOTP_REQUIRED = 'false';
});
afterAll(() => {
  if (previousTotp === undefined) delete process.env.AULA_TOTP_REQUIRED;
  else process.env.AULA_TOTP_REQUIRED = previousTotp;
});

/** A course whose module "secondo" was read by pA1 (scope A) and pB1 (scope B), then published again as a law change. */
async function scenario() {
  const slug = uniqueSlug('agg-coord');
  await importContent({ root: makeContent(slug) });
  const n = await twoNetworks();
  const lecturer = await seedUser({ role: 'lecturer' });
  const neverRead = await n.person(n.a2.id, 'Carla Verdi');
  await markModuleRead({ userId: n.pA1.id, courseSlug: slug, moduleSlug: 'secondo' });
  await markModuleRead({ userId: n.pB1.id, courseSlug: slug, moduleSlug: 'secondo' });
  const db = await getDb();
  const [d] = await db
    .select({ id: schema.contentDocuments.id, versionId: schema.contentDocuments.currentVersionId })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.scope, slug), eq(schema.contentDocuments.slug, 'secondo')));
  const firstVersionId = d!.versionId!;
  expect(await saveDraft({ documentId: d!.id, actorId: lecturer.id, source: moduleMdx('Secondo modulo', '## Introduzione\n\nTesto aggiornato.\n'), quizSource: '', revision: 0 })).toMatchObject({
    ok: true,
  });
  const published = (await publishDraft({ documentId: d!.id, actorId: lecturer.id, revision: 1, note: 'modifica normativa', lawSummary: SUMMARY })) as { ok: true; versionId: string };
  expect(published).toMatchObject({ ok: true });
  return { slug, n, neverRead, documentId: d!.id, versionId: published.versionId, firstVersionId };
}

async function assignments(versionId: string) {
  const db = await getDb();
  return db.select().from(schema.updateAssignments).where(eq(schema.updateAssignments.versionId, versionId));
}

async function mails(versionId: string) {
  const db = await getDb();
  const [r] = await db
    .select({ n: count() })
    .from(schema.mailOutbox)
    .where(like(schema.mailOutbox.idempotencyKey, `update-assign:${versionId}:%`));
  return Number(r!.n);
}

describe('coordination: law-change updates', () => {
  it('counts and lists only the people of the coordinator’s scope who had read the earlier version', async () => {
    const s = await scenario();
    const list = await listLawUpdates({ actorId: s.n.coordinator.id, now: NOW });
    const mine = list.find((u) => u.versionId === s.versionId)!;
    expect(mine).toMatchObject({ summary: SUMMARY, versionNo: 2, affected: 1, upToDate: 0, pending: 1, overdue: 0 });
    const detail = (await getLawUpdate({ actorId: s.n.coordinator.id, versionId: s.versionId, now: NOW }))!;
    expect(detail.people.map((p) => [p.id, p.state])).toEqual([[s.n.pA1.id, 'pending']]);
    // A version that is not a law change, or no version at all, is not found.
    expect(await getLawUpdate({ actorId: s.n.coordinator.id, versionId: s.firstVersionId })).toBeNull();
    expect(await getLawUpdate({ actorId: s.n.coordinator.id, versionId: crypto.randomUUID() })).toBeNull();
  });

  it('assigns the update with a due day, idempotently and audited, and e-mails each person once per due day', async () => {
    const s = await scenario();
    const actorId = s.n.coordinator.id;
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: null, dueOn: '2026-12-20', now: NOW })).toEqual({ ok: true, count: 1 });
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: null, dueOn: '2026-12-20', now: NOW })).toEqual({ ok: true, count: 1 });
    let rows = await assignments(s.versionId);
    expect(rows.map((r) => [r.userId, r.dueOn])).toEqual([[s.n.pA1.id, '2026-12-20']]);
    expect(await mails(s.versionId)).toBe(1);
    // Assigning again with another day moves the day: still one row, one more e-mail.
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: [s.n.pA1.id], dueOn: '2027-01-15', now: NOW })).toEqual({ ok: true, count: 1 });
    rows = await assignments(s.versionId);
    expect(rows.map((r) => [r.userId, r.dueOn])).toEqual([[s.n.pA1.id, '2027-01-15']]);
    expect(await mails(s.versionId)).toBe(2);
    const db = await getDb();
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, actorId), eq(schema.auditLog.action, 'coordination.update.assign')));
    expect(audit).toHaveLength(3);
    // The person's page and the update's page show the due day.
    expect((await getLawUpdate({ actorId, versionId: s.versionId, now: NOW }))!.people[0]).toMatchObject({ state: 'pending', dueOn: '2027-01-15' });
    const detail = (await getPersonDetail({ actorId, userId: s.n.pA1.id, now: NOW }))!;
    expect(detail.lawUpdates.find((u) => u.versionId === s.versionId)).toMatchObject({ state: 'pending', dueOn: '2027-01-15' });
  });

  it('refuses a forged person, a forged update and a past day, storing nothing', async () => {
    const s = await scenario();
    const actorId = s.n.coordinator.id;
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: [s.n.pA1.id, s.n.pB1.id], dueOn: '2026-12-20', now: NOW })).toEqual({ ok: false, reason: 'notFound' });
    expect(await assignLawUpdate({ actorId, versionId: s.firstVersionId, userIds: null, dueOn: '2026-12-20', now: NOW })).toEqual({ ok: false, reason: 'notFound' });
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: null, dueOn: '2026-11-30', now: NOW })).toEqual({ ok: false, reason: 'pastDate' });
    // A person in scope who has nothing to update is left out.
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: [s.neverRead.id], dueOn: '2026-12-20', now: NOW })).toEqual({ ok: true, count: 0 });
    expect(await assignments(s.versionId)).toEqual([]);
    expect(await mails(s.versionId)).toBe(0);
  });

  it('through the route: a malformed or past day and forged ids get an Italian message and change nothing', async () => {
    const s = await scenario();
    const { token } = await createSession({ userId: s.n.coordinator.id });
    const url = `http://localhost/coordinamento/aggiornamenti/${s.versionId}`;
    const post = (fields: Record<string, string | string[]>, versionId = s.versionId) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      const request = new Request(url, { method: 'POST', body, headers: { Cookie: `aula_session=${token}`, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' } });
      return action(routeArgs(request, { params: { version: versionId } }));
    };
    const bad = (await post({ intent: 'assignAll', dueOn: '2027-02-30' })) as unknown as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.errors.dueOn).toBe('Inserisci una data valida (giorno, mese, anno).');
    const past = (await post({ intent: 'assignAll', dueOn: '2020-01-01' })) as unknown as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(past.init.status).toBe(400);
    expect(past.data.errors.dueOn).toBe('La scadenza non può essere nel passato.');
    const none = (await post({ intent: 'assign', dueOn: '2030-01-31' })) as unknown as { init: { status: number }; data: { errors: Record<string, string> } };
    expect(none.init.status).toBe(400);
    expect(none.data.errors.userId).toBe('Seleziona almeno una persona.');
    const forged = await thrownError(post({ intent: 'assign', dueOn: '2030-01-31', userId: [s.n.pA1.id, s.n.pB1.id] }));
    expect(forged.status).toBe(404);
    expect(forged.payload).toMatchObject({ key: 'update.coord.notFound' });
    expect((await thrownError(post({ intent: 'assignAll', dueOn: '2030-01-31' }, s.firstVersionId))).status).toBe(404);
    expect((await thrownError(post({ intent: 'assignAll', dueOn: '2030-01-31' }, 'non-un-id'))).status).toBe(404);
    expect((await thrownError(loader(routeArgs(new Request(url, { headers: { Cookie: `aula_session=${token}` } }), { params: { version: crypto.randomUUID() } })))).status).toBe(404);
    expect(await assignments(s.versionId)).toEqual([]);
    // And a good one.
    const ok = (await post({ intent: 'assign', dueOn: '2030-01-31', userId: [s.n.pA1.id] })) as { count: number };
    expect(ok.count).toBe(1);
    expect((await assignments(s.versionId)).map((r) => r.dueOn)).toEqual(['2030-01-31']);
  });

  it('the learner sees the due day (overdue once it has passed); reading the new version completes the assignment', async () => {
    const s = await scenario();
    const actorId = s.n.coordinator.id;
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: null, dueOn: '2026-12-20', now: NOW })).toEqual({ ok: true, count: 1 });
    expect(await getModuleUpdate({ userId: s.n.pA1.id, documentId: s.documentId })).toMatchObject({ dueOn: '2026-12-20' });
    const listed = (await listCourses({ userId: s.n.pA1.id })).find((c) => c.slug === s.slug)!;
    expect(listed.updates[0]!.update).toMatchObject({ dueOn: '2026-12-20' });
    // After the due day: overdue, for the learner and for the coordinator.
    const later = new Date('2026-12-21T10:00:00Z');
    const overdue = (await getLawUpdate({ actorId, versionId: s.versionId, now: later }))!;
    expect(overdue.people[0]).toMatchObject({ state: 'overdue', dueOn: '2026-12-20' });
    expect(overdue.counts).toMatchObject({ pending: 1, overdue: 1 });
    expect((await getPersonLawUpdates({ userId: s.n.pA1.id, now: later }))[0]).toMatchObject({ state: 'overdue' });
    // The learner reads the new version: up to date, the assignment is done (derived), the row stays.
    await markModuleRead({ userId: s.n.pA1.id, courseSlug: s.slug, moduleSlug: 'secondo' });
    expect(await getModuleUpdate({ userId: s.n.pA1.id, documentId: s.documentId })).toBeNull();
    const done = (await getLawUpdate({ actorId, versionId: s.versionId, now: later }))!;
    expect(done.people[0]).toMatchObject({ id: s.n.pA1.id, state: 'upToDate', dueOn: '2026-12-20' });
    expect(done.counts).toMatchObject({ affected: 1, upToDate: 1, pending: 0, overdue: 0 });
    expect((await listLawUpdates({ actorId, now: later })).find((u) => u.versionId === s.versionId)).toMatchObject({ upToDate: 1, pending: 0 });
    // Nobody left to update: a new assignment assigns nobody.
    expect(await assignLawUpdate({ actorId, versionId: s.versionId, userIds: null, dueOn: '2027-01-10', now: NOW })).toEqual({ ok: true, count: 0 });
    expect((await assignments(s.versionId)).map((r) => r.dueOn)).toEqual(['2026-12-20']);
  });

  it('the learner’s calendar feed lists the update’s due day until they read the new version', async () => {
    const s = await scenario();
    expect(await assignLawUpdate({ actorId: s.n.coordinator.id, versionId: s.versionId, userIds: null, dueOn: '2030-04-30' })).toEqual({ ok: true, count: 1 });
    const feed = await createCalendarFeed({ userId: s.n.pA1.id });
    const get = async () => {
      const res = (await feedLoader(routeArgs(new Request(`http://localhost${feed.path}`), { params: { token: feed.token } }) as never)) as Response;
      return (await res.text()).replace(/\r\n[ \t]/g, '');
    };
    const ics = await get();
    expect(ics).toContain('SUMMARY:Aggiornamento normativo: Secondo modulo');
    expect(ics).toContain('DTSTART;VALUE=DATE:20300430');
    expect(ics).toContain(`UID:aggiornamento-${s.n.pA1.id}-${s.documentId}@`);
    expect(ics).toContain(`/corsi/${s.slug}/secondo/aggiornamento`);
    await markModuleRead({ userId: s.n.pA1.id, courseSlug: s.slug, moduleSlug: 'secondo' });
    expect(await get()).not.toContain('Aggiornamento normativo');
  });

  it('reminds a person of an open update a week before its due day and the day after it, each step once', async () => {
    const s = await scenario();
    expect(await assignLawUpdate({ actorId: s.n.coordinator.id, versionId: s.versionId, userIds: null, dueOn: '2026-12-20', now: NOW })).toEqual({ ok: true, count: 1 });
    const db = await getDb();
    const reminders = async () =>
      (
        await db
          .select({ key: schema.mailOutbox.idempotencyKey, subject: schema.mailOutbox.subject })
          .from(schema.mailOutbox)
          .where(like(schema.mailOutbox.idempotencyKey, `reminder:update:${s.n.pA1.id}:%`))
      ).map((r) => r.key);
    await sendUpdateReminders({ now: new Date('2026-12-10T09:00:00Z') });
    expect(await reminders()).toEqual([]);
    await sendUpdateReminders({ now: new Date('2026-12-13T09:00:00Z') });
    await sendUpdateReminders({ now: new Date('2026-12-14T09:00:00Z') });
    expect(await reminders()).toEqual([`reminder:update:${s.n.pA1.id}:${s.versionId}:7`]);
    await sendUpdateReminders({ now: new Date('2026-12-21T09:00:00Z') });
    expect((await reminders()).sort()).toEqual([`reminder:update:${s.n.pA1.id}:${s.versionId}:-1`, `reminder:update:${s.n.pA1.id}:${s.versionId}:7`]);
    // Once the person has caught up, nothing more.
    await markModuleRead({ userId: s.n.pA1.id, courseSlug: s.slug, moduleSlug: 'secondo' });
    await db.delete(schema.mailOutbox).where(like(schema.mailOutbox.idempotencyKey, `reminder:update:${s.n.pA1.id}:%`));
    await sendUpdateReminders({ now: new Date('2026-12-22T09:00:00Z') });
    expect(await reminders()).toEqual([]);
  });
});
