/**
 * Law-change updates seen by coordinators (issue 14, "When the law changes"): for each version
 * published as a "modifica normativa", the people of the actor's scope who had read an earlier
 * version of the module, whether each is up to date, and the update assigned to them with a due day.
 *
 * Who is concerned: a person whose first read (or completion) of the module was on a version older
 * than the law change. Whether they are up to date is derived from the progress record
 * (progress/updates.server.ts), never stored, so a person who reads the new version is up to date at
 * once and their assignment is done. Every query is filtered by the actor's scope, so a forged person
 * outside it finds nothing and changes nothing (notFound).
 */
import { sql, type SQL } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { enqueueMany } from '~/mail/outbox.server';
import { getModuleUpdates, lawChangesOf, romeDay, type LawChange } from '~/progress/updates.server';
import { coordinatedUnits, coordinatedUsers } from './scope.server';
import { rowsOf } from './sql.server';

export type UpdateState = 'upToDate' | 'pending' | 'overdue';

export interface LawUpdateInfo {
  versionId: string;
  documentId: string;
  versionNo: number;
  publishedAt: Date;
  summary: string;
  moduleTitle: string;
  moduleSlug: string;
  courseTitle: string;
  courseSlug: string;
}

interface PersonState {
  userId: string;
  versionId: string;
  state: UpdateState;
  dueOn: string | null;
  assignedAt: Date | null;
}

