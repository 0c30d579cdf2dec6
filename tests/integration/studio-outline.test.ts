import fs from 'node:fs';
import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getCourseModules } from '~/courses/courses.server';
import { changeOutline, createModule, getCourseOutline, rewriteModules } from '~/studio/outline.server';
import { publishDraft } from '~/studio/publish.server';
import { getEditorState } from '~/studio/drafts.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const COMMENTED = (slug: string) => `# Il corso di prova (commento del docente)
slug: ${slug}
title: "Corso ${slug}"
version: "1"
hours: 1 # arrotondate
organisers: ["DREAM – Scuola Superiore Sant'Anna"]
description: "Corso di prova, con una descrizione lunga abbastanza da superare gli ottanta caratteri di una riga, che non deve andare a capo."
audience: "Operatori."
modules:
  - 01-primo # il primo
  - 02-secondo
  - 03-terzo
completion:
  finalExam: 03-terzo
certificate: { title: "Attestato", wording: "Ha completato il corso." }
`;

async function setup() {
  const slug = uniqueSlug('outline');
  const root = makeContent(slug, { [`courses/${slug}/course.yaml`]: COMMENTED(slug), [`courses/${slug}/03-terzo/index.mdx`]: moduleMdx('Esame finale') });
  await importContent({ root });
  const lecturer = await seedUser({ role: 'lecturer' });
  const learner = await seedUser({ role: 'learner' });
  return { slug, root, lecturer, learner };
}

async function courseFile(slug: string) {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const [row] = await db
    .select({ source: v.source, versionNo: v.versionNo, hash: v.sourceHash, note: schema.studioVersionNotes.note })
    .from(d)
    .innerJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, v.id))
    .where(and(eq(d.kind, 'course_file'), eq(d.scope, slug)));
  return row!;
}

async function learnerOrder(slug: string, userId: string) {
  return (await getCourseModules({ userId, courseSlug: slug }))!.modules.map((m) => m.slug);
}

describe('studio outline', () => {
  it('rewrites only the modules list of course.yaml: comments and long lines stay byte for byte', () => {
    const src = COMMENTED('x');
    const out = rewriteModules(src, ['02-secondo', '01-primo', '03-terzo']);
    expect(out).toBe(src.replace('  - 01-primo # il primo\n  - 02-secondo\n', '  - 02-secondo\n  - 01-primo # il primo\n'));
    expect(rewriteModules(src, ['01-primo', '02-secondo', '03-terzo'])).toBe(src);
    expect(rewriteModules(src, ['01-primo', '03-terzo', '04-nuovo'])).toBe(src.replace('  - 02-secondo\n  - 03-terzo\n', '  - 03-terzo\n  - 04-nuovo\n'));
    const flow = 'slug: x # corso\nmodules: [01-primo, 02-secondo] # ordine\nhours: 1\n';
    expect(rewriteModules(flow, ['02-secondo', '01-primo'])).toBe('slug: x # corso\nmodules: [02-secondo, 01-primo] # ordine\nhours: 1\n');
  });

  it('a lecturer moves a module up: a new studio version of course.yaml, positions, definition and the learner’s order change in one go; a stale form changes nothing', async () => {
    const { slug, lecturer, learner } = await setup();
    const before = await getCourseOutline(slug);
    expect(before!.modules.map((m) => m.slug)).toEqual(['primo', 'secondo', 'terzo']);
    const r = await changeOutline({ courseSlug: slug, baseVersionId: before!.baseVersionId, change: { op: 'up', slug: 'secondo' }, actorId: lecturer.id, note: 'riordino' });
    expect(r).toEqual({ ok: true, versionNo: 2 });
    expect(await learnerOrder(slug, learner.id)).toEqual(['secondo', 'primo', 'terzo']);
    const file = await courseFile(slug);
    expect(file.versionNo).toBe(2);
    expect(file.note).toBe('riordino');
    expect(file.source).toContain('# Il corso di prova (commento del docente)');
    expect(file.source).toContain('hours: 1 # arrotondate');
    const db = await getDb();
    const [course] = await db.select().from(schema.courses).where(eq(schema.courses.slug, slug));
    expect(course!.definition.modules).toEqual(['02-secondo', '01-primo', '03-terzo']);
    expect(course!.sourceHash).toBe(file.hash);
    const [audit] = await db.select().from(schema.auditLog).where(eq(schema.auditLog.action, 'studio.outline.up')).orderBy(desc(schema.auditLog.createdAt)).limit(1);
    expect(audit!.actorId).toBe(lecturer.id);
    // The same form again: it was based on version 1.
    const stale = await changeOutline({ courseSlug: slug, baseVersionId: before!.baseVersionId, change: { op: 'down', slug: 'secondo' }, actorId: lecturer.id, note: '' });
    expect(stale).toEqual({ ok: false, reason: 'conflict' });
    expect((await courseFile(slug)).versionNo).toBe(2);
    // The next start-up import of the unchanged files respects the studio's outline.
    const { root } = { root: makeContent(slug, { [`courses/${slug}/course.yaml`]: COMMENTED(slug), [`courses/${slug}/03-terzo/index.mdx`]: moduleMdx('Esame finale') }) };
    const report = await importContent({ root });
    expect(report.conflicts).toEqual([]);
    expect(await learnerOrder(slug, learner.id)).toEqual(['secondo', 'primo', 'terzo']);
  });

  it('retiring a module takes it out of the outline, keeps its versions, and it can come back (in its old folder); the final exam cannot be retired', async () => {
    const { slug, lecturer, learner } = await setup();
    let outline = (await getCourseOutline(slug))!;
    const retired = await changeOutline({ courseSlug: slug, baseVersionId: outline.baseVersionId, change: { op: 'retire', slug: 'primo' }, actorId: lecturer.id, note: 'ritiro' });
    expect(retired.ok).toBe(true);
    expect(await learnerOrder(slug, learner.id)).toEqual(['secondo', 'terzo']);
    outline = (await getCourseOutline(slug))!;
    expect(outline.others).toEqual([expect.objectContaining({ slug: 'primo', state: 'retired', position: -1 })]);
    expect((await getEditorState(outline.others[0]!.id))!.published).not.toBeNull();
    const exam = await changeOutline({ courseSlug: slug, baseVersionId: outline.baseVersionId, change: { op: 'retire', slug: 'terzo' }, actorId: lecturer.id, note: '' });
    expect(exam).toEqual({ ok: false, reason: 'finalExam' });
    const back = await changeOutline({ courseSlug: slug, baseVersionId: outline.baseVersionId, change: { op: 'restore', slug: 'primo' }, actorId: lecturer.id, note: 'ripristino' });
    expect(back.ok).toBe(true);
    expect(await learnerOrder(slug, learner.id)).toEqual(['secondo', 'terzo', 'primo']);
    expect((await courseFile(slug)).source).toContain('  - 01-primo\n');
  });

  it('a new module is invisible to learners until its first publication, which adds it at the end of the outline', async () => {
    const { slug, lecturer, learner } = await setup();
    const created = await createModule({ courseSlug: slug, slug: 'nuovo', title: 'Un modulo nuovo', actorId: lecturer.id });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(await createModule({ courseSlug: slug, slug: 'nuovo', title: 'Di nuovo', actorId: lecturer.id })).toEqual({ ok: false, reason: 'exists' });
    expect(await learnerOrder(slug, learner.id)).toEqual(['primo', 'secondo', 'terzo']);
    const outline = (await getCourseOutline(slug))!;
    expect(outline.others).toEqual([expect.objectContaining({ slug: 'nuovo', state: 'new', title: 'Un modulo nuovo' })]);
    const state = (await getEditorState(created.documentId))!;
    expect(state.published).toBeNull();
    const published = await publishDraft({ documentId: created.documentId, actorId: lecturer.id, revision: state.draft!.revision, note: 'prima pubblicazione', lawSummary: null });
    expect(published).toMatchObject({ ok: true, state: 'published', versionNo: 1 });
    expect(await learnerOrder(slug, learner.id)).toEqual(['primo', 'secondo', 'terzo', 'nuovo']);
    const file = await courseFile(slug);
    expect(file.source).toContain('  - 04-nuovo\n');
    expect(file.note).toBeTruthy();
  });

  it('a start-up import after a studio outline change reports the changed course.yaml as a conflict and keeps the studio’s order', async () => {
    const { slug, root, lecturer, learner } = await setup();
    const outline = (await getCourseOutline(slug))!;
    await changeOutline({ courseSlug: slug, baseVersionId: outline.baseVersionId, change: { op: 'down', slug: 'primo' }, actorId: lecturer.id, note: '' });
    const file = path.join(root, `courses/${slug}/course.yaml`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version: "1"', 'version: "2"'));
    const report = await importContent({ root });
    expect(report.conflicts.map((c) => c.file)).toEqual([expect.stringContaining('course.yaml')]);
    expect(await learnerOrder(slug, learner.id)).toEqual(['secondo', 'primo', 'terzo']);
  });
});
