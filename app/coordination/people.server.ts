/**
 * The people of a coordinator's scope: the list with filters, single enrolment and removal. Every
 * statement filters by the actor's scope, so a forged person or unit id finds nothing and changes
 * nothing (the route answers 404).
 */
import { sql, type SQL } from 'drizzle-orm';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { getSettings } from '~/admin/settings.server';
import { enqueueMail } from '~/mail/outbox.server';
import { generateToken, hashToken } from '~/auth/session.server';
import { coordinatedUnits, coordinatedUsers, subtreeOf } from './scope.server';
import { dueDayOf, hoursOf, likePattern, rowsOf, statusOf, targetOf, targetsCte, type AssignmentStatus } from './sql.server';

export const PEOPLE_PAGE = 50;
const DAY = 86_400_000;

export interface PeopleFilters {
  q?: string;
  unitId?: string;
  courseId?: string;
  status?: AssignmentStatus | 'unassigned';
  page?: number;
}

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  units: string[];
  status: AssignmentStatus | null;
  dueOn: string | null;
  hours: number;
  target: number;
}

export async function isUnitInScope(conn: DbOrTx, actorId: string, unitId: string): Promise<boolean> {
  return (await rowsOf(conn, sql`select 1 from organisations where id = ${unitId}::uuid and id in ${coordinatedUnits(actorId)}`)).length > 0;
}

export async function isPersonInScope(conn: DbOrTx, actorId: string, userId: string): Promise<boolean> {
  return (await rowsOf(conn, sql`select 1 from users where id = ${userId}::uuid and erased_at is null and id in ${coordinatedUsers(actorId)}`)).length > 0;
}

/** The WHERE of the people list (and of its export), always inside the actor's scope. */
export function peopleWhere(actorId: string, filters: PeopleFilters, now: Date): SQL {
  const where: SQL[] = [sql`u.erased_at is null`, sql`u.id in ${coordinatedUsers(actorId)}`];
  if (filters.q) where.push(sql`(u.name ilike ${likePattern(filters.q)} or u.email ilike ${likePattern(filters.q)})`);
  if (filters.unitId) where.push(sql`exists (select 1 from memberships m where m.user_id = u.id and m.organisation_id in ${subtreeOf(filters.unitId)})`);
  if (filters.status === 'unassigned') where.push(sql`e.user_id is null`);
  else if (filters.status) where.push(sql`e.user_id is not null and ${statusOf('e', now)} = ${filters.status}`);
  return sql.join(where, sql` and `);
}

/** The select of the people list and export: one row per person, with the chosen course's status. */
export function peopleQuery(actorId: string, filters: PeopleFilters, { now, defaultHours, limit, offset }: { now: Date; defaultHours: number; limit?: number; offset?: number }): SQL {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
  const course = filters.courseId ? sql`${filters.courseId}::uuid` : sql`null::uuid`;
  const page = limit ? sql`limit ${limit} offset ${offset ?? 0}` : sql``;
  return sql`with recursive ${targetsCte(defaultHours)}
    select u.id, u.name, u.email,
      coalesce((select json_agg(o.name order by o.name) from memberships m join organisations o on o.id = m.organisation_id where m.user_id = u.id and o.id in ${coordinatedUnits(actorId)}), '[]'::json) as units,
      case when e.user_id is null then null else ${statusOf('e', now)} end as status,
      case when e.user_id is null then null else ${dueDayOf('e')} end as "dueOn",
      ${hoursOf('u', year)} as hours, ${targetOf('u', defaultHours)} as target
    from users u left join enrolments e on e.user_id = u.id and e.course_id = ${course}
    where ${peopleWhere(actorId, filters, now)}
    order by u.name, u.id ${page}`;
}

export async function listPeople({ actorId, filters, now = new Date() }: { actorId: string; filters: PeopleFilters; now?: Date }) {
  const db = await getDb();
  if (filters.unitId && !(await isUnitInScope(db, actorId, filters.unitId))) return { ok: false as const, reason: 'notFound' as const };
  const { defaultYearlyHours } = await getSettings();
  const page = Math.max(1, filters.page ?? 1);
  const people = await rowsOf<PersonRow>(db, peopleQuery(actorId, filters, { now, defaultHours: defaultYearlyHours, limit: PEOPLE_PAGE + 1, offset: (page - 1) * PEOPLE_PAGE }));
  const course = filters.courseId ? sql`${filters.courseId}::uuid` : sql`null::uuid`;
  const [count] = await rowsOf<{ total: number }>(
    db,
    sql`select count(*)::int as total from users u left join enrolments e on e.user_id = u.id and e.course_id = ${course} where ${peopleWhere(actorId, filters, now)}`,
  );
  return { ok: true as const, people: people.slice(0, PEOPLE_PAGE).map((p) => ({ ...p, hours: Number(p.hours) })), total: count?.total ?? 0, page, hasNext: people.length > PEOPLE_PAGE };
}

/** The units of the actor's scope, in tree order with their depth (for selects and the drill-down). */
export async function listScopeUnits({ actorId }: { actorId: string }) {
  const db = await getDb();
  return rowsOf<{ id: string; name: string; depth: number }>(
    db,
    sql`with recursive t(id, name, depth, path) as (
        select o.id, o.name, 0, o.name::text from organisations o where o.id in ${coordinatedUnits(actorId)} and (o.parent_id is null or o.parent_id not in ${coordinatedUnits(actorId)}) and o.retired_at is null
        union all select o.id, o.name, t.depth + 1, t.path || ' / ' || o.name from organisations o join t on o.parent_id = t.id where o.retired_at is null)
      select id, name, depth from t order by path`,
  );
}

