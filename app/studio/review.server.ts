/**
 * The review workflow of the studio (issue 14): a draft is sent for review, a reviewer (role
 * `revisore`, who is not one of its authors) comments on line ranges of its source and requests
 * changes or approves it; when the course requires review, only an approved revision is published.
 *
 * Every transition locks the draft row and checks, inside the transaction, the state, the revision
 * the person saw, their role and the four-eyes rule (no one who saved the draft may approve it).
 * A refused transition writes nothing but its audit entry; the caller gets a typed reason.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { readSettingsNow } from '~/admin/settings.server';
import { enqueueMany } from '~/mail/outbox.server';
import { getDb, schema, type DbOrTx, type Tx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { getDocumentRef, validateDocument } from './documents.server';

/** The states of a draft that is still being worked on (at most one per document). */
export const OPEN_STATES = ['draft', 'in_review', 'changes_requested', 'approved', 'scheduled'] as const;
export type OpenState = (typeof OPEN_STATES)[number];
/** States a draft can be published from when the course does not require review. */
export const PUBLISHABLE_WITHOUT_REVIEW: readonly OpenState[] = ['draft', 'changes_requested', 'approved', 'scheduled'];

export type ReviewRefusal = 'noDraft' | 'conflict' | 'wrongState' | 'notReviewer' | 'ownRevision' | 'notAuthor' | 'invalid' | 'badRange';
export type ReviewOutcome = { ok: true; state: OpenState } | { ok: false; reason: ReviewRefusal };

const MAX_COMMENT = 2000;
const MAX_EXCERPT = 2000;

/** Whether the course of this document requires a reviewer's approval (the admin setting, read now). */
export async function reviewRequired(conn: DbOrTx, documentId: string): Promise<boolean> {
  const [row] = await conn
    .select({ slug: schema.courses.slug, scope: schema.contentDocuments.scope })
    .from(schema.contentDocuments)
    .leftJoin(schema.courses, eq(schema.courses.id, schema.contentDocuments.courseId))
    .where(eq(schema.contentDocuments.id, documentId));
  if (!row) return false;
  const settings = await readSettingsNow(conn);
  // The library (cards, glossary, offices, synonyms) has its own setting.
  if (row.scope === 'library' && !row.slug) return settings.reviewLibrary;
  return row.slug ? settings.reviewCourses.includes(row.slug) : false;
}

/** Whether the person holds the reviewer role (admins pass every role check, as in the guards). */
async function isReviewer(tx: DbOrTx, userId: string): Promise<boolean> {
  const rows = await tx
    .select({ role: schema.userRoles.role })
    .from(schema.userRoles)
    .innerJoin(schema.users, eq(schema.users.id, schema.userRoles.userId))
    .where(and(eq(schema.userRoles.userId, userId), inArray(schema.userRoles.role, ['revisore', 'admin']), sql`${schema.users.disabledAt} is null`));
  return rows.length > 0;
}

/** Whether the person saved this draft at any time (its authors, for the four-eyes rule). */
export async function isAuthorOf(tx: DbOrTx, draft: { id: string; authorId: string | null; updatedBy: string | null }, userId: string): Promise<boolean> {
  if (draft.authorId === userId || draft.updatedBy === userId) return true;
  const rows = await tx
    .select({ id: schema.studioDraftAuthors.id })
    .from(schema.studioDraftAuthors)
    .where(and(eq(schema.studioDraftAuthors.draftId, draft.id), eq(schema.studioDraftAuthors.userId, userId)));
  return rows.length > 0;
}

/** Records that a person saved the draft (in the save's transaction). */
export async function recordAuthor(tx: Tx, draftId: string, userId: string) {
  await tx.insert(schema.studioDraftAuthors).values({ draftId, userId }).onConflictDoNothing();
}

async function lockOpenDraft(tx: Tx, documentId: string) {
  const s = schema.studioDrafts;
  const [draft] = await tx
    .select()
    .from(s)
    .where(and(eq(s.documentId, documentId), inArray(s.state, [...OPEN_STATES])))
    .for('update');
  return draft ?? null;
}

async function refused(actorId: string, documentId: string, action: string, reason: ReviewRefusal) {
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId, action: 'studio.review.refused', target: documentId, data: JSON.stringify({ attempted: action, reason }) });
  return { ok: false, reason } as const;
}

