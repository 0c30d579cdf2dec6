/**
 * Course assignments with due dates, to people or to a unit (its subtree, including people who join
 * later: see applyUnitAssignments), exemptions with a reason, and reminders sent now. All or
 * nothing: one id outside the actor's scope and the whole request changes nothing (notFound).
 */
import { sql } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { enqueueMany } from '~/mail/outbox.server';
import { coordinatedUnits, coordinatedUsers, subtreeOf } from './scope.server';
import { isUnitInScope } from './people.server';
import { dueAtFromDay, dueDayOf, rowsOf, statusOf } from './sql.server';

import { DEFAULT_REMINDER_DAYS } from './constants';
export { DEFAULT_REMINDER_DAYS };
type Outcome = { ok: true; count: number } | { ok: false; reason: 'notFound' };

async function allInScope(tx: DbOrTx, actorId: string, userIds: string[]): Promise<boolean> {
  if (!userIds.length) return false;
  const ids = sql.join(
    userIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [row] = await rowsOf<{ n: number }>(tx, sql`select count(*)::int as n from users where id in (${ids}) and erased_at is null and id in ${coordinatedUsers(actorId)}`);
  return row?.n === new Set(userIds).size;
}

async function courseExists(tx: DbOrTx, courseId: string) {
  return (await rowsOf(tx, sql`select 1 from courses where id = ${courseId}::uuid`)).length > 0;
}

export async function assignCourse({
  actorId,
  courseId,
  unitId,
  userIds = [],
  dueOn,
  reminderDays = DEFAULT_REMINDER_DAYS,
}: {
  actorId: string;
  courseId: string;
  unitId?: string | null;
  userIds?: string[];
  dueOn: string | null;
  reminderDays?: number[];
}): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    if (!(await courseExists(tx, courseId))) return { ok: false, reason: 'notFound' };
    const dueAt = dueOn ? dueAtFromDay(dueOn) : sql`null::timestamptz`;
    let count: number;
    if (unitId) {
      if (!(await isUnitInScope(tx, actorId, unitId))) return { ok: false, reason: 'notFound' };
      await tx
        .insert(schema.unitAssignments)
        .values({ organisationId: unitId, courseId, dueOn, reminderDays, createdBy: actorId })
        .onConflictDoUpdate({ target: [schema.unitAssignments.organisationId, schema.unitAssignments.courseId], set: { dueOn, reminderDays } });
      const rows = await rowsOf(
        tx,
        sql`insert into enrolments (user_id, course_id, due_at)
          select distinct m.user_id, ${courseId}::uuid, ${dueAt} from memberships m join users u on u.id = m.user_id and u.erased_at is null where m.organisation_id in ${subtreeOf(unitId)}
          on conflict (user_id, course_id) do update set due_at = excluded.due_at returning user_id`,
      );
      count = rows.length;
    } else {
      if (!(await allInScope(tx, actorId, userIds))) return { ok: false, reason: 'notFound' };
      for (const userId of new Set(userIds)) {
        await tx.execute(
          sql`insert into enrolments (user_id, course_id, due_at) values (${userId}::uuid, ${courseId}::uuid, ${dueAt}) on conflict (user_id, course_id) do update set due_at = excluded.due_at`,
        );
        await tx
          .insert(schema.assignmentReminders)
          .values({ userId, courseId, reminderDays })
          .onConflictDoUpdate({ target: [schema.assignmentReminders.userId, schema.assignmentReminders.courseId], set: { reminderDays } });
      }
      count = new Set(userIds).size;
    }
    await tx.insert(schema.auditLog).values({ actorId, action: 'coordination.assign', target: unitId ?? userIds.join(','), data: JSON.stringify({ courseId, dueOn, reminderDays, count }) });
    return { ok: true, count };
  });
}

/** Exempts people from a course they are assigned, with the reason (kept, shown on their page). */
export async function exemptPeople({ actorId, courseId, userIds, reason }: { actorId: string; courseId: string; userIds: string[]; reason: string }): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    if (!(await courseExists(tx, courseId)) || !(await allInScope(tx, actorId, userIds))) return { ok: false, reason: 'notFound' };
    for (const userId of new Set(userIds))
      await tx
        .insert(schema.courseExemptions)
        .values({ userId, courseId, reason, createdBy: actorId })
        .onConflictDoUpdate({ target: [schema.courseExemptions.userId, schema.courseExemptions.courseId], set: { reason } });
    await tx.insert(schema.auditLog).values({ actorId, action: 'coordination.exempt', target: userIds.join(','), data: JSON.stringify({ courseId, reason }) });
    return { ok: true, count: new Set(userIds).size };
  });
}

/** A reminder now, to the selected people who are assigned the course and have not finished it (once a day each). */
export async function remindPeople({ actorId, courseId, userIds, now = new Date() }: { actorId: string; courseId: string; userIds: string[]; now?: Date }): Promise<Outcome> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<Outcome> => {
    if (!(await courseExists(tx, courseId)) || !(await allInScope(tx, actorId, userIds))) return { ok: false, reason: 'notFound' };
    const ids = sql.join(
      userIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const due = await rowsOf<{ userId: string; email: string; locale: string | null; title: string; slug: string; dueOn: string | null; days: number | null }>(
      tx,
      sql`select e.user_id as "userId", u.email, u.locale, c.title, c.slug, ${dueDayOf('e')} as "dueOn",
          case when e.due_at is null then null else ceil(extract(epoch from (e.due_at - ${now.toISOString()}::timestamptz)) / 86400)::int end as days
        from enrolments e join users u on u.id = e.user_id join courses c on c.id = e.course_id
        where e.course_id = ${courseId}::uuid and e.user_id in (${ids}) and ${statusOf('e', now)} in ('assigned', 'in_progress', 'overdue')`,
    );
    const day = now.toISOString().slice(0, 10);
    const count = await enqueueMany(
      tx,
      due.map((d) => ({
        key: `reminder:manual:${d.userId}:${courseId}:${day}`,
        to: d.email,
        userId: d.userId,
        locale: d.locale === 'en' ? 'en' : 'it',
        template: 'reminder' as const,
        data: { course: d.title, dueOn: d.dueOn ? d.dueOn.split('-').reverse().join('/') : '—', days: d.days ?? 0, url: `${env.baseUrl}/corsi/${d.slug}` },
      })),
    );
    await tx.insert(schema.auditLog).values({ actorId, action: 'coordination.remind', target: userIds.join(','), data: JSON.stringify({ courseId, count }) });
    return { ok: true, count };
  });
}

/** The unit assignments of the actor's scope, newest first. */
export async function listUnitAssignments({ actorId }: { actorId: string }) {
  const db = await getDb();
  return rowsOf<{ id: string; unit: string; course: string; dueOn: string | null; reminderDays: number[] }>(
    db,
    sql`select a.id, o.name as unit, c.title as course, to_char(a.due_on, 'YYYY-MM-DD') as "dueOn", a.reminder_days as "reminderDays"
      from unit_assignments a join organisations o on o.id = a.organisation_id join courses c on c.id = a.course_id
      where a.organisation_id in ${coordinatedUnits(actorId)} order by a.created_at desc limit 200`,
  );
}