export interface EnrolInput {
  email: string;
  name: string;
  organisationId: string;
  jobTitle?: string | null;
  fiscalCode?: string | null;
}

export type EnrolOutcome = { ok: true; outcome: 'created' | 'assigned' | 'unchanged'; userId: string } | { ok: false; reason: 'notFound' | 'fiscalCodeConflict' };

/**
 * Enrols one person in a unit of the actor's scope, keyed by e-mail (and fiscal code when given):
 * a new person gets an account without password and an invitation; an existing one is only given
 * the membership. The unit assignments above the unit are applied. Idempotent: a repeat changes nothing.
 */
export async function enrolInTx(tx: DbOrTx, actorId: string, input: EnrolInput, locale: 'it' | 'en' = 'it'): Promise<EnrolOutcome> {
  if (!(await isUnitInScope(tx, actorId, input.organisationId))) return { ok: false, reason: 'notFound' };
  const email = input.email.trim().toLowerCase();
  const fiscal = input.fiscalCode?.trim().toUpperCase() || null;
  const [byEmail] = await rowsOf<{ id: string }>(tx, sql`select id from users where lower(email) = ${email}`);
  const [byCode] = fiscal ? await rowsOf<{ id: string }>(tx, sql`select user_id as id from person_fiscal_codes where upper(fiscal_code) = ${fiscal}`) : [];
  if (byEmail && byCode && byEmail.id !== byCode.id) return { ok: false, reason: 'fiscalCodeConflict' };
  if (!byEmail && byCode) return { ok: false, reason: 'fiscalCodeConflict' };
  let userId = byEmail?.id;
  let outcome: 'created' | 'assigned' | 'unchanged' = 'unchanged';
  if (!userId) {
    const [u] = await tx.insert(schema.users).values({ email, name: input.name.trim() }).returning({ id: schema.users.id });
    userId = u!.id;
    outcome = 'created';
    await tx.insert(schema.userRoles).values({ userId, role: 'learner' }).onConflictDoNothing();
    const token = generateToken();
    await tx
      .insert(schema.authTokens)
      .values({ id: hashToken(token), kind: 'invite', email, userId, role: 'learner', organisationId: input.organisationId, createdBy: actorId, expiresAt: new Date(Date.now() + 14 * DAY) });
    await enqueueMail(tx, { key: `invite:${hashToken(token)}`, to: email, userId, locale, template: 'invite', data: { url: `${env.baseUrl}/invito/${token}`, days: 14 } });
  }
  if (fiscal && !byCode) await tx.insert(schema.personFiscalCodes).values({ userId, fiscalCode: fiscal }).onConflictDoNothing();
  const added = await tx
    .insert(schema.memberships)
    .values({ userId, organisationId: input.organisationId, jobTitle: input.jobTitle?.trim() || null })
    .onConflictDoNothing()
    .returning({ userId: schema.memberships.userId });
  if (added.length && outcome === 'unchanged') outcome = 'assigned';
  if (added.length) await applyUnitAssignments(tx, userId, input.organisationId);
  if (outcome !== 'unchanged')
    await tx.insert(schema.auditLog).values({ actorId, action: `coordination.enrol.${outcome}`, target: userId, data: JSON.stringify({ organisationId: input.organisationId }) });
  return { ok: true, outcome, userId };
}

/** Copies onto the person's enrolments the course assignments of the unit and of every unit above it. */
export async function applyUnitAssignments(tx: DbOrTx, userId: string, organisationId: string) {
  await tx.execute(sql`with recursive up(id, parent_id) as (select id, parent_id from organisations where id = ${organisationId}::uuid
      union all select o.id, o.parent_id from organisations o join up on o.id = up.parent_id)
    insert into enrolments (user_id, course_id, due_at)
    select distinct on (a.course_id) ${userId}::uuid, a.course_id, case when a.due_on is null then null else ((a.due_on + 1)::timestamp at time zone 'Europe/Rome') end
    from unit_assignments a where a.organisation_id in (select id from up) order by a.course_id, a.due_on
    on conflict (user_id, course_id) do nothing`);
}

export async function enrolPerson({ actorId, input, locale }: { actorId: string; input: EnrolInput; locale?: 'it' | 'en' }): Promise<EnrolOutcome> {
  const db = await getDb();
  return db.transaction((tx) => enrolInTx(tx, actorId, input, locale));
}

/** Removes a person from the units of the actor's scope (the account and its records stay). */
export async function removePerson({ actorId, userId }: { actorId: string; userId: string }): Promise<{ ok: true; removed: number } | { ok: false; reason: 'notFound' }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    if (!(await isPersonInScope(tx, actorId, userId))) return { ok: false as const, reason: 'notFound' as const };
    const removed = await rowsOf<{ organisation_id: string }>(
      tx,
      sql`delete from memberships where user_id = ${userId}::uuid and organisation_id in ${coordinatedUnits(actorId)} returning organisation_id`,
    );
    await tx.insert(schema.auditLog).values({ actorId, action: 'coordination.remove', target: userId, data: JSON.stringify({ units: removed.map((r) => r.organisation_id) }) });
    return { ok: true as const, removed: removed.length };
  });
}
