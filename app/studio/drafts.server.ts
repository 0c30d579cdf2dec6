/**
 * Drafts of the studio: a working copy per document, saved with an optimistic lock (the revision the
 * editor started from), so two lecturers editing the same draft never overwrite each other.
 * Learners never see a draft: they read `content_documents.current_version_id`, which only
 * publishing (publish.server.ts) moves.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import YAML from 'yaml';
import { getDb, schema } from '~/utils/db.server';
import { OPEN_STATES, recordAuthor, type OpenState } from './review.server';
import { MAX_SOURCE_CHARS } from './validate.server';
import { getDocumentRef, isEditableKind, type EditableKind } from './documents.server';

const OPEN = OPEN_STATES;

/** The studio's home: every course's modules in order, with the published version and any open draft. */
export async function listStudioModules() {
  const db = await getDb();
  const d = schema.contentDocuments;
  const v = schema.contentVersions;
  const s = schema.studioDrafts;
  const rows = await db
    .select({
      id: d.id,
      slug: d.slug,
      scope: d.scope,
      position: d.position,
      courseTitle: schema.courses.title,
      title: sql<string>`${v.frontmatter}->>'title'`,
      versionNo: v.versionNo,
      publishedAt: v.publishedAt,
      draftState: s.state,
      draftUpdatedAt: s.updatedAt,
      scheduledAt: s.scheduledAt,
    })
    .from(d)
    .innerJoin(schema.courses, eq(schema.courses.id, d.courseId))
    .leftJoin(v, eq(v.id, d.currentVersionId))
    .leftJoin(s, and(eq(s.documentId, d.id), inArray(s.state, [...OPEN])))
    .where(and(eq(d.kind, 'module'), sql`${d.position} >= 1`))
    .orderBy(asc(schema.courses.title), asc(d.position));
  return rows;
}

export interface EditorState {
  document: { id: string; slug: string; scope: string; title: string; kind: EditableKind; position: number };
  published: { id: string; versionNo: number; source: string; quizSource: string; plainText: string; publishedAt: Date } | null;
  draft: {
    id: string;
    state: OpenState;
    revision: number;
    source: string;
    quizSource: string;
    updatedAt: Date;
    scheduledAt: Date | null;
    note: string;
    lawSummary: string | null;
    updatedBy: string | null;
  } | null;
}

/** A quiz as YAML: the text the studio stored, or the stored definition written out. */
function quizText(stored: string | null, quiz: unknown): string {
  if (stored !== null) return stored;
  return quiz ? YAML.stringify(quiz, { lineWidth: 0 }) : '';
}

/** What the editor of a document starts from; null when the studio does not edit its kind. */
export async function getEditorState(documentId: string): Promise<EditorState | null> {
  const db = await getDb();
  const v = schema.contentVersions;
  const doc = await getDocumentRef(db, documentId);
  if (!doc) return null;
  let published: EditorState['published'] = null;
  let title = doc.slug;
  if (doc.currentVersionId) {
    const [row] = await db
      .select({
        id: v.id,
        versionNo: v.versionNo,
        source: v.source,
        plainText: v.plainText,
        quiz: v.quiz,
        publishedAt: v.publishedAt,
        title: sql<string>`${v.frontmatter}->>'title'`,
        quizSource: sql<string | null>`coalesce(${v.quizSource}, ${schema.studioVersionNotes.quizSource})`,
      })
      .from(v)
      .leftJoin(schema.studioVersionNotes, eq(schema.studioVersionNotes.versionId, v.id))
      .where(eq(v.id, doc.currentVersionId));
    if (row) {
      published = { id: row.id, versionNo: row.versionNo, source: row.source, plainText: row.plainText, quizSource: quizText(row.quizSource, row.quiz), publishedAt: row.publishedAt };
      title = row.title;
    }
  }
  const s = schema.studioDrafts;
  const [draft] = await db
    .select({
      id: s.id,
      state: s.state,
      revision: s.revision,
      source: s.source,
      quizSource: s.quizSource,
      updatedAt: s.updatedAt,
      scheduledAt: s.scheduledAt,
      note: s.note,
      lawSummary: s.lawSummary,
      updatedBy: schema.users.name,
    })
    .from(s)
    .leftJoin(schema.users, eq(schema.users.id, s.updatedBy))
    .where(and(eq(s.documentId, documentId), inArray(s.state, [...OPEN])));
  return {
    document: { id: doc.id, slug: doc.slug, scope: doc.scope, title, kind: doc.kind, position: doc.position },
    published,
    draft: draft ? { ...draft, state: draft.state as OpenState } : null,
  };
}

export type SaveOutcome =
  | { ok: true; draftId: string; revision: number }
  | { ok: false; reason: 'conflict'; theirs: { source: string; quizSource: string; revision: number; updatedBy: string | null } }
  | { ok: false; reason: 'notFound' | 'tooLong' | 'inReview' };

/**
 * Saves the draft. `revision` is the draft revision the editor loaded (0: it started from the
 * published version). A different revision means someone saved in between: nothing is written and
 * the caller gets their text to show beside ours.
 */
