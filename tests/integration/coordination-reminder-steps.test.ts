import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '~/auth/session.server';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema } from '~/utils/db.server';
import { action as peopleAction } from '~/routes/coordinamento.persone';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { twoNetworks } from './coordination-helpers';
import { routeArgs } from './helpers';

const slug = uniqueSlug('passi');
let courseId: string;
let previousTotp: string | undefined;

beforeAll(async () => {
  // The coordinator has no second factor (PostgreSQL's default would require one).
  previousTotp = process.env.AULA_TOTP_REQUIRED;
  process.env.AULA_TOTP_REQUIRED = 'false';
  await importContent({ root: makeContent(slug) });
  const db = await getDb();
  courseId = (await db.select().from(schema.courses).where(eq(schema.courses.slug, slug)))[0]!.id;
});
afterAll(() => {
  if (previousTotp === undefined) delete process.env.AULA_TOTP_REQUIRED;
  else process.env.AULA_TOTP_REQUIRED = previousTotp;
});

function post(token: string, fields: Record<string, string>) {
  return new Request('http://localhost/coordinamento/persone', { method: 'POST', body: new URLSearchParams(fields), headers: { Cookie: `aula_session=${token}`, 'Accept-Language': 'it' } });
}

async function submit(token: string, fields: Record<string, string>) {
  const r = (await peopleAction(routeArgs(post(token, fields)) as never)) as unknown as { data: { errors: Record<string, string>; done?: string }; init: { status: number } | null };
  return { status: r.init?.status ?? 200, ...r.data };
}

describe('coordination: reminder steps of a person’s assignment', () => {
  it('the coordinator sets the steps when assigning people; bad steps get an Italian message and store nothing', async () => {
    const n = await twoNetworks();
    const { token } = await createSession({ userId: n.coordinator.id });
    const db = await getDb();
    const steps = () =>
      db
        .select()
        .from(schema.assignmentReminders)
        .where(and(eq(schema.assignmentReminders.userId, n.pA1.id), eq(schema.assignmentReminders.courseId, courseId)));

    const bad = await submit(token, { intent: 'assign', courseId, userId: n.pA1.id, dueOn: '2030-05-31', reminderDays: '14, sette' });
    expect(bad.status).toBe(400);
    expect(bad.errors.reminderDays).toBe('Scrivi dei numeri di giorni separati da virgole, per esempio 14, 7, -1.');
    expect(await steps()).toHaveLength(0);
    expect(
      await db
        .select()
        .from(schema.enrolments)
        .where(and(eq(schema.enrolments.userId, n.pA1.id), eq(schema.enrolments.courseId, courseId))),
    ).toHaveLength(0);

    const ok = await submit(token, { intent: 'assign', courseId, userId: n.pA1.id, dueOn: '2030-05-31', reminderDays: '3, 30, -2' });
    expect(ok.status).toBe(200);
    expect(ok.done).toBe('bulk.done.assign');
    expect((await steps())[0]!.reminderDays).toEqual([30, 3, -2]);

    // Left empty: the defaults, 14 and 7 days before and 1 after.
    await submit(token, { intent: 'assign', courseId, userId: n.pA1.id, dueOn: '2030-05-31', reminderDays: '' });
    expect((await steps())[0]!.reminderDays).toEqual([14, 7, -1]);
  });
});
