import fs from 'node:fs';
import path from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importContent } from '~/startup/import-content.server';
import { getCourseModules, listCourses } from '~/courses/courses.server';
import { markModuleRead, recordQuizPassed } from '~/progress/progress.server';
import { getUpdateDiff } from '~/progress/updates.server';
import { getQuizOverview, startAttempt, submitAttempt } from '~/quiz/attempts.server';
import { saveDraft } from '~/studio/drafts.server';
import { publishDraft } from '~/studio/publish.server';
import { loader as verifyPageLoader } from '~/routes/certificati.verifica.$code';
import { translate } from '~/i18n/i18n';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { routeArgs, seedUser } from './helpers';

const SUMMARY = 'Dal 12 giugno 2026 si applica il Patto UE su migrazione e asilo.';
const NEW_BODY = '## Introduzione\n\nTesto aggiornato del modulo con un rinvio alla <Scheda slug="scheda-prova">scheda di prova</Scheda> e al <Glossario termine="sui">SUI</Glossario>.\n';

async function course() {
  const slug = uniqueSlug('aggiorna');
  const root = makeContent(slug);
  await importContent({ root });
  return { slug, root, lecturer: await seedUser({ role: 'lecturer' }) };
}

async function doc(slug: string, moduleSlug: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: schema.contentDocuments.id, courseId: schema.contentDocuments.courseId, versionId: schema.contentDocuments.currentVersionId })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.scope, slug), eq(schema.contentDocuments.slug, moduleSlug)));
  return { documentId: row!.id, courseId: row!.courseId!, versionId: row!.versionId! };
}

/** The quiz passed on the module's current version, as the quiz submission records it. */
async function passQuiz(userId: string, slug: string, moduleSlug: string) {
  const d = await doc(slug, moduleSlug);
  const db = await getDb();
  return db.transaction((tx) => recordQuizPassed(tx, { userId, ...d }));
}

async function publishLawChange(slug: string, moduleSlug: string, lecturerId: string, source: string) {
  const { documentId } = await doc(slug, moduleSlug);
  const saved = await saveDraft({ documentId, actorId: lecturerId, source, quizSource: '', revision: 0 });
  expect(saved).toMatchObject({ ok: true });
  const published = await publishDraft({ documentId, actorId: lecturerId, revision: 1, note: 'modifica normativa', lawSummary: SUMMARY });
  expect(published).toMatchObject({ ok: true, state: 'published' });
  return published as { versionId: string };
}

const moduleOf = async (userId: string, slug: string, moduleSlug: string) => (await getCourseModules({ userId, courseSlug: slug }))!.modules.find((m) => m.slug === moduleSlug)!;

