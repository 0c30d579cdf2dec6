/**
 * Scope at scale: two networks of 1,500 people each; the coordinator of one gets zero rows of the
 * other from the dashboard, the people list, the person page, both exports and the reminders.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema } from '~/utils/db.server';
import { getDashboard } from '~/coordination/dashboard.server';
import { listPeople } from '~/coordination/people.server';
import { assignCourse } from '~/coordination/assignments.server';
import { getPersonDetail } from '~/coordination/person.server';
import { exportPeople, exportUnits } from '~/coordination/export.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { twoNetworks } from './coordination-helpers';

const slug = uniqueSlug('coordscope');
let courseId: string;
beforeAll(async () => {
  await importContent({ root: makeContent(slug) });
  const db = await getDb();
  courseId = (
    await db
      .select()
      .from(schema.courses)
      .where(sql`${schema.courses.slug} = ${slug}`)
  )[0]!.id;
});

const N = 1500;

async function populate(unitId: string, prefix: string) {
  const db = await getDb();
  await db.execute(sql`with u as (
      insert into users (email, name) select ${prefix} || g || '@aula.test', ${prefix} || ' ' || g from generate_series(1, ${N}) g returning id)
    insert into memberships (user_id, organisation_id) select id, ${unitId}::uuid from u`);
}

describe('scope with thousands of people', () => {
  it('a coordinator of network A never sees a row of network B', async () => {
    const n = await twoNetworks();
    await populate(n.a1.id, `reteA.${n.tag}.`);
    await populate(n.b1.id, `reteB.${n.tag}.`);
    await assignCourse({ actorId: n.coordinator.id, courseId, unitId: n.a.id, dueOn: '2031-01-31' });
    const d = await getDashboard({ actorId: n.coordinator.id, courseId });
    expect(d.ok && d.totals).toMatchObject({ people: N + 1, assigned: N + 1 });
    const all = await listPeople({ actorId: n.coordinator.id, filters: { courseId } });
    expect(all.ok && all.total).toBe(N + 1);
    const foreign = await listPeople({ actorId: n.coordinator.id, filters: { q: `reteB.${n.tag}` } });
    expect(foreign.ok && foreign.total).toBe(0);
    expect(await getPersonDetail({ actorId: n.coordinator.id, userId: n.pB1.id })).toBeNull();
    const csv = await new Response(await exportPeople({ actorId: n.coordinator.id, filters: { courseId }, format: 'csv', locale: 'it' })).text();
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(N + 2);
    expect(csv).not.toContain('reteB.');
    const units = await new Response(await exportUnits({ actorId: n.coordinator.id, unitId: null, courseId, format: 'csv', locale: 'it' })).text();
    expect(units).not.toContain('Rete B');
    expect(units).toContain(`Totale,${N + 1},${N + 1}`);
  });
});
