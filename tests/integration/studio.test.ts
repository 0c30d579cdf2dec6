import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getModulePage } from '~/courses/courses.server';
import { getEditorState, saveDraft } from '~/studio/drafts.server';
import { diffVersions, restoreVersion } from '~/studio/history.server';
import { publishDraft, runScheduledPublishing } from '~/studio/publish.server';
import { validateModule } from '~/studio/validate.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, QUIZ, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

async function setup() {
  const slug = uniqueSlug('studio');
  const root = makeContent(slug);
  await importContent({ root });
  const db = await getDb();
  const [doc] = await db
    .select({ id: schema.contentDocuments.id, currentVersionId: schema.contentDocuments.currentVersionId })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.scope, slug), eq(schema.contentDocuments.slug, 'primo')));
  const lecturer = await seedUser({ role: 'lecturer' });
  return { slug, root, documentId: doc!.id, firstVersionId: doc!.currentVersionId!, lecturer };
}

async function versions(documentId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(schema.contentVersions).where(eq(schema.contentVersions.documentId, documentId));
  return Number(row!.n);
}

const BODY = '## Introduzione\n\nIl permesso si chiede in Questura entro otto giorni.\n';
const FIXED = moduleMdx('Primo modulo', BODY);

describe('studio', () => {
  it('reports a forbidden component with line, column and an Italian message, and a valid text has none', async () => {
    const bad = moduleMdx('Primo modulo', '## Introduzione\n\n<Script>alert(1)</Script>\n');
    const r = await validateModule({ source: bad, quizSource: '' });
    expect(r.ok).toBe(false);
    const issue = r.issues.find((i) => i.message.includes('componente <Script> non ammesso'));
    expect(issue).toMatchObject({ file: 'index.mdx', line: 15, column: 1 });
    const hostile = await validateModule({ source: moduleMdx('Primo modulo', '## Link\n\n[apri](javascript:alert(1))\n'), quizSource: '' });
    expect(hostile.issues.map((i) => i.message).join()).toMatch(/javascript/);
    const ok = await validateModule({ source: FIXED, quizSource: QUIZ });
    expect(ok.ok).toBe(true);
  });

  it('saves drafts with an optimistic lock: a stale save is a conflict and writes nothing', async () => {
    const { documentId, lecturer } = await setup();
    const other = await seedUser({ role: 'lecturer' });
    const first = await saveDraft({ documentId, actorId: lecturer.id, source: 'bozza uno', quizSource: '', revision: 0 });
    expect(first).toMatchObject({ ok: true, revision: 1 });
    const stale = await saveDraft({ documentId, actorId: other.id, source: 'bozza due', quizSource: '', revision: 0 });
    expect(stale).toMatchObject({ ok: false, reason: 'conflict', theirs: { source: 'bozza uno', revision: 1 } });
    const state = await getEditorState(documentId);
    expect(state?.draft).toMatchObject({ source: 'bozza uno', revision: 1 });
  });

  it('refuses to publish an invalid draft, and publishes a valid one as a new version learners read', async () => {
    const { slug, documentId, lecturer } = await setup();
    const learner = await seedUser();
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo', '<Script>x</Script>\n'), quizSource: QUIZ, revision: 0 });
    const refused = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await versions(documentId)).toBe(1);
    // The learner still reads version 1 while a draft exists.
    expect((await getModulePage({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' }))?.module.versionNo).toBe(1);
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo aggiornato', BODY), quizSource: QUIZ, revision: 1 });
    const stale = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
    const done = await publishDraft({ documentId, actorId: lecturer.id, revision: 2, note: 'termine aggiornato', lawSummary: null });
    expect(done).toMatchObject({ ok: true, state: 'published', versionNo: 2 });
    const page = await getModulePage({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    expect(page?.module).toMatchObject({ versionNo: 2, title: 'Primo modulo aggiornato' });
    expect((await getEditorState(documentId))?.draft).toBeNull();
    const db = await getDb();
    const audit = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.target, documentId), eq(schema.auditLog.action, 'studio.publish')));
    expect(audit).toHaveLength(1);
  });

  it('a one-word change is one change in the word diff; restoring creates a new version equal to the old one', async () => {
    const { documentId, firstVersionId, lecturer } = await setup();
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    const state = await getEditorState(documentId);
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Primo modulo', BODY.replace('otto', 'dieci')), quizSource: state!.published!.quizSource, revision: 0 });
    const second = await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    expect(second.ok).toBe(true);
    const db = await getDb();
    const v = schema.contentVersions;
    const rows = await db.select({ id: v.id, no: v.versionNo, hash: v.sourceHash }).from(v).where(eq(v.documentId, documentId)).orderBy(v.versionNo);
    const diff = await diffVersions({ documentId, fromId: rows[1]!.id, toId: rows[2]!.id });
    expect(diff?.changes).toBe(1);
    expect(diff?.words.filter((w) => w.kind === 'removed').map((w) => w.text.trim())).toEqual(['otto']);
    expect(diff?.words.filter((w) => w.kind === 'added').map((w) => w.text.trim())).toEqual(['dieci']);
    const restored = await restoreVersion({ documentId, versionId: firstVersionId, actorId: lecturer.id, note: 'ritorno alla prima' });
    expect(restored).toEqual({ ok: true, versionNo: 4 });
    const after = await db.select({ no: v.versionNo, hash: v.sourceHash }).from(v).where(eq(v.documentId, documentId)).orderBy(v.versionNo);
    expect(after).toHaveLength(4);
    expect(after[3]!.hash).toBe(rows[0]!.hash);
  });

  it('scheduled publishing runs once however often the job runs, and tells the author and, for a law change, learners who completed the module', async () => {
    const { documentId, firstVersionId, lecturer } = await setup();
    const db = await getDb();
    const learner = await seedUser();
    const [doc] = await db.select({ courseId: schema.contentDocuments.courseId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, documentId));
    await db.insert(schema.moduleStatus).values({ userId: learner.id, documentId, courseId: doc!.courseId!, completedAt: new Date(), completedVersionId: firstVersionId });
    await saveDraft({ documentId, actorId: lecturer.id, source: FIXED, quizSource: QUIZ, revision: 0 });
    const now = new Date();
    const at = new Date(now.getTime() + 3_600_000);
    expect(await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: 'Dal 12 giugno 2026 si applica il Patto UE.', at, now })).toMatchObject({
      ok: true,
      state: 'scheduled',
    });
    expect(await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null, at: new Date(now.getTime() - 60_000), now })).toMatchObject({
      ok: false,
      reason: 'pastSchedule',
    });
    expect(await runScheduledPublishing({ now })).toEqual({ due: 0, published: 0 });
    expect(await versions(documentId)).toBe(1);
    const later = new Date(at.getTime() + 1000);
    const [a, b] = await Promise.all([runScheduledPublishing({ now: later }), runScheduledPublishing({ now: later })]);
    expect(a.published + b.published).toBe(1);
    expect(await runScheduledPublishing({ now: later })).toEqual({ due: 0, published: 0 });
    expect(await versions(documentId)).toBe(2);
    // On PostgreSQL the suites share the outbox: only this publication's notices count here.
    const [doc2] = await db.select({ currentVersionId: schema.contentDocuments.currentVersionId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, documentId));
    const mail = await db
      .select({ to: schema.mailOutbox.to, key: schema.mailOutbox.idempotencyKey })
      .from(schema.mailOutbox)
      .where(and(like(schema.mailOutbox.idempotencyKey, 'studio:%'), like(schema.mailOutbox.idempotencyKey, `%${doc2!.currentVersionId}%`)));
    expect(mail.map((m) => m.to).sort()).toEqual([lecturer.email, learner.email].sort());
  });

  it('the start-up import never overwrites a version published in the studio, and reports a changed file as a conflict', async () => {
    const { root, slug, documentId, lecturer } = await setup();
    await saveDraft({ documentId, actorId: lecturer.id, source: moduleMdx('Scritto nello studio', BODY), quizSource: QUIZ, revision: 0 });
    await publishDraft({ documentId, actorId: lecturer.id, revision: 1, note: '', lawSummary: null });
    const unchanged = await importContent({ root });
    expect(unchanged.created).toEqual([]);
    expect(unchanged.conflicts).toEqual([]);
    fs.writeFileSync(path.join(root, `courses/${slug}/01-primo/index.mdx`), moduleMdx('Cambiato nel file'));
    const changed = await importContent({ root });
    expect(changed.created).toEqual([]);
    expect(changed.conflicts).toHaveLength(1);
    expect(changed.conflicts[0]!.message).toContain('pubblicata nello studio');
    expect(await versions(documentId)).toBe(2);
    expect((await getEditorState(documentId))?.document.title).toBe('Scritto nello studio');
  });
});

describe('studio positions', () => {
  it('an unclosed component gets the line and column of the whole file', async () => {
    const r = await validateModule({ source: moduleMdx('Primo modulo', '## Introduzione\n\n<Nota>\n\nTesto senza chiusura.\n'), quizSource: '' });
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ file: 'index.mdx', line: 15, column: 1 });
    expect(r.issues[0]!.message).toMatch(/^MDX non valido/);
  });
});