/** The author (or a co-author) sends the saved draft for review. Only a text without problems goes. */
export async function submitForReview({ documentId, actorId, revision }: { documentId: string; actorId: string; revision: number }): Promise<ReviewOutcome> {
  const db = await getDb();
  const s = schema.studioDrafts;
  const [current] = await db
    .select({ source: s.source, quizSource: s.quizSource })
    .from(s)
    .where(and(eq(s.documentId, documentId), inArray(s.state, [...OPEN_STATES])));
  if (!current) return refused(actorId, documentId, 'submit', 'noDraft');
  const ref = await getDocumentRef(db, documentId);
  const checked = ref ? await validateDocument({ doc: ref, source: current.source, quizSource: current.quizSource }) : null;
  if (!checked?.ok) return refused(actorId, documentId, 'submit', 'invalid');
  const r = await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const draft = await lockOpenDraft(tx, documentId);
    if (!draft) return { ok: false, reason: 'noDraft' };
    if (draft.revision !== revision || draft.source !== current.source || draft.quizSource !== current.quizSource) return { ok: false, reason: 'conflict' };
    if (draft.state !== 'draft' && draft.state !== 'changes_requested') return { ok: false, reason: 'wrongState' };
    const now = new Date();
    await tx.update(s).set({ state: 'in_review', submittedAt: now, updatedAt: now }).where(eq(s.id, draft.id));
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.review.submit', target: documentId, data: JSON.stringify({ draftId: draft.id, revision }) });
    await tellReviewers(tx, { documentId, draftId: draft.id, revision, title: checked.version.title, senderId: actorId });
    return { ok: true, state: 'in_review' };
  });
  return r.ok ? r : refused(actorId, documentId, 'submit', r.reason);
}

/** An author takes the draft back from review (to edit it again before anyone decides). */
export async function withdrawFromReview({ documentId, actorId, revision }: { documentId: string; actorId: string; revision: number }): Promise<ReviewOutcome> {
  const db = await getDb();
  const r = await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const draft = await lockOpenDraft(tx, documentId);
    if (!draft) return { ok: false, reason: 'noDraft' };
    if (draft.revision !== revision) return { ok: false, reason: 'conflict' };
    if (draft.state !== 'in_review') return { ok: false, reason: 'wrongState' };
    if (!(await isAuthorOf(tx, draft, actorId))) return { ok: false, reason: 'notAuthor' };
    await tx.update(schema.studioDrafts).set({ state: 'draft', updatedAt: new Date() }).where(eq(schema.studioDrafts.id, draft.id));
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.review.withdraw', target: documentId, data: JSON.stringify({ draftId: draft.id, revision }) });
    return { ok: true, state: 'draft' };
  });
  return r.ok ? r : refused(actorId, documentId, 'withdraw', r.reason);
}

/** The checks every reviewer's action shares: a draft in review, at the revision read, by a reviewer who is not its author. */
async function reviewable(tx: Tx, documentId: string, actorId: string, revision: number) {
  const draft = await lockOpenDraft(tx, documentId);
  if (!draft) return { ok: false, reason: 'noDraft' } as const;
  if (!(await isReviewer(tx, actorId))) return { ok: false, reason: 'notReviewer' } as const;
  if (await isAuthorOf(tx, draft, actorId)) return { ok: false, reason: 'ownRevision' } as const;
  if (draft.state !== 'in_review') return { ok: false, reason: 'wrongState' } as const;
  if (draft.revision !== revision) return { ok: false, reason: 'conflict' } as const;
  return { ok: true, draft } as const;
}

/** A reviewer's comment on lines `fromLine`–`toLine` (1-based, inclusive) of the draft's source. */
export async function commentOnDraft(req: { documentId: string; actorId: string; revision: number; fromLine: number; toLine: number; body: string }): Promise<ReviewOutcome> {
  const body = req.body.trim();
  if (!body || body.length > MAX_COMMENT) return refused(req.actorId, req.documentId, 'comment', 'badRange');
  const db = await getDb();
  const r = await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const checked = await reviewable(tx, req.documentId, req.actorId, req.revision);
    if (!checked.ok) return checked;
    const lines = sourceLines(checked.draft.source);
    if (!Number.isInteger(req.fromLine) || !Number.isInteger(req.toLine) || req.fromLine < 1 || req.toLine < req.fromLine || req.toLine > lines.length) return { ok: false, reason: 'badRange' };
    const excerpt = lines
      .slice(req.fromLine - 1, req.toLine)
      .join('\n')
      .slice(0, MAX_EXCERPT);
    const [row] = await tx
      .insert(schema.studioReviewComments)
      .values({ draftId: checked.draft.id, revision: req.revision, authorId: req.actorId, fromLine: req.fromLine, toLine: req.toLine, excerpt, body })
      .returning({ id: schema.studioReviewComments.id });
    await tx.insert(schema.auditLog).values({
      actorId: req.actorId,
      action: 'studio.review.comment',
      target: req.documentId,
      data: JSON.stringify({ draftId: checked.draft.id, revision: req.revision, commentId: row!.id, lines: [req.fromLine, req.toLine] }),
    });
    return { ok: true, state: 'in_review' };
  });
  return r.ok ? r : refused(req.actorId, req.documentId, 'comment', r.reason);
}

