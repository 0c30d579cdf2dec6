/**
 * Publishing: a draft becomes an immutable content version in one transaction (the version, the
 * document's current version, the studio's note, the draft's state, the audit row and the notices
 * in the mail outbox), now or at a scheduled time (the `studio-publish` job). The draft row is
 * locked and its state checked inside the transaction, and a draft has at most one note
 * (unique index), so running a publication twice yields one version.
 */
import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { compileMdx } from '~/content/compile.server';
import { enqueueMail } from '~/mail/outbox.server';
import { enqueueLawChangeNotices } from '~/progress/law-notices.server';
import { getDb, schema, type Tx } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { PUBLISHABLE_WITHOUT_REVIEW, OPEN_STATES, reviewRequired } from './review.server';
import type { StudioIssue } from './validate.server';
import { afterLibraryChange, getDocumentRef, validateDocument } from './documents.server';
import { joinOutlineOnFirstPublication } from './outline.server';

export type PublishOutcome =
  | { ok: true; state: 'published'; versionNo: number; versionId: string }
  | { ok: true; state: 'scheduled'; at: Date }
  | { ok: false; reason: 'invalid'; issues: StudioIssue[] }
  | { ok: false; reason: 'noDraft' | 'conflict' | 'pastSchedule' | 'compile' | 'inReview' | 'notApproved' };

const PUBLISHABLE = [...PUBLISHABLE_WITHOUT_REVIEW];

/**
 * Whether this draft may be published now: never while in review; when the course requires
 * review, only the very revision a reviewer approved.
 */
async function mayPublish(conn: Parameters<typeof reviewRequired>[0], draft: { documentId: string; state: string; revision: number; approvedRevision: number | null }) {
  if (draft.state === 'in_review') return 'inReview' as const;
  if (!PUBLISHABLE.includes(draft.state as (typeof PUBLISHABLE)[number])) return 'noDraft' as const;
  if ((await reviewRequired(conn, draft.documentId)) && draft.approvedRevision !== draft.revision) return 'notApproved' as const;
  return null;
}

export interface PublishRequest {
  documentId: string;
  actorId: string;
  /** the draft revision the lecturer saw: publishing another text would publish what they did not read */
  revision: number;
  note: string;
  /** set: a "modifica normativa", and this is the plain-Italian summary learners read */
  lawSummary: string | null;
  /** with lawSummary: learners who passed the quiz must pass it again */
  retakeQuiz?: boolean;
  /** unset: now */
  at?: Date | null;
  now?: Date;
}

export async function publishDraft(req: PublishRequest): Promise<PublishOutcome> {
  const now = req.now ?? new Date();
  const db = await getDb();
  const s = schema.studioDrafts;
  const [draft] = await db
    .select()
    .from(s)
    .where(and(eq(s.documentId, req.documentId), inArray(s.state, [...OPEN_STATES])));
  if (!draft) return { ok: false, reason: 'noDraft' };
  if (draft.revision !== req.revision) return { ok: false, reason: 'conflict' };
  const forbidden = await mayPublish(db, draft);
  if (forbidden) {
    await db.insert(schema.auditLog).values({ actorId: req.actorId, action: 'studio.review.refused', target: req.documentId, data: JSON.stringify({ attempted: 'publish', reason: forbidden }) });
    return { ok: false, reason: forbidden };
  }
  const ref = await getDocumentRef(db, req.documentId);
  if (!ref) return { ok: false, reason: 'noDraft' };
  const checked = await validateDocument({ doc: ref, source: draft.source, quizSource: draft.quizSource, now });
  if (!checked.ok) return { ok: false, reason: 'invalid', issues: checked.issues };
  if (req.at && req.at.getTime() > now.getTime()) {
    const rows = await db
      .update(s)
      .set({ state: 'scheduled', scheduledAt: req.at, note: req.note, lawSummary: req.lawSummary, retakeQuiz: Boolean(req.lawSummary && req.retakeQuiz), updatedBy: req.actorId, updatedAt: now })
      .where(and(eq(s.id, draft.id), eq(s.revision, req.revision), inArray(s.state, PUBLISHABLE), sql`${s.approvedRevision} is not distinct from ${draft.approvedRevision}`))
      .returning({ id: s.id });
    if (!rows.length) return { ok: false, reason: 'conflict' };
    await db.insert(schema.auditLog).values({ actorId: req.actorId, action: 'studio.schedule', target: req.documentId, data: JSON.stringify({ draftId: draft.id, at: req.at.toISOString() }) });
    return { ok: true, state: 'scheduled', at: req.at };
  }
  if (req.at) return { ok: false, reason: 'pastSchedule' };
  await db
    .update(s)
    .set({ note: req.note, lawSummary: req.lawSummary, retakeQuiz: Boolean(req.lawSummary && req.retakeQuiz) })
    .where(and(eq(s.id, draft.id), eq(s.revision, req.revision)));
  return publishNow({ draftId: draft.id, actorId: req.actorId, revision: req.revision });
}

