/**
 * The studio's review workflow (issue 14): bozza → in revisione → (modifiche richieste → bozza) →
 * approvata → pubblicata → sostituita, the four-eyes rule, and forged transitions refused in the
 * domain layer with nothing changed.
 */
import { and, count, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getSettings, saveSettings } from '~/admin/settings.server';
import { importContent } from '~/startup/import-content.server';
import { discardDraft, getEditorState, saveDraft } from '~/studio/drafts.server';
import { publishDraft, runScheduledPublishing } from '~/studio/publish.server';
import { commentOnDraft, decideReview, getReviewState, submitForReview, withdrawFromReview } from '~/studio/review.server';
import { getDb, schema } from '~/utils/db.server';
import { makeContent, moduleMdx, QUIZ, uniqueSlug } from '../fixtures/content';
import { seedUser } from './helpers';

const BODY = '## Introduzione\n\nIl permesso si chiede in Questura entro otto giorni.\n';

async function withRole(user: { id: string }, role: 'revisore' | 'lecturer') {
  const db = await getDb();
  await db.insert(schema.userRoles).values({ userId: user.id, role });
  return user;
}

async function setup({ review = true }: { review?: boolean } = {}) {
  const slug = uniqueSlug('revisione');
  await importContent({ root: makeContent(slug) });
  const db = await getDb();
  const [doc] = await db
    .select({ id: schema.contentDocuments.id })
    .from(schema.contentDocuments)
    .where(and(eq(schema.contentDocuments.scope, slug), eq(schema.contentDocuments.slug, 'primo')));
  const author = await seedUser({ role: 'lecturer' });
  const reviewer = await withRole(await seedUser({ role: 'lecturer' }), 'revisore');
  if (review) await saveSettings({ actorId: author.id, values: { reviewCourses: [...(await getSettings()).reviewCourses, slug] } });
  return { slug, documentId: doc!.id, author, reviewer };
}

async function draftRow(documentId: string) {
  const db = await getDb();
  const rows = await db.select().from(schema.studioDrafts).where(eq(schema.studioDrafts.documentId, documentId)).orderBy(schema.studioDrafts.createdAt);
  return rows.at(-1)!;
}

async function versions(documentId: string) {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(schema.contentVersions).where(eq(schema.contentVersions.documentId, documentId));
  return Number(row!.n);
}

async function tableCounts(documentId: string) {
  const db = await getDb();
  const draft = await draftRow(documentId);
  const [c] = await db.select({ n: count() }).from(schema.studioReviewComments).where(eq(schema.studioReviewComments.draftId, draft.id));
  const [r] = await db.select({ n: count() }).from(schema.studioReviews).where(eq(schema.studioReviews.draftId, draft.id));
  return { draft, comments: Number(c!.n), reviews: Number(r!.n), versions: await versions(documentId) };
}

async function auditActions(documentId: string) {
  const db = await getDb();
  const rows = await db.select({ action: schema.auditLog.action, data: schema.auditLog.data }).from(schema.auditLog).where(eq(schema.auditLog.target, documentId)).orderBy(schema.auditLog.createdAt);
  return rows;
}