/** The reviewer's decision: request changes (back to the authors) or approve this revision. */
export async function decideReview(req: { documentId: string; actorId: string; revision: number; decision: 'changes_requested' | 'approved'; message: string }): Promise<ReviewOutcome> {
  const message = req.message.trim().slice(0, MAX_COMMENT);
  const db = await getDb();
  const r = await db.transaction(async (tx): Promise<ReviewOutcome> => {
    const checked = await reviewable(tx, req.documentId, req.actorId, req.revision);
    if (!checked.ok) return checked;
    const draft = checked.draft;
    const now = new Date();
    const s = schema.studioDrafts;
    if (req.decision === 'approved')
      await tx.update(s).set({ state: 'approved', approvedRevision: draft.revision, approvedBy: req.actorId, approvedAt: now, updatedAt: now }).where(eq(s.id, draft.id));
    else await tx.update(s).set({ state: 'changes_requested', approvedRevision: null, approvedBy: null, approvedAt: null, updatedAt: now }).where(eq(s.id, draft.id));
    const [review] = await tx
      .insert(schema.studioReviews)
      .values({ draftId: draft.id, revision: draft.revision, reviewerId: req.actorId, decision: req.decision, message })
      .returning({ id: schema.studioReviews.id });
    await tx.insert(schema.auditLog).values({
      actorId: req.actorId,
      action: req.decision === 'approved' ? 'studio.review.approve' : 'studio.review.requestChanges',
      target: req.documentId,
      data: JSON.stringify({ draftId: draft.id, revision: draft.revision, reviewId: review!.id }),
    });
    await tellAuthors(tx, { documentId: req.documentId, draft, reviewId: review!.id, decision: req.decision, message, reviewerId: req.actorId });
    return { ok: true, state: req.decision };
  });
  return r.ok ? r : refused(req.actorId, req.documentId, req.decision === 'approved' ? 'approve' : 'requestChanges', r.reason);
}

