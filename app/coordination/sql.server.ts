/**
 * Shared SQL of the coordination domain: raw rows from either driver, an assignment's derived
 * status, the yearly hours ledger and each person's target. Every query that uses these also
 * filters by the actor's scope (scope.server.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '~/utils/db.server';

export { STATUSES, type AssignmentStatus } from './constants';

/** Rows of a raw statement, whichever driver runs it (postgres.js returns an array, PGlite `{ rows }`). */
export async function rowsOf<T>(conn: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await conn.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * The status of the enrolment `e` (alias) at `now`: exempted and completed win; overdue is derived
 * from the due date (never stored, so nothing lags); then in progress (a module touched); assigned.
 */
export function statusOf(e: string, now: Date): SQL {
  const a = sql.raw(e);
  return sql`(case
    when exists (select 1 from course_exemptions x where x.user_id = ${a}.user_id and x.course_id = ${a}.course_id) then 'exempted'
    when exists (select 1 from certificates c where c.user_id = ${a}.user_id and c.course_id = ${a}.course_id) then 'completed'
    when ${a}.due_at is not null and ${a}.due_at < ${now.toISOString()}::timestamptz then 'overdue'
    when exists (select 1 from module_status ms where ms.user_id = ${a}.user_id and ms.course_id = ${a}.course_id) then 'in_progress'
    else 'assigned' end)`;
}

/** The due date of enrolment `e` as the day it falls on in Rome (YYYY-MM-DD), or null. */
export function dueDayOf(e: string): SQL {
  return sql`to_char((${sql.raw(e)}.due_at at time zone 'Europe/Rome') - interval '1 second', 'YYYY-MM-DD')`;
}

/** The instant a due day ends in Rome: a course due on 2027-03-31 is late from 1 April. */
export function dueAtFromDay(day: string): SQL {
  return sql`((${day}::date + 1)::timestamp at time zone 'Europe/Rome')`;
}

/** Hours of person `u` (alias of users) in `year`: valid certificates issued that year plus training done elsewhere. */
export function hoursOf(u: string, year: number): SQL {
  const a = sql.raw(u);
  return sql`(coalesce((select sum(c.hours) from certificates c where c.user_id = ${a}.id and c.revoked_at is null and extract(year from c.issued_at at time zone 'Europe/Rome') = ${year}), 0)
    + coalesce((select sum(t.hours) from training_records t where t.user_id = ${a}.id and extract(year from t.completed_on) = ${year}), 0))::float8`;
}

/**
 * The same hours as `hoursOf`, set-based for many people at once: CTE `person_hours(user_id, hours)`
 * over the people of CTE `people` (its `user_id` column). One pass over each table instead of two
 * correlated subqueries per person (the dashboard aggregates whole networks).
 */
export function personHoursCte(year: number): SQL {
  return sql`person_hours(user_id, hours) as (
    select x.user_id, sum(x.hours)::float8 from (
      select c.user_id, c.hours from certificates c where c.revoked_at is null and extract(year from c.issued_at at time zone 'Europe/Rome') = ${year} and c.user_id in (select user_id from people)
      union all
      select t.user_id, t.hours from training_records t where extract(year from t.completed_on) = ${year} and t.user_id in (select user_id from people)
    ) x group by x.user_id)`;
}

/** The same target as `targetOf`, set-based: CTE `person_target(user_id, target)` over CTE `people`, given the `targets` CTE. */
export function personTargetCte(): SQL {
  return sql`person_target(user_id, target) as (
    select m.user_id, max(t.target) from memberships m join targets t on t.id = m.organisation_id where m.user_id in (select user_id from people) group by m.user_id)`;
}

/** CTE `targets(id, target)`: each unit's yearly target, inherited down the tree, default at the roots. */
export function targetsCte(defaultHours: number): SQL {
  return sql`targets(id, target) as (
    select o.id, coalesce(o.yearly_hours_target, ${defaultHours}::int) from organisations o where o.parent_id is null
    union all
    select o.id, coalesce(o.yearly_hours_target, t.target) from organisations o join targets t on o.parent_id = t.id)`;
}

/** A person's target (the highest of their units'), given the `targets` CTE. */
export function targetOf(u: string, defaultHours: number): SQL {
  return sql`coalesce((select max(t.target) from memberships m join targets t on t.id = m.organisation_id where m.user_id = ${sql.raw(u)}.id), ${defaultHours}::int)`;
}

/** Escapes a search term for `ilike`. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
