import { eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getDb, schema } from '~/utils/db.server';
import { commitBatch, dryRun, guessMapping, purgeOldBatches, uploadEnrolmentFile } from '~/coordination/import.server';
import { assignCourse } from '~/coordination/assignments.server';
import { sendWeeklyDigests } from '~/coordination/reminders.server';
import { makeContent, uniqueSlug } from '../fixtures/content';
import { twoNetworks } from './coordination-helpers';

const slug = uniqueSlug('coordimp');
beforeAll(async () => {
  await importContent({ root: makeContent(slug) });
});

function file(rows: string[][]) {
  return new TextEncoder().encode(`\uFEFF${rows.map((r) => r.join(';')).join('\r\n')}`);
}

describe('enrolment from a file', () => {
  it('the dry run lists exactly the bad rows and writes nothing; the commit creates the good ones once; a second upload creates nothing', async () => {
    const n = await twoNetworks();
    const tag = n.tag;
    const good = Array.from({ length: 40 }, (_, i) => [`p${i}.${tag}@aula.test`, `Persona ${i}`, i % 2 ? n.a1.name : n.a2.name.toUpperCase(), ''] as string[]);
    const bad = [
      ['non-valida', 'Nome', n.a1.name, ''],
      [`x.${tag}@aula.test`, 'Nome', n.b1.name, ''],
      [`y.${tag}@aula.test`, 'Nome', n.a1.name, 'RSSMRA85T10A562X'],
      [`p0.${tag}@aula.test`, 'Doppia', n.a1.name, ''],
      [`z.${tag}@aula.test`, '@cmd', n.a1.name, ''],
      [`w.${tag}@aula.test`, '', n.a1.name, ''],
    ];
    const bytes = file([['E-mail', 'Nome', 'Unità', 'Codice fiscale'], ...good, ...bad]);
    const db = await getDb();
    const upload = await uploadEnrolmentFile({ actorId: n.coordinator.id, fileName: 'personale.csv', bytes });
    expect(upload.ok).toBe(true);
    if (!upload.ok) return;
    const mapping = guessMapping(['E-mail', 'Nome', 'Unità', 'Codice fiscale']);
    expect(mapping).toEqual({ email: 0, name: 1, unit: 2, fiscalCode: 3 });
    // Another coordinator cannot see or use the batch.
    const other = await twoNetworks();
    expect(await dryRun({ actorId: other.coordinator.id, batchId: upload.batchId, mapping })).toEqual({ ok: false, reason: 'notFound' });
    const run = await dryRun({ actorId: n.coordinator.id, batchId: upload.batchId, mapping });
    expect(run.ok && run.outcomes.filter((o) => !['new', 'assign', 'unchanged'].includes(o.outcome)).map((o) => [o.line, o.outcome])).toEqual([
      [42, 'email'],
      [43, 'unit'],
      [44, 'fiscalCheck'],
      [45, 'duplicate'],
      [46, 'hostile'],
      [47, 'name'],
    ]);
    expect(
      await db
        .select()
        .from(schema.users)
        .where(like(schema.users.email, `%.${tag}@aula.test`)),
    ).toHaveLength(0);
    expect(await commitBatch({ actorId: n.coordinator.id, batchId: upload.batchId })).toEqual({ ok: true, created: 40, assigned: 0, unchanged: 0 });
    expect(await commitBatch({ actorId: n.coordinator.id, batchId: upload.batchId })).toEqual({ ok: false, reason: 'notFound' });
    expect(
      await db
        .select()
        .from(schema.users)
        .where(like(schema.users.email, `%.${tag}@aula.test`)),
    ).toHaveLength(40);
    const [batch] = await db.select().from(schema.enrolmentBatches).where(eq(schema.enrolmentBatches.id, upload.batchId));
    expect(batch!.raw.cells).toEqual([]);

    const again = await uploadEnrolmentFile({ actorId: n.coordinator.id, fileName: 'personale.csv', bytes });
    if (!again.ok) throw new Error('upload');
    const second = await dryRun({ actorId: n.coordinator.id, batchId: again.batchId, mapping });
    expect(second.ok && second.outcomes.filter((o) => o.outcome === 'unchanged')).toHaveLength(40);
    expect(await commitBatch({ actorId: n.coordinator.id, batchId: again.batchId })).toEqual({ ok: true, created: 0, assigned: 0, unchanged: 40 });
    expect(
      await db
        .select()
        .from(schema.mailOutbox)
        .where(like(schema.mailOutbox.to, `%.${tag}@aula.test`)),
    ).toHaveLength(40);
    expect(await purgeOldBatches({ now: new Date(Date.now() + 2 * 86_400_000) })).toMatchObject({ batches: expect.any(Number) });
    expect(await db.select().from(schema.enrolmentBatches).where(eq(schema.enrolmentBatches.id, again.batchId))).toHaveLength(0);
  });
});

describe('weekly digest', () => {
  it('each coordinator gets one digest a week with the overdue people of their scope only', async () => {
    const n = await twoNetworks();
    const db = await getDb();
    const [course] = await db.select().from(schema.courses).where(eq(schema.courses.slug, slug));
    await assignCourse({ actorId: n.coordinator.id, courseId: course!.id, unitId: n.a.id, dueOn: '2020-01-31' });
    const now = new Date();
    await sendWeeklyDigests({ now });
    await sendWeeklyDigests({ now: new Date(now.getTime() + 60_000) });
    const digests = await db
      .select()
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `digest:${n.coordinator.id}:%`));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain('In ritardo: Alda Merini');
    expect(digests[0]!.text).not.toContain('Bruno Neri');
  });
});