/** The source's lines as the editor numbers them (a final line break ends the last line). */
export function sourceLines(source: string): string[] {
  const lines = source.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** What the review page and the editor show: whether review is required, the comments and decisions on the open draft. */
export async function getReviewState({ documentId, userId }: { documentId: string; userId: string }) {
  const db = await getDb();
  const required = await reviewRequired(db, documentId);
  const s = schema.studioDrafts;
  const [draft] = await db
    .select({ id: s.id, authorId: s.authorId, updatedBy: s.updatedBy, approvedRevision: s.approvedRevision, approvedAt: s.approvedAt, approvedByName: schema.users.name })
    .from(s)
    .leftJoin(schema.users, eq(schema.users.id, s.approvedBy))
    .where(and(eq(s.documentId, documentId), inArray(s.state, [...OPEN_STATES])));
  const canReview = await isReviewer(db, userId);
  if (!draft) return { required, canReview, isAuthor: false, comments: [], reviews: [], approval: null };
  const c = schema.studioReviewComments;
  const comments = await db
    .select({ id: c.id, revision: c.revision, fromLine: c.fromLine, toLine: c.toLine, excerpt: c.excerpt, body: c.body, createdAt: c.createdAt, by: schema.users.name })
    .from(c)
    .leftJoin(schema.users, eq(schema.users.id, c.authorId))
    .where(eq(c.draftId, draft.id))
    .orderBy(asc(c.createdAt));
  const rv = schema.studioReviews;
  const reviews = await db
    .select({ id: rv.id, revision: rv.revision, decision: rv.decision, message: rv.message, createdAt: rv.createdAt, by: schema.users.name })
    .from(rv)
    .leftJoin(schema.users, eq(schema.users.id, rv.reviewerId))
    .where(eq(rv.draftId, draft.id))
    .orderBy(asc(rv.createdAt));
  return {
    required,
    canReview,
    isAuthor: await isAuthorOf(db, draft, userId),
    comments,
    reviews,
    approval: draft.approvedRevision !== null ? { revision: draft.approvedRevision, at: draft.approvedAt, by: draft.approvedByName } : null,
  };
}

async function moduleUrl(tx: DbOrTx, documentId: string, suffix = '') {
  return `${env.baseUrl}/studio/moduli/${documentId}${suffix}`;
}

/** Reviewers (not the draft's authors: they cannot approve it) are told a draft waits for them. */
async function tellReviewers(tx: Tx, p: { documentId: string; draftId: string; revision: number; title: string; senderId: string }) {
  const [sender] = await tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, p.senderId));
  const reviewers = await tx
    .selectDistinct({ id: schema.users.id, email: schema.users.email, locale: schema.users.locale })
    .from(schema.userRoles)
    .innerJoin(schema.users, eq(schema.users.id, schema.userRoles.userId))
    .where(
      and(
        eq(schema.userRoles.role, 'revisore'),
        sql`${schema.users.disabledAt} is null`,
        sql`${schema.users.id} not in (select user_id from studio_draft_authors where draft_id = ${p.draftId} and user_id is not null)`,
      ),
    );
  const url = await moduleUrl(tx, p.documentId, '/revisione');
  await enqueueMany(
    tx,
    reviewers.map((r) => ({
      key: `review:submit:${p.draftId}:${p.revision}:${r.id}`,
      to: r.email,
      userId: r.id,
      locale: r.locale === 'en' ? ('en' as const) : ('it' as const),
      template: 'notice' as const,
      data: {
        subject: `Aula: «${p.title}» attende la tua revisione`,
        heading: 'Una bozza da rivedere',
        paragraphs: [
          `${sender?.name ?? 'Un docente'} ha inviato in revisione la bozza del modulo «${p.title}» (revisione ${p.revision}).`,
          'Leggi le differenze rispetto alla versione pubblicata, commenta le righe e approva o chiedi modifiche.',
        ],
        action: { label: 'Apri la revisione', url },
      },
    })),
  );
}

/** Everyone who saved the draft is told the reviewer's decision. */
async function tellAuthors(
  tx: Tx,
  p: { documentId: string; draft: { id: string; source: string; revision: number }; reviewId: string; decision: 'changes_requested' | 'approved'; message: string; reviewerId: string },
) {
  const [reviewer] = await tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, p.reviewerId));
  const authors = await tx
    .selectDistinct({ id: schema.users.id, email: schema.users.email, locale: schema.users.locale })
    .from(schema.studioDraftAuthors)
    .innerJoin(schema.users, eq(schema.users.id, schema.studioDraftAuthors.userId))
    .where(and(eq(schema.studioDraftAuthors.draftId, p.draft.id), sql`${schema.users.disabledAt} is null`));
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(p.draft.source)?.[1] ?? 'modulo';
  const approved = p.decision === 'approved';
  const url = await moduleUrl(tx, p.documentId);
  const who = reviewer?.name ?? 'Il revisore';
  await enqueueMany(
    tx,
    authors.map((a) => ({
      key: `review:decision:${p.reviewId}:${a.id}`,
      to: a.email,
      userId: a.id,
      locale: a.locale === 'en' ? ('en' as const) : ('it' as const),
      template: 'notice' as const,
      data: {
        subject: approved ? `Aula: «${title}» è stato approvato` : `Aula: modifiche richieste a «${title}»`,
        heading: approved ? 'Bozza approvata' : 'Modifiche richieste',
        paragraphs: [
          approved
            ? `${who} ha approvato la revisione ${p.draft.revision} del modulo «${title}»: ora si può pubblicare.`
            : `${who} ha chiesto modifiche alla revisione ${p.draft.revision} del modulo «${title}». Leggi i commenti nello studio.`,
          ...(p.message ? [p.message] : []),
        ],
        action: { label: 'Apri la bozza', url },
      },
    })),
  );
}

/** Every course (for the admin setting "the course requires review"). */
export async function listStudioCourses() {
  const db = await getDb();
  return db.select({ slug: schema.courses.slug, title: schema.courses.title }).from(schema.courses).orderBy(asc(schema.courses.title));
}