/** Every law change published in a module, newest first, with its module and course. */
async function allLawChanges(conn: DbOrTx, documentIds?: string[]): Promise<LawUpdateInfo[]> {
  const docs = await rowsOf<{ id: string; slug: string; title: string; courseTitle: string; courseSlug: string }>(
    conn,
    sql`select d.id, d.slug, coalesce(v.frontmatter->>'title', d.slug) as title, c.title as "courseTitle", c.slug as "courseSlug"
      from content_documents d join courses c on c.id = d.course_id left join content_versions v on v.id = d.current_version_id
      where d.kind = 'module' ${
        documentIds
          ? sql`and d.id in (${sql.join(
              documentIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`
          : sql``
      }`,
  );
  if (!docs.length) return [];
  const byId = new Map(docs.map((d) => [d.id, d]));
  const versions = await lawChangesOf(docs.map((d) => d.id));
  const out: LawUpdateInfo[] = [];
  for (const [documentId, v] of versions) {
    const d = byId.get(documentId)!;
    for (const c of v.changes)
      out.push({
        versionId: c.versionId,
        documentId,
        versionNo: c.versionNo,
        publishedAt: c.publishedAt,
        summary: c.summary,
        moduleTitle: d.title,
        moduleSlug: d.slug,
        courseTitle: d.courseTitle,
        courseSlug: d.courseSlug,
      });
  }
  return out.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || b.versionNo - a.versionNo);
}

/** The law change of this version id, or null (not a law change, or not a version at all). */
async function lawChangeOf(conn: DbOrTx, versionId: string): Promise<LawUpdateInfo | null> {
  const [row] = await rowsOf<{ documentId: string }>(conn, sql`select document_id as "documentId" from content_versions where id = ${versionId}::uuid`);
  if (!row) return null;
  return (await allLawChanges(conn, [row.documentId])).find((c) => c.versionId === versionId) ?? null;
}

/**
 * The state of each concerned person (among `users`, an SQL subquery of user ids) for each change.
 * A person is concerned by a change when they first read or completed the module on an older version.
 */
async function statesOf(conn: DbOrTx, users: SQL, changes: Array<Pick<LawChange, 'documentId' | 'versionId' | 'versionNo'>>, now: Date): Promise<PersonState[]> {
  if (!changes.length) return [];
  const docIds = [...new Set(changes.map((c) => c.documentId))];
  const docs = sql.join(
    docIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const firstReads = await rowsOf<{ userId: string; documentId: string; firstNo: number }>(
    conn,
    sql`select x.user_id as "userId", x.document_id as "documentId", min(x.no)::int as "firstNo" from (
        select pe.user_id, pe.document_id, v.version_no as no from progress_events pe join content_versions v on v.id = pe.version_id
          where pe.kind in ('read', 'completed') and pe.document_id in (${docs}) and pe.user_id in ${users}
        union all
        select ms.user_id, ms.document_id, v.version_no from module_status ms join content_versions v on v.id = coalesce(ms.read_version_id, ms.completed_version_id)
          where ms.document_id in (${docs}) and ms.user_id in ${users}
      ) x join users u on u.id = x.user_id and u.erased_at is null
      group by x.user_id, x.document_id`,
  );
  if (!firstReads.length) return [];
  const userIds = [...new Set(firstReads.map((r) => r.userId))];
  const pending = await getModuleUpdates({ userIds, documentIds: docIds, now });
  const versions = sql.join(
    changes.map((c) => sql`${c.versionId}::uuid`),
    sql`, `,
  );
  const assigned = await rowsOf<{ userId: string; versionId: string; dueOn: string; assignedAt: Date | string }>(
    conn,
    sql`select user_id as "userId", version_id as "versionId", to_char(due_on, 'YYYY-MM-DD') as "dueOn", assigned_at as "assignedAt"
      from update_assignments where version_id in (${versions}) and user_id in ${users}`,
  );
  const assignment = new Map(assigned.map((a) => [`${a.userId}:${a.versionId}`, a]));
  const today = romeDay(now);
  const out: PersonState[] = [];
  for (const c of changes)
    for (const r of firstReads) {
      if (r.documentId !== c.documentId || r.firstNo >= c.versionNo) continue;
      const open = pending.get(`${r.userId}:${c.documentId}`)?.changes.some((x) => x.versionNo === c.versionNo) ?? false;
      const a = assignment.get(`${r.userId}:${c.versionId}`);
      const dueOn = a?.dueOn ?? null;
      out.push({
        userId: r.userId,
        versionId: c.versionId,
        state: !open ? 'upToDate' : dueOn && dueOn < today ? 'overdue' : 'pending',
        dueOn,
        assignedAt: a ? new Date(a.assignedAt) : null,
      });
    }
  return out;
}

/** The law changes with, for each, how many people of the actor's scope are up to date, to update, overdue. */
export async function listLawUpdates({ actorId, now = new Date() }: { actorId: string; now?: Date }) {
  const db = await getDb();
  const changes = await allLawChanges(db);
  const states = await statesOf(db, coordinatedUsers(actorId), changes, now);
  return changes.map((c) => {
    const mine = states.filter((s) => s.versionId === c.versionId);
    return {
      ...c,
      affected: mine.length,
      upToDate: mine.filter((s) => s.state === 'upToDate').length,
      pending: mine.filter((s) => s.state !== 'upToDate').length,
      overdue: mine.filter((s) => s.state === 'overdue').length,
    };
  });
}

const STATE_ORDER: Record<UpdateState, number> = { overdue: 0, pending: 1, upToDate: 2 };

/** One law change and the people of the actor's scope it concerns; null when the version is not a law change. */
export async function getLawUpdate({ actorId, versionId, now = new Date() }: { actorId: string; versionId: string; now?: Date }) {
  const db = await getDb();
  const change = await lawChangeOf(db, versionId);
  if (!change) return null;
  const states = await statesOf(db, coordinatedUsers(actorId), [change], now);
  const ids = states.map((s) => sql`${s.userId}::uuid`);
  const people = ids.length
    ? await rowsOf<{ id: string; name: string; email: string; units: string[] }>(
        db,
        sql`select u.id, u.name, u.email,
            coalesce((select json_agg(o.name order by o.name) from memberships m join organisations o on o.id = m.organisation_id where m.user_id = u.id and o.id in ${coordinatedUnits(actorId)}), '[]'::json) as units
          from users u where u.id in (${sql.join(ids, sql`, `)})`,
      )
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const rows = states
    .map((s) => ({ ...byId.get(s.userId)!, state: s.state, dueOn: s.dueOn, assignedAt: s.assignedAt }))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name, 'it'));
  return {
    change,
    people: rows,
    counts: {
      affected: rows.length,
      upToDate: rows.filter((r) => r.state === 'upToDate').length,
      pending: rows.filter((r) => r.state !== 'upToDate').length,
      overdue: rows.filter((r) => r.state === 'overdue').length,
    },
  };
}

/** For the coordinator's person page: each law change that concerns the person, with its state and due day. */
export async function getPersonLawUpdates({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const db = await getDb();
  const changes = await allLawChanges(db);
  const states = await statesOf(db, sql`(select ${userId}::uuid)`, changes, now);
  const byVersion = new Map(states.map((s) => [s.versionId, s]));
  return changes.filter((c) => byVersion.has(c.versionId)).map((c) => ({ ...c, state: byVersion.get(c.versionId)!.state, dueOn: byVersion.get(c.versionId)!.dueOn }));
}

export type AssignUpdateOutcome = { ok: true; count: number } | { ok: false; reason: 'notFound' | 'pastDate' };

/**
 * Assigns a law change's update with a due day to the people of the actor's scope who still have to
 * update (all of them, or the selected ones). One row per person and change: assigning again moves
 * the due day, never duplicates. Each person gets one e-mail per due day (outbox key); the audit log
 * records the assignment. A selected person outside the scope refuses the whole request (notFound);
 * one in scope who is already up to date is left out. A due day before today is refused.
 */
export async function assignLawUpdate({
  actorId,
  versionId,
  userIds,
  dueOn,
  now = new Date(),
}: {
  actorId: string;
  versionId: string;
  /** null: every person of the scope who has to update */
  userIds: string[] | null;
  dueOn: string;
  now?: Date;
}): Promise<AssignUpdateOutcome> {
  if (dueOn < romeDay(now)) return { ok: false, reason: 'pastDate' };
  const db = await getDb();
  // Reads first (the progress domain reads through its own connection), then one transaction writes.
  const change = await lawChangeOf(db, versionId);
  if (!change) return { ok: false, reason: 'notFound' };
  let users = coordinatedUsers(actorId);
  if (userIds) {
    const unique = [...new Set(userIds)];
    if (!unique.length) return { ok: false, reason: 'notFound' };
    const ids = sql.join(
      unique.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const [inScope] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from users where id in (${ids}) and erased_at is null and id in ${coordinatedUsers(actorId)}`);
    if (inScope?.n !== unique.length) return { ok: false, reason: 'notFound' };
    users = sql`(select id from users where id in (${ids}))`;
  }
  const targets = (await statesOf(db, users, [change], now)).filter((s) => s.state !== 'upToDate').map((s) => s.userId);
  return db.transaction(async (tx): Promise<AssignUpdateOutcome> => {
    if (targets.length) {
      await tx
        .insert(schema.updateAssignments)
        .values(targets.map((userId) => ({ userId, documentId: change.documentId, versionId, dueOn, assignedBy: actorId, assignedAt: now })))
        .onConflictDoUpdate({
          target: [schema.updateAssignments.userId, schema.updateAssignments.versionId],
          set: { dueOn: sql`excluded.due_on`, assignedBy: sql`excluded.assigned_by`, assignedAt: sql`excluded.assigned_at` },
        });
      const recipients = await rowsOf<{ id: string; email: string; locale: string | null }>(
        tx,
        sql`select id, email, locale from users where id in (${sql.join(
          targets.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and disabled_at is null and erased_at is null`,
      );
      const date = dueOn.split('-').reverse().join('/');
      const url = `${env.baseUrl}/corsi/${change.courseSlug}/${change.moduleSlug}/aggiornamento`;
      await enqueueMany(
        tx,
        recipients.map((r) => {
          const en = r.locale === 'en';
          return {
            key: `update-assign:${versionId}:${r.id}:${dueOn}`,
            to: r.email,
            userId: r.id,
            locale: en ? ('en' as const) : ('it' as const),
            template: 'notice' as const,
            data: en
              ? {
                  subject: `Aula: update “${change.moduleTitle}” by ${date}`,
                  heading: 'Update assigned',
                  paragraphs: [
                    `Your coordinator asks you to catch up with a change in the law in the module “${change.moduleTitle}” by ${date}.`,
                    change.summary,
                    'Read the new version and mark it as read (and pass the quiz again if the module asks for it).',
                  ],
                  action: { label: 'See what changed', url },
                }
              : {
                  subject: `Aula: aggiorna «${change.moduleTitle}» entro il ${date}`,
                  heading: 'Aggiornamento assegnato',
                  paragraphs: [
                    `Il tuo coordinatore ti chiede di aggiornarti sulla modifica normativa del modulo «${change.moduleTitle}» entro il ${date}.`,
                    change.summary,
                    'Leggi la nuova versione e segnala come letta (e supera di nuovo la verifica, se il modulo lo chiede).',
                  ],
                  action: { label: 'Cosa è cambiato', url },
                },
          };
        }),
      );
    }
    await tx.insert(schema.auditLog).values({
      actorId,
      action: 'coordination.update.assign',
      target: targets.join(',') || versionId,
      data: JSON.stringify({ versionId, documentId: change.documentId, dueOn, count: targets.length, all: userIds === null }),
    });
    return { ok: true, count: targets.length };
  });
}

/** Reminder steps of an assigned update: a week before its due day, and the day after it. */
export const UPDATE_REMINDER_DAYS = [7, -1] as const;

/**
 * Scheduled reminders of assigned updates (job `coordination-update-reminders`): for each assignment
 * still open (the person has not caught up) whose step has come, the latest step is enqueued with the
 * key `reminder:update:<user>:<version>:<step>`, so each step is sent once across runs and instances.
 * Assignments more than 30 days past their due day are left alone.
 */
export async function sendUpdateReminders({ now }: { now: Date }) {
  const db = await getDb();
  const today = romeDay(now);
  const rows = await rowsOf<{ userId: string; versionId: string; documentId: string; dueOn: string; days: number; email: string; locale: string | null }>(
    db,
    sql`select ua.user_id as "userId", ua.version_id as "versionId", ua.document_id as "documentId", to_char(ua.due_on, 'YYYY-MM-DD') as "dueOn",
        (ua.due_on - ${today}::date)::int as days, u.email, u.locale
      from update_assignments ua join users u on u.id = ua.user_id and u.erased_at is null and u.disabled_at is null
      where ua.due_on between ${today}::date - 30 and ${today}::date + ${UPDATE_REMINDER_DAYS[0]}::int`,
  );
  if (!rows.length) return { candidates: 0, sent: 0 };
  const pending = await getModuleUpdates({ userIds: [...new Set(rows.map((r) => r.userId))], documentIds: [...new Set(rows.map((r) => r.documentId))], now });
  const changes = await allLawChanges(db, [...new Set(rows.map((r) => r.documentId))]);
  const mails = [];
  for (const r of rows) {
    const change = changes.find((c) => c.versionId === r.versionId);
    const open = change && pending.get(`${r.userId}:${r.documentId}`)?.changes.some((c) => c.versionNo === change.versionNo);
    if (!change || !open) continue;
    // The latest step whose time has come: the smallest step with days <= step.
    const step = [...UPDATE_REMINDER_DAYS].sort((a, b) => a - b).find((s) => r.days <= s);
    if (step === undefined) continue;
    const en = r.locale === 'en';
    const date = r.dueOn.split('-').reverse().join('/');
    const url = `${env.baseUrl}/corsi/${change.courseSlug}/${change.moduleSlug}/aggiornamento`;
    const late = r.days < 0;
    mails.push({
      key: `reminder:update:${r.userId}:${r.versionId}:${step}`,
      to: r.email,
      userId: r.userId,
      locale: en ? ('en' as const) : ('it' as const),
      template: 'notice' as const,
      data: en
        ? {
            subject: `Reminder: update “${change.moduleTitle}”`,
            heading: 'Reminder of an assigned update',
            paragraphs: [
              late ? `The due date, ${date}, has passed and the module “${change.moduleTitle}” is still to update.` : `The update of the module “${change.moduleTitle}” is due by ${date}.`,
              change.summary,
            ],
            action: { label: 'See what changed', url },
          }
        : {
            subject: `Promemoria: aggiornamento di «${change.moduleTitle}»`,
            heading: 'Promemoria di un aggiornamento assegnato',
            paragraphs: [
              late
                ? `La scadenza del ${date} è passata e il modulo «${change.moduleTitle}» risulta ancora da aggiornare.`
                : `L’aggiornamento del modulo «${change.moduleTitle}» va completato entro il ${date}.`,
              change.summary,
            ],
            action: { label: 'Cosa è cambiato', url },
          },
    });
  }
  return { candidates: mails.length, sent: await enqueueMany(db, mails) };
}
