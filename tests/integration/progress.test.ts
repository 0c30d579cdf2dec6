import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getCourseModules } from '~/courses/courses.server';
import { markModuleRead } from '~/progress/progress.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const slug = uniqueSlug('progressi');
beforeAll(async () => {
  await importContent({ root: makeContent(slug) });
});

describe('reading progress', () => {
  it('marking a module read records an event and a status; a module without a quiz is then complete', async () => {
    const user = await seedUser();
    await markModuleRead({ userId: user.id, courseSlug: slug, moduleSlug: 'secondo' });
    const data = await getCourseModules({ userId: user.id, courseSlug: slug });
    const second = data!.modules.find((m) => m.slug === 'secondo')!;
    expect(second.status.readAt).toBeInstanceOf(Date);
    expect(second.status.completedAt).toBeInstanceOf(Date);
    const first = data!.modules.find((m) => m.slug === 'primo')!;
    expect(first.status.readAt).toBeNull();
    // Reading: 2 modules + 1 quiz = 3 steps; one done.
    expect(data!.progress).toMatchObject({ total: 3, done: 1, percent: 33, resume: { slug: 'primo', step: 'read' } });
    const db = await getDb();
    const events = await db
      .select()
      .from(schema.progressEvents)
      .where(and(eq(schema.progressEvents.userId, user.id)));
    expect(events.map((e) => e.kind).sort()).toEqual(['completed', 'read']);
  });

  it('a module with a quiz is read but not complete, and "Riprendi da qui" points to its quiz', async () => {
    const user = await seedUser();
    await markModuleRead({ userId: user.id, courseSlug: slug, moduleSlug: 'primo' });
    const again = await markModuleRead({ userId: user.id, courseSlug: slug, moduleSlug: 'primo' });
    expect(again).not.toBeNull();
    const data = await getCourseModules({ userId: user.id, courseSlug: slug });
    const first = data!.modules.find((m) => m.slug === 'primo')!;
    expect(first.status.completedAt).toBeNull();
    expect(data!.progress.resume).toEqual({ slug: 'primo', step: 'quiz' });
  });

  it('marking a module that does not exist changes nothing', async () => {
    const user = await seedUser();
    expect(await markModuleRead({ userId: user.id, courseSlug: slug, moduleSlug: 'inesistente' })).toBeNull();
    const db = await getDb();
    expect(await db.select().from(schema.progressEvents).where(eq(schema.progressEvents.userId, user.id))).toEqual([]);
  });
});

describe('new versions of a module', () => {
  it('publishing a new version keeps the completion, which records the version completed', async () => {
    const s = uniqueSlug('versioni');
    const root = makeContent(s);
    await importContent({ root });
    const user = await seedUser();
    await markModuleRead({ userId: user.id, courseSlug: s, moduleSlug: 'secondo' });
    const before = (await getCourseModules({ userId: user.id, courseSlug: s }))!.modules.find((m) => m.slug === 'secondo')!;
    const fs = await import('node:fs');
    const path = await import('node:path');
    fs.writeFileSync(path.join(root, `courses/${s}/02-secondo/index.mdx`), moduleMdx('Secondo modulo, versione 2'));
    await importContent({ root });
    const after = (await getCourseModules({ userId: user.id, courseSlug: s }))!.modules.find((m) => m.slug === 'secondo')!;
    expect(after.versionNo).toBe(2);
    expect(after.status.completedAt).toEqual(before.status.completedAt);
    const db = await getDb();
    const [status] = await db
      .select()
      .from(schema.moduleStatus)
      .where(and(eq(schema.moduleStatus.userId, user.id), eq(schema.moduleStatus.documentId, after.documentId)));
    expect(status!.completedVersionId).toBe(before.versionId);
    expect(status!.completedVersionId).not.toBe(after.versionId);
  });
});