/** Publishes a draft now (also the scheduled job's path). A draft already published yields nothing new. */
export async function publishNow({ draftId, actorId, revision }: { draftId: string; actorId: string | null; revision?: number }): Promise<PublishOutcome> {
  const db = await getDb();
  const s = schema.studioDrafts;
  const [draft] = await db.select().from(s).where(eq(s.id, draftId));
  if (!draft) return { ok: false, reason: 'noDraft' };
  const early = await mayPublish(db, draft);
  if (early) return { ok: false, reason: early };
  const ref = await getDocumentRef(db, draft.documentId);
  if (!ref) return { ok: false, reason: 'noDraft' };
  const checked = await validateDocument({ doc: ref, source: draft.source, quizSource: draft.quizSource });
  if (!checked.ok) return { ok: false, reason: 'invalid', issues: checked.issues };
  // Compile outside the transaction: it is the slow part, and it writes nothing (a YAML file has nothing to compile).
  let code = '';
  try {
    if (checked.version.body !== null) code = await compileMdx(checked.version.body);
  } catch {
    return { ok: false, reason: 'compile' };
  }
  const m = checked.version;
  return db.transaction(async (tx): Promise<PublishOutcome> => {
    const [locked] = await tx.select().from(s).where(eq(s.id, draftId)).for('update');
    if (!locked) return { ok: false, reason: 'noDraft' };
    // Checked again under the lock: a review transition may have happened since.
    const forbidden = await mayPublish(tx, locked);
    if (forbidden) return { ok: false, reason: forbidden };
    if (locked.source !== draft.source || locked.quizSource !== draft.quizSource || (revision !== undefined && locked.revision !== revision)) return { ok: false, reason: 'conflict' };
    const versionNo = await nextVersionNo(tx, locked.documentId);
    const [version] = await tx
      .insert(schema.contentVersions)
      .values({
        documentId: locked.documentId,
        versionNo,
        source: locked.source,
        frontmatter: m.frontmatter as never,
        compiledCode: code,
        plainText: m.plainText,
        meta: m.meta,
        quiz: m.quiz,
        quizSource: locked.quizSource.trim() ? locked.quizSource : null,
        sourceHash: m.hash,
        publishedBy: actorId ?? locked.updatedBy,
      })
      .returning({ id: schema.contentVersions.id });
    const versionId = version!.id;
    // A card published for the first time (added in the studio) takes its place in the library.
    await tx
      .update(schema.contentDocuments)
      .set(ref.kind === 'library_card' && !ref.currentVersionId && ref.position < 0 ? { currentVersionId: versionId, position: 0 } : { currentVersionId: versionId })
      .where(eq(schema.contentDocuments.id, locked.documentId));
    await afterLibraryChange(tx, ref.kind);
    // A new module's first publication adds it at the end of its course's outline (course.yaml).
    await joinOutlineOnFirstPublication(tx, { documentId: locked.documentId, actorId: actorId ?? locked.updatedBy });
    await tx.insert(schema.studioVersionNotes).values({
      versionId,
      documentId: locked.documentId,
      note: locked.note,
      lawSummary: locked.lawSummary,
      retakeQuiz: Boolean(locked.lawSummary && locked.retakeQuiz),
      quizSource: locked.quizSource.trim() ? locked.quizSource : null,
      draftId: locked.id,
    });
    await tx.update(s).set({ state: 'published', publishedVersionId: versionId, updatedAt: new Date() }).where(eq(s.id, locked.id));
    await supersede(tx, locked.documentId, versionId);
    await tx.insert(schema.auditLog).values({
      actorId: actorId ?? null,
      action: 'studio.publish',
      target: locked.documentId,
      data: JSON.stringify({
        draftId: locked.id,
        versionNo,
        scheduled: locked.state === 'scheduled',
        lawChange: Boolean(locked.lawSummary),
        retakeQuiz: Boolean(locked.lawSummary && locked.retakeQuiz),
      }),
    });
    await notify(tx, {
      documentId: locked.documentId,
      versionId,
      versionNo,
      title: m.title,
      authorId: locked.authorId,
      scheduled: locked.state === 'scheduled',
      lawSummary: locked.lawSummary,
    });
    return { ok: true, state: 'published', versionNo, versionId };
  });
}