export async function saveDraft({
  documentId,
  actorId,
  source,
  quizSource,
  revision,
}: {
  documentId: string;
  actorId: string;
  source: string;
  quizSource: string;
  revision: number;
}): Promise<SaveOutcome> {
  if (source.length > MAX_SOURCE_CHARS || quizSource.length > MAX_SOURCE_CHARS) return { ok: false, reason: 'tooLong' };
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [doc] = await tx
      .select({ id: schema.contentDocuments.id, kind: schema.contentDocuments.kind, scope: schema.contentDocuments.scope, currentVersionId: schema.contentDocuments.currentVersionId })
      .from(schema.contentDocuments)
      .where(eq(schema.contentDocuments.id, documentId))
      .for('update');
    if (!doc || !isEditableKind(doc.kind) || (doc.kind !== 'module' && doc.scope !== 'library')) return { ok: false, reason: 'notFound' } as const;
    // Only a module has a quiz beside it.
    if (doc.kind !== 'module') quizSource = '';
    const s = schema.studioDrafts;
    const [open] = await tx
      .select({ id: s.id, state: s.state, revision: s.revision, source: s.source, quizSource: s.quizSource, updatedBy: schema.users.name })
      .from(s)
      .leftJoin(schema.users, eq(schema.users.id, s.updatedBy))
      .where(and(eq(s.documentId, documentId), inArray(s.state, [...OPEN])))
      // Locked: a review transition in flight (which locks the draft, not the document) finishes first.
      .for('update', { of: s });
    // A draft in review is frozen: the reviewer reads exactly this text (withdraw it to edit).
    if (open?.state === 'in_review') return { ok: false, reason: 'inReview' } as const;
    if ((open?.revision ?? 0) !== revision) {
      const theirs = open ?? { source: '', quizSource: '', revision: 0, updatedBy: null };
      return { ok: false, reason: 'conflict', theirs: { source: theirs.source, quizSource: theirs.quizSource, revision: theirs.revision, updatedBy: theirs.updatedBy } } as const;
    }
    let draftId: string;
    if (open) {
      // Saving a scheduled, approved or returned draft takes it back to a draft: what was scheduled
      // or approved is no longer this text (an approval holds for its revision only).
      await tx
        .update(s)
        .set({ source, quizSource, revision: revision + 1, state: 'draft', scheduledAt: null, approvedRevision: null, approvedBy: null, approvedAt: null, updatedBy: actorId, updatedAt: new Date() })
        .where(eq(s.id, open.id));
      draftId = open.id;
    } else {
      const [row] = await tx.insert(s).values({ documentId, baseVersionId: doc.currentVersionId, source, quizSource, revision: 1, authorId: actorId, updatedBy: actorId }).returning({ id: s.id });
      draftId = row!.id;
    }
    await recordAuthor(tx, draftId, actorId);
    await tx.insert(schema.auditLog).values({ actorId, action: 'studio.save', target: documentId, data: JSON.stringify({ draftId, revision: revision + 1 }) });
    return { ok: true, draftId, revision: revision + 1 } as const;
  });
}

/** Drops the open draft (kept, marked discarded: nothing is deleted). */
export async function discardDraft({ documentId, actorId, revision }: { documentId: string; actorId: string; revision: number }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const s = schema.studioDrafts;
    const rows = await tx
      .update(s)
      .set({ state: 'discarded', updatedBy: actorId, updatedAt: new Date() })
      .where(
        and(
          eq(s.documentId, documentId),
          inArray(
            s.state,
            OPEN.filter((st) => st !== 'in_review'),
          ),
          eq(s.revision, revision),
        ),
      )
      .returning({ id: s.id });
    if (rows.length) await tx.insert(schema.auditLog).values({ actorId, action: 'studio.discard', target: documentId, data: JSON.stringify({ draftId: rows[0]!.id }) });
    return rows.length > 0;
  });
}

/** Every version of a document, newest first, with who published it and why. */
export async function listVersions(documentId: string) {
  const db = await getDb();
  const v = schema.contentVersions;
  const n = schema.studioVersionNotes;
  return db
    .select({
      id: v.id,
      versionNo: v.versionNo,
      publishedAt: v.publishedAt,
      publishedBy: schema.users.name,
      note: n.note,
      lawSummary: n.lawSummary,
      restoredFrom: sql<number | null>`(select version_no from content_versions r where r.id = ${n.restoredFromVersionId})`,
      inStudio: sql<boolean>`${n.versionId} is not null`,
      /** the change summary written in the file's frontmatter (`update`), for versions imported from files */
      fileUpdate: sql<{ summary: string; lawChange?: boolean } | null>`${v.frontmatter}->'update'`,
    })
    .from(v)
    .leftJoin(n, eq(n.versionId, v.id))
    .leftJoin(schema.users, eq(schema.users.id, v.publishedBy))
    .where(eq(v.documentId, documentId))
    .orderBy(desc(v.versionNo));
}