describe('law changes ("modifica normativa")', () => {
  it('a learner who read a module sees it "da aggiornare" with the summary and the word diff until they read the new version; a learner who never read it is untouched', async () => {
    const { slug, lecturer } = await course();
    const reader = await seedUser();
    const newcomer = await seedUser();
    await markModuleRead({ userId: reader.id, courseSlug: slug, moduleSlug: 'secondo' });
    const before = await moduleOf(reader.id, slug, 'secondo');
    expect(before.update).toBeNull();
    const { versionId } = await publishLawChange(slug, 'secondo', lecturer.id, moduleMdx('Secondo modulo', NEW_BODY));

    const after = await moduleOf(reader.id, slug, 'secondo');
    expect(after.versionNo).toBe(2);
    expect(after.update).toMatchObject({ pending: true, needsRead: true, needsQuiz: false, changes: [{ versionNo: 2, summary: SUMMARY }], fromVersionId: before.versionId, toVersionId: versionId });
    // The completion and the progress are kept: certificates stay valid.
    expect(after.status.completedAt).toEqual(before.status.completedAt);
    const listed = (await listCourses({ userId: reader.id })).find((c) => c.slug === slug)!;
    expect(listed.updates.map((u) => u.slug)).toEqual(['secondo']);
    expect(listed.progress.toUpdate).toBe(1);
    expect((await moduleOf(newcomer.id, slug, 'secondo')).update).toBeNull();
    expect((await listCourses({ userId: newcomer.id })).find((c) => c.slug === slug)!.updates).toEqual([]);

    // "Cosa è cambiato": one inserted word between the version read and the current one.
    const found = await getUpdateDiff({ userId: reader.id, documentId: after.documentId });
    expect(found!.diff).toMatchObject({ fromNo: 1, toNo: 2, changes: 1 });
    expect(found!.diff!.words.filter((w) => w.kind !== 'same').map((w) => [w.kind, w.text.trim()])).toEqual([['added', 'aggiornato']]);

    // The learner who read the old version is told by e-mail, in the publishing transaction; nobody else.
    const db = await getDb();
    const mail = await db
      .select({ to: schema.mailOutbox.to })
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `studio:law:${versionId}:%`));
    expect(mail.map((m) => m.to)).toEqual([reader.email]);

    // Reading the new version records it and brings the module up to date.
    await markModuleRead({ userId: reader.id, courseSlug: slug, moduleSlug: 'secondo' });
    const done = await moduleOf(reader.id, slug, 'secondo');
    expect(done.update).toBeNull();
    expect(done.status.readAt).toEqual(before.status.readAt);
    const [status] = await db
      .select()
      .from(schema.moduleStatus)
      .where(and(eq(schema.moduleStatus.userId, reader.id), eq(schema.moduleStatus.documentId, done.documentId)));
    expect(status!.readVersionId).toBe(versionId);
    expect(status!.completedVersionId).toBe(before.versionId);
    expect(await getUpdateDiff({ userId: reader.id, documentId: done.documentId })).toBeNull();
  });

  it('a law change that requires the quiz again (update.retakeQuiz) keeps the module "da aggiornare" until the quiz is passed on the new version; an unchanged summary is not a new change', async () => {
    const { slug, root } = await course();
    const learner = await seedUser();
    await markModuleRead({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    await passQuiz(learner.id, slug, 'primo');
    expect((await moduleOf(learner.id, slug, 'primo')).status.completedAt).toBeInstanceOf(Date);
    const withUpdate = (title: string) => moduleMdx(title).replace('reviewedAt: "2025-12-31"\n', `reviewedAt: "2025-12-31"\nupdate:\n  summary: "${SUMMARY}"\n  lawChange: true\n  retakeQuiz: true\n`);
    const file = path.join(root, `courses/${slug}/01-primo/index.mdx`);
    fs.writeFileSync(file, withUpdate('Primo modulo, aggiornato'));
    await importContent({ root });
    expect((await moduleOf(learner.id, slug, 'primo')).update).toMatchObject({ needsRead: true, needsQuiz: true, changes: [{ versionNo: 2, summary: SUMMARY, retakeQuiz: true }] });

    await markModuleRead({ userId: learner.id, courseSlug: slug, moduleSlug: 'primo' });
    expect((await moduleOf(learner.id, slug, 'primo')).update).toMatchObject({ pending: true, needsRead: false, needsQuiz: true });
    await passQuiz(learner.id, slug, 'primo');
    expect((await moduleOf(learner.id, slug, 'primo')).update).toBeNull();

    // A third version keeping the same `update` summary is not a new law change.
    fs.writeFileSync(file, withUpdate('Primo modulo, ritoccato'));
    await importContent({ root });
    const third = await moduleOf(learner.id, slug, 'primo');
    expect(third.versionNo).toBe(3);
    expect(third.update).toBeNull();
  });

  it('a law change that requires the quiz again opens a new round of attempts: a learner who had used them all may try again', async () => {
    const { slug, root } = await course();
    const learner = await seedUser();
    const ctx = { userId: learner.id, courseSlug: slug, moduleSlug: 'primo' };
    await markModuleRead(ctx);
    for (let i = 0; i < 2; i++) {
      const started = await startAttempt(ctx);
      expect(started.ok).toBe(true);
      await submitAttempt({ userId: learner.id, attemptId: (started as { attemptId: string }).attemptId, form: {} });
    }
    expect(await startAttempt(ctx)).toEqual({ ok: false, reason: 'noAttemptsLeft' });
    // A law change without retakeQuiz changes nothing for the quiz.
    const file = path.join(root, `courses/${slug}/01-primo/index.mdx`);
    const withUpdate = (title: string, retake: boolean) =>
      moduleMdx(title).replace('reviewedAt: "2025-12-31"\n', `reviewedAt: "2025-12-31"\nupdate:\n  summary: "${title}"\n  lawChange: true\n  retakeQuiz: ${retake}\n`);
    fs.writeFileSync(file, withUpdate('Primo modulo, norma nuova', false));
    await importContent({ root });
    expect(await startAttempt(ctx)).toEqual({ ok: false, reason: 'noAttemptsLeft' });
    fs.writeFileSync(file, withUpdate('Primo modulo, verifica da ripetere', true));
    await importContent({ root });
    expect(await getQuizOverview(ctx)).toMatchObject({ used: 0, left: 2, passed: false });
    const again = await startAttempt(ctx);
    expect(again.ok).toBe(true);
    expect((await getQuizOverview(ctx))!.history.map((h) => h.attemptNo)).toEqual([2, 1]);
  });

  it('a certificate stays valid, and its verification page says whether the holder completed the updates published since issuance', async () => {
    const { slug, lecturer } = await course();
    const holder = await seedUser();
    await markModuleRead({ userId: holder.id, courseSlug: slug, moduleSlug: 'primo' });
    await markModuleRead({ userId: holder.id, courseSlug: slug, moduleSlug: 'secondo' });
    const issued = await passQuiz(holder.id, slug, 'primo');
    expect(issued?.code).toBeTruthy();
    const code = issued!.code;
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const page = async () => verifyPageLoader(routeArgs(new Request(`http://localhost/certificati/verifica/${code}`), { params: { code }, ip }));

    expect(await page()).toMatchObject({ status: 'valid', updates: { published: 0, pending: 0 } });
    await publishLawChange(slug, 'secondo', lecturer.id, moduleMdx('Secondo modulo', NEW_BODY));
    const pending = await page();
    expect(pending).toMatchObject({ status: 'valid', updates: { published: 1, pending: 1 } });
    expect(translate('it', 'update.cert.pending', { pending: 1, count: 1 })).toBe('Il titolare non ha ancora completato 1 dei 1 aggiornamenti pubblicati dopo il rilascio. L’attestato resta valido.');

    await markModuleRead({ userId: holder.id, courseSlug: slug, moduleSlug: 'secondo' });
    expect(await page()).toMatchObject({ status: 'valid', updates: { published: 1, pending: 0 } });
    expect(translate('it', 'update.cert.done', { count: 1 })).toBe('Il titolare ha completato gli aggiornamenti pubblicati dopo il rilascio (1).');
  });
});