/** Earlier publications of the document are "sostituite" once another version is in use. */
export async function supersede(tx: Tx, documentId: string, currentVersionId: string) {
  const s = schema.studioDrafts;
  await tx
    .update(s)
    .set({ state: 'superseded' })
    .where(and(eq(s.documentId, documentId), eq(s.state, 'published'), ne(s.publishedVersionId, currentVersionId)));
}

export async function nextVersionNo(tx: Tx, documentId: string): Promise<number> {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${schema.contentVersions.versionNo}), 0) + 1` })
    .from(schema.contentVersions)
    .where(eq(schema.contentVersions.documentId, documentId));
  return Number(row!.next);
}

/** The notices of a publication: the author, when it ran on schedule; learners, for a law change. */
async function notify(tx: Tx, p: { documentId: string; versionId: string; versionNo: number; title: string; authorId: string | null; scheduled: boolean; lawSummary: string | null }) {
  const [doc] = await tx.select({ slug: schema.contentDocuments.slug, scope: schema.contentDocuments.scope }).from(schema.contentDocuments).where(eq(schema.contentDocuments.id, p.documentId));
  const moduleUrl = doc!.scope === 'library' ? `${env.baseUrl}/biblioteca/${doc!.slug.endsWith('.yaml') ? '' : doc!.slug}` : `${env.baseUrl}/corsi/${doc!.scope}/${doc!.slug}`;
  if (p.scheduled && p.authorId) {
    const [author] = await tx.select({ email: schema.users.email, locale: schema.users.locale }).from(schema.users).where(eq(schema.users.id, p.authorId));
    if (author)
      await enqueueMail(tx, {
        key: `studio:published:${p.versionId}`,
        to: author.email,
        userId: p.authorId,
        locale: author.locale === 'en' ? 'en' : 'it',
        template: 'notice',
        data: {
          subject: `Aula: «${p.title}» è stato pubblicato`,
          heading: 'Pubblicazione programmata eseguita',
          paragraphs: [`La versione ${p.versionNo} del modulo «${p.title}» è ora quella che leggono i discenti.`],
          action: { label: 'Apri il modulo', url: moduleUrl },
        },
      });
  }
  if (p.lawSummary) await enqueueLawChangeNotices(tx, { documentId: p.documentId, versionId: p.versionId, title: p.title, summary: p.lawSummary, moduleUrl });
}

/** The `studio-publish` job: every scheduled draft whose time has come. */
export async function runScheduledPublishing({ now }: { now: Date }) {
  const db = await getDb();
  const s = schema.studioDrafts;
  const due = await db
    .select({ id: s.id })
    .from(s)
    .where(and(eq(s.state, 'scheduled'), lte(s.scheduledAt, now)));
  let published = 0;
  for (const d of due) {
    const r = await publishNow({ draftId: d.id, actorId: null });
    if (r.ok) published++;
    else if (r.reason === 'notApproved') {
      // The course began to require review after this draft was scheduled: it goes back to the
      // authors as a draft (to be sent for review), instead of waiting forever.
      const back = await db
        .update(s)
        .set({ state: 'draft', scheduledAt: null, updatedAt: now })
        .where(and(eq(s.id, d.id), eq(s.state, 'scheduled')))
        .returning({ documentId: s.documentId });
      if (back[0])
        await db.insert(schema.auditLog).values({ actorId: null, action: 'studio.review.unscheduled', target: back[0].documentId, data: JSON.stringify({ draftId: d.id, reason: 'notApproved' }) });
    }
  }
  return { due: due.length, published };
}