describe('studio review', () => {
  it('walks bozza → in revisione → modifiche richieste → bozza → in revisione → approvata → pubblicata → sostituita, with comments, mail and audit', async () => {
    const { documentId, author, reviewer } = await setup();
    const db = await getDb();
    expect((await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 })).ok).toBe(true);

    // Publishing without approval is refused when the course requires review.
    expect(await publishDraft({ documentId, actorId: author.id, revision: 1, note: '', lawSummary: null })).toEqual({ ok: false, reason: 'notApproved' });
    expect(await versions(documentId)).toBe(1);

    expect(await submitForReview({ documentId, actorId: author.id, revision: 1 })).toEqual({ ok: true, state: 'in_review' });
    expect((await draftRow(documentId)).state).toBe('in_review');
    const toReviewer = await db
      .select()
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `review:submit:%:${reviewer.id}`));
    expect(toReviewer.map((m) => m.subject)).toContain('Aula: «Primo modulo» attende la tua revisione');
    // The author, who is not a reviewer, is not asked to review their own draft.
    const toAuthor = await db
      .select()
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `review:submit:%:${author.id}`));
    expect(toAuthor).toHaveLength(0);

    // A comment on lines 15–16 of the source, stored with the lines it names.
    const source = (await draftRow(documentId)).source;
    const lineOf = source.split('\n').findIndex((l) => l.includes('otto giorni')) + 1;
    expect(await commentOnDraft({ documentId, actorId: reviewer.id, revision: 1, fromLine: lineOf - 2, toLine: lineOf, body: 'Citare l’articolo 5 comma 2.' })).toMatchObject({ ok: true });
    expect(await commentOnDraft({ documentId, actorId: reviewer.id, revision: 1, fromLine: 0, toLine: 2, body: 'fuori' })).toEqual({ ok: false, reason: 'badRange' });
    expect(await commentOnDraft({ documentId, actorId: reviewer.id, revision: 1, fromLine: 3, toLine: 9999, body: 'fuori' })).toEqual({ ok: false, reason: 'badRange' });
    expect(await commentOnDraft({ documentId, actorId: reviewer.id, revision: 1, fromLine: 3, toLine: 2, body: 'al contrario' })).toEqual({ ok: false, reason: 'badRange' });

    expect(await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'changes_requested', message: 'Vedi il commento.' })).toEqual({ ok: true, state: 'changes_requested' });
    const seen = await getReviewState({ documentId, userId: author.id });
    expect(seen.comments).toHaveLength(1);
    expect(seen.comments[0]).toMatchObject({ fromLine: lineOf - 2, toLine: lineOf, body: 'Citare l’articolo 5 comma 2.', revision: 1 });
    expect(seen.comments[0]!.excerpt).toContain('otto giorni');
    expect(seen.reviews.map((r) => r.decision)).toEqual(['changes_requested']);
    const changesMail = await db
      .select()
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `review:decision:%:${author.id}`));
    expect(changesMail.map((m) => m.subject)).toEqual(['Aula: modifiche richieste a «Primo modulo»']);

    // The author fixes the text: back to a draft, then to review again.
    expect(await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY.replace('Questura', 'Questura (art. 5 c. 2 TU)')), quizSource: QUIZ, revision: 1 })).toMatchObject({
      ok: true,
      revision: 2,
    });
    expect((await draftRow(documentId)).state).toBe('draft');
    expect(await submitForReview({ documentId, actorId: author.id, revision: 2 })).toMatchObject({ ok: true });
    // An approval of a revision the reviewer did not read is a conflict.
    expect(await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'conflict' });
    expect(await decideReview({ documentId, actorId: reviewer.id, revision: 2, decision: 'approved', message: 'Bene.' })).toEqual({ ok: true, state: 'approved' });
    expect(await draftRow(documentId)).toMatchObject({ state: 'approved', approvedRevision: 2, approvedBy: reviewer.id });
    const approvedMail = await db
      .select()
      .from(schema.mailOutbox)
      .where(like(schema.mailOutbox.idempotencyKey, `review:decision:%:${author.id}`));
    expect(approvedMail.map((m) => m.subject)).toContain('Aula: «Primo modulo» è stato approvato');

    const published = await publishDraft({ documentId, actorId: author.id, revision: 2, note: 'Articolo citato', lawSummary: 'Dal 12 giugno 2026 si applica il Patto UE.' });
    expect(published).toMatchObject({ ok: true, state: 'published', versionNo: 2 });
    const first = await draftRow(documentId);
    expect(first.state).toBe('published');

    // A later publication supersedes it ("sostituita").
    await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY.replace('otto', 'dieci')), quizSource: QUIZ, revision: 0 });
    await submitForReview({ documentId, actorId: author.id, revision: 1 });
    await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'approved', message: '' });
    expect(await publishDraft({ documentId, actorId: author.id, revision: 1, note: '', lawSummary: null })).toMatchObject({ ok: true, versionNo: 3 });
    const [old] = await db.select({ state: schema.studioDrafts.state }).from(schema.studioDrafts).where(eq(schema.studioDrafts.id, first.id));
    expect(old!.state).toBe('superseded');

    const actions = (await auditActions(documentId)).map((a) => a.action);
    for (const a of ['studio.save', 'studio.review.submit', 'studio.review.comment', 'studio.review.requestChanges', 'studio.review.approve', 'studio.publish', 'studio.review.refused'])
      expect(actions).toContain(a);
  });

  it('four eyes: an author never approves their own revision, even holding the reviewer role; nor does any co-author; a lecturer without the role cannot review', async () => {
    const { documentId, author, reviewer } = await setup();
    const both = await withRole(await seedUser({ role: 'lecturer' }), 'revisore');
    const plainLecturer = await seedUser({ role: 'lecturer' });
    await saveDraft({ documentId, actorId: both.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    // A co-author: the reviewer saved the draft too.
    await saveDraft({ documentId, actorId: reviewer.id, source: moduleMdx('Primo modulo', `${BODY}\nUna riga in più.\n`), quizSource: QUIZ, revision: 1 });
    await submitForReview({ documentId, actorId: both.id, revision: 2 });
    const before = await tableCounts(documentId);

    expect(await decideReview({ documentId, actorId: both.id, revision: 2, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'ownRevision' });
    expect(await decideReview({ documentId, actorId: reviewer.id, revision: 2, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'ownRevision' });
    expect(await commentOnDraft({ documentId, actorId: both.id, revision: 2, fromLine: 1, toLine: 1, body: 'Mi approvo.' })).toEqual({ ok: false, reason: 'ownRevision' });
    expect(await decideReview({ documentId, actorId: plainLecturer.id, revision: 2, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'notReviewer' });
    expect(await decideReview({ documentId, actorId: author.id, revision: 2, decision: 'changes_requested', message: '' })).toEqual({ ok: false, reason: 'notReviewer' });
    // Nothing changed: same state, no review, no comment, no version.
    expect(await tableCounts(documentId)).toEqual(before);
    const refusals = (await auditActions(documentId)).filter((a) => a.action === 'studio.review.refused').map((a) => JSON.parse(a.data!).reason);
    expect(refusals).toEqual(expect.arrayContaining(['ownRevision', 'notReviewer']));

    // A reviewer who never saved it may approve.
    const third = await withRole(await seedUser({ role: 'lecturer' }), 'revisore');
    expect(await decideReview({ documentId, actorId: third.id, revision: 2, decision: 'approved', message: '' })).toEqual({ ok: true, state: 'approved' });
  });

  it('forged transitions are refused and change nothing: editing, discarding or publishing a draft in review, approving a draft not in review, publishing an edited approval', async () => {
    const { documentId, author, reviewer } = await setup();
    await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    // Approving a draft nobody sent for review.
    expect(await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'approved', message: '' })).toEqual({ ok: false, reason: 'wrongState' });
    expect((await draftRow(documentId)).state).toBe('draft');
    await submitForReview({ documentId, actorId: author.id, revision: 1 });
    const before = await tableCounts(documentId);
    expect(await saveDraft({ documentId, actorId: author.id, source: 'testo cambiato di nascosto', quizSource: '', revision: 1 })).toEqual({ ok: false, reason: 'inReview' });
    expect(await saveDraft({ documentId, actorId: reviewer.id, source: 'testo cambiato dal revisore', quizSource: '', revision: 1 })).toEqual({ ok: false, reason: 'inReview' });
    expect(await discardDraft({ documentId, actorId: author.id, revision: 1 })).toBe(false);
    expect(await publishDraft({ documentId, actorId: author.id, revision: 1, note: '', lawSummary: null })).toEqual({ ok: false, reason: 'inReview' });
    expect(await submitForReview({ documentId, actorId: author.id, revision: 1 })).toEqual({ ok: false, reason: 'wrongState' });
    // Only an author withdraws it.
    expect(await withdrawFromReview({ documentId, actorId: reviewer.id, revision: 1 })).toEqual({ ok: false, reason: 'notAuthor' });
    expect(await tableCounts(documentId)).toEqual(before);

    await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'approved', message: '' });
    // Editing the approved draft voids the approval: the new text needs its own.
    expect(await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', `${BODY}\nAggiunta dopo l’approvazione.\n`), quizSource: QUIZ, revision: 1 })).toMatchObject({
      ok: true,
      revision: 2,
    });
    expect(await draftRow(documentId)).toMatchObject({ state: 'draft', approvedRevision: null });
    expect(await publishDraft({ documentId, actorId: author.id, revision: 2, note: '', lawSummary: null })).toEqual({ ok: false, reason: 'notApproved' });
    expect(await publishDraft({ documentId, actorId: author.id, revision: 2, note: '', lawSummary: null, at: new Date(Date.now() + 3_600_000) })).toEqual({ ok: false, reason: 'notApproved' });
    expect(await versions(documentId)).toBe(1);
    // Withdrawing gives the draft back to its author.
    await submitForReview({ documentId, actorId: author.id, revision: 2 });
    expect(await withdrawFromReview({ documentId, actorId: author.id, revision: 2 })).toEqual({ ok: true, state: 'draft' });
    expect((await getEditorState(documentId))?.draft?.state).toBe('draft');
  });

  it('an invalid draft cannot be sent for review', async () => {
    const { documentId, author } = await setup();
    await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', '<Script>x</Script>\n'), quizSource: QUIZ, revision: 0 });
    expect(await submitForReview({ documentId, actorId: author.id, revision: 1 })).toEqual({ ok: false, reason: 'invalid' });
    expect((await draftRow(documentId)).state).toBe('draft');
  });

  it('an approved revision can be scheduled, and the job publishes it once; without approval the job publishes nothing and returns it to draft', async () => {
    const { documentId, author, reviewer } = await setup();
    await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    await submitForReview({ documentId, actorId: author.id, revision: 1 });
    await decideReview({ documentId, actorId: reviewer.id, revision: 1, decision: 'approved', message: '' });
    const now = new Date();
    const at = new Date(now.getTime() + 3_600_000);
    expect(await publishDraft({ documentId, actorId: author.id, revision: 1, note: '', lawSummary: null, at, now })).toMatchObject({ ok: true, state: 'scheduled' });
    const later = new Date(at.getTime() + 1000);
    const [a, b] = await Promise.all([runScheduledPublishing({ now: later }), runScheduledPublishing({ now: later })]);
    expect(a.published + b.published).toBe(1);
    expect(await versions(documentId)).toBe(2);

    // A draft scheduled before the course required review is not published by the job.
    const other = await setup({ review: false });
    await saveDraft({ documentId: other.documentId, actorId: other.author.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    expect(await publishDraft({ documentId: other.documentId, actorId: other.author.id, revision: 1, note: '', lawSummary: null, at, now })).toMatchObject({ ok: true, state: 'scheduled' });
    await saveSettings({ actorId: other.author.id, values: { reviewCourses: [...(await getSettings()).reviewCourses, other.slug] } });
    await runScheduledPublishing({ now: later });
    expect(await versions(other.documentId)).toBe(1);
    // It goes back to its authors as a draft, and the job does not try it again.
    expect((await draftRow(other.documentId)).state).toBe('draft');
    expect((await auditActions(other.documentId)).map((a) => a.action)).toContain('studio.review.unscheduled');
  });

  it('without the setting, lecturers publish directly as before', async () => {
    const { documentId, author } = await setup({ review: false });
    await saveDraft({ documentId, actorId: author.id, source: moduleMdx('Primo modulo', BODY), quizSource: QUIZ, revision: 0 });
    expect(await publishDraft({ documentId, actorId: author.id, revision: 1, note: '', lawSummary: null })).toMatchObject({ ok: true, state: 'published', versionNo: 2 });
  });
});
