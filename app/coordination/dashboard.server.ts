/**
 * The coordinator's dashboard: the figures of their scope (or of one unit of it), and one row per
 * child unit for the drill-down. Everything is computed at read time from the enrolments, progress
 * and certificates written by the learner's own transaction: a completion shows on the next request.
 */
import { sql, type SQL } from 'drizzle-orm';
import { getDb, type DbOrTx } from '~/utils/db.server';
import { getSettings } from '~/admin/settings.server';
import { coordinatedUnits, subtreeOf } from './scope.server';
import { personHoursCte, personTargetCte, rowsOf, statusOf, targetsCte } from './sql.server';

export interface UnitFigures {
  people: number;
  assigned: number;
  inProgress: number;
  completed: number;
  overdue: number;
  exempted: number;
  certified: number;
  hours: number;
  targetMet: number;
}

export interface UnitRow extends UnitFigures {
  id: string;
  name: string;
  kind: string;
  hasChildren: boolean;
}

const EMPTY: UnitFigures = { people: 0, assigned: 0, inProgress: 0, completed: 0, overdue: 0, exempted: 0, certified: 0, hours: 0, targetMet: 0 };

/** Figures per root of `tree` (a CTE body yielding `root, id`: each root and the units it covers). */
async function figures(conn: DbOrTx, tree: SQL, { courseId, now, defaultHours }: { courseId: string | null; now: Date; defaultHours: number }) {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
  const course = courseId ? sql`and e.course_id = ${courseId}::uuid` : sql``;
  const certCourse = courseId ? sql`and c.course_id = ${courseId}::uuid` : sql``;
  const rows = await rowsOf<{ root: string } & UnitFigures>(
    conn,
    sql`with recursive tree(root, id) as (${tree}), ${targetsCte(defaultHours)},
      people as (select distinct t.root, m.user_id from tree t join memberships m on m.organisation_id = t.id join users u on u.id = m.user_id and u.erased_at is null),
      a as (select p.root, ${statusOf('e', now)} as st from people p join enrolments e on e.user_id = p.user_id ${course}),
      ${personHoursCte(year)}, ${personTargetCte()},
      h as (select p.root, coalesce(ph.hours, 0)::float8 as hours, coalesce(pt.target, ${defaultHours}::int) as target
            from people p left join person_hours ph on ph.user_id = p.user_id left join person_target pt on pt.user_id = p.user_id),
      s as (select root, count(*) filter (where st = 'assigned')::int as assigned, count(*) filter (where st = 'in_progress')::int as "inProgress",
              count(*) filter (where st = 'completed')::int as completed, count(*) filter (where st = 'overdue')::int as overdue, count(*) filter (where st = 'exempted')::int as exempted
            from a group by root),
      hh as (select root, count(*)::int as people, coalesce(sum(hours), 0)::float8 as hours, count(*) filter (where hours >= target)::int as "targetMet" from h group by root),
      c as (select p.root, count(*)::int as certified from people p join certificates c on c.user_id = p.user_id and c.revoked_at is null ${certCourse} group by p.root)
      select hh.root, hh.people, hh.hours, hh."targetMet", coalesce(s.assigned, 0) as assigned, coalesce(s."inProgress", 0) as "inProgress", coalesce(s.completed, 0) as completed,
        coalesce(s.overdue, 0) as overdue, coalesce(s.exempted, 0) as exempted, coalesce(c.certified, 0) as certified
      from hh left join s on s.root = hh.root left join c on c.root = hh.root`,
  );
  return new Map(rows.map((r) => [r.root, { ...EMPTY, ...r, hours: Number(r.hours) }]));
}

export type DashboardResult =
  | { ok: false; reason: 'notFound' }
  | {
      ok: true;
      unit: { id: string; name: string } | null;
      trail: Array<{ id: string; name: string }>;
      totals: UnitFigures;
      rows: UnitRow[];
      target: number;
      year: number;
    };

/** The dashboard of the actor's scope, or of `unitId` inside it (a unit outside it: notFound). */
export async function getDashboard({
  actorId,
  unitId,
  courseId = null,
  now = new Date(),
}: {
  actorId: string;
  unitId?: string | null;
  courseId?: string | null;
  now?: Date;
}): Promise<DashboardResult> {
  const db = await getDb();
  const scope = coordinatedUnits(actorId);
  const { defaultYearlyHours } = await getSettings();
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Rome', year: 'numeric' }).format(now));
  let unit: { id: string; name: string } | null = null;
  let trail: Array<{ id: string; name: string }> = [];
  if (unitId) {
    const [found] = await rowsOf<{ id: string; name: string }>(db, sql`select id, name from organisations where id = ${unitId}::uuid and id in ${scope}`);
    if (!found) return { ok: false, reason: 'notFound' };
    unit = found;
    trail = await rowsOf<{ id: string; name: string }>(
      db,
      sql`with recursive up(id, parent_id, name, depth) as (select id, parent_id, name, 0 from organisations where id = ${unitId}::uuid
          union all select o.id, o.parent_id, o.name, up.depth + 1 from organisations o join up on o.id = up.parent_id)
        select id, name from up where id in ${scope} and id <> ${unitId}::uuid order by depth desc`,
    );
  }
  // Rows: the unit's children, or the top units of the scope (those whose parent is outside it).
  const rowUnits = await rowsOf<{ id: string; name: string; kind: string; hasChildren: boolean }>(
    db,
    unitId
      ? sql`select o.id, o.name, o.kind, exists (select 1 from organisations c where c.parent_id = o.id) as "hasChildren" from organisations o where o.parent_id = ${unitId}::uuid and o.retired_at is null order by o.name`
      : sql`select o.id, o.name, o.kind, exists (select 1 from organisations c where c.parent_id = o.id) as "hasChildren" from organisations o
            where o.id in ${scope} and (o.parent_id is null or o.parent_id not in ${scope}) and o.retired_at is null order by o.name`,
  );
  const ids = rowUnits.map((r) => r.id);
  const byRoot = ids.length
    ? await figures(
        db,
        sql`select c.id::text, c.id from organisations c where c.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) union all select t.root, o.id from organisations o join tree t on o.parent_id = t.id`,
        { courseId, now, defaultHours: defaultYearlyHours },
      )
    : new Map<string, UnitFigures>();
  const total = unitId ? sql`select 'total', id from organisations where id in ${subtreeOf(unitId)}` : sql`select 'total', id from organisations where id in ${scope}`;
  const totals = (await figures(db, total, { courseId, now, defaultHours: defaultYearlyHours })).get('total') ?? EMPTY;
  return {
    ok: true,
    unit,
    trail,
    totals,
    rows: rowUnits.map((r) => ({ ...r, ...(byRoot.get(r.id) ?? EMPTY) })),
    target: defaultYearlyHours,
    year,
  };
}

/** The courses a coordinator can assign and filter by. */
export async function listCoursesForCoordination() {
  const db = await getDb();
  return rowsOf<{ id: string; slug: string; title: string; hours: number }>(db, sql`select id, slug, title, (definition->>'hours')::float8 as hours from courses order by title`);
}
