import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { contentDocuments, contentVersions } from './content';

/**
 * The lecturers' studio. A draft is the working copy of one document (module source and quiz YAML)
 * until it is published; then it stays, marked published, with the version it became. At most one
 * open draft per document. `revision` is the optimistic lock: a save must name the revision it
 * started from, so concurrent edits conflict instead of overwriting each other.
 */
export const studioDrafts = pgTable(
  'studio_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    /** the published version the draft was started from (what its diff compares with) */
    baseVersionId: uuid('base_version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
    source: text('source').notNull(),
    /** the quiz.yaml, exactly as written (empty: the module has no quiz) */
    quizSource: text('quiz_source').notNull().default(''),
    /**
     * bozza (draft) → in revisione (in_review) → modifiche richieste (changes_requested, saved again:
     * draft) → approvata (approved) → pubblicata (published, now or after `scheduled`) → sostituita
     * (superseded, once a later version is in use). `discarded`: dropped, kept.
     */
    state: text('state', { enum: ['draft', 'in_review', 'changes_requested', 'approved', 'scheduled', 'published', 'superseded', 'discarded'] })
      .notNull()
      .default('draft'),
    revision: integer('revision').notNull().default(1),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    /** why this version: shown in the history */
    note: text('note').notNull().default(''),
    /** set when the publication is a "modifica normativa": the summary learners read */
    lawSummary: text('law_summary'),
    /** a law change that requires learners who passed the quiz to pass it again */
    retakeQuiz: boolean('retake_quiz').notNull().default(false),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    /** the revision a reviewer approved (publishing under review requires it to equal `revision`) */
    approvedRevision: integer('approved_revision'),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    publishedVersionId: uuid('published_version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('studio_drafts_document_idx').on(t.documentId, t.state),
    index('studio_drafts_scheduled_idx').on(t.state, t.scheduledAt),
    // one open draft per document
    uniqueIndex('studio_drafts_open_idx')
      .on(t.documentId)
      .where(sql`state in ('draft', 'in_review', 'changes_requested', 'approved', 'scheduled')`),
  ],
);

/**
 * What the studio knows of a version it published: who, why, whether it is a law change, and
 * whether it restored an older version. A version with a row here was published in the studio, so
 * the start-up import of files never replaces it.
 */
export const studioVersionNotes = pgTable(
  'studio_version_notes',
  {
    versionId: uuid('version_id')
      .primaryKey()
      .references(() => contentVersions.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    lawSummary: text('law_summary'),
    /** with lawSummary: learners who passed the quiz must pass it again */
    retakeQuiz: boolean('retake_quiz').notNull().default(false),
    /** the quiz.yaml as the lecturer wrote it (the version stores the parsed quiz) */
    quizSource: text('quiz_source'),
    restoredFromVersionId: uuid('restored_from_version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
    draftId: uuid('draft_id').references(() => studioDrafts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('studio_version_notes_doc_idx').on(t.documentId), uniqueIndex('studio_version_notes_draft_idx').on(t.draftId)],
);

/**
 * Everyone who saved a draft: its authors, none of whom may approve it (four eyes). A row per person
 * and draft, written in the save's transaction.
 */
export const studioDraftAuthors = pgTable(
  'studio_draft_authors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => studioDrafts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('studio_draft_authors_idx').on(t.draftId, t.userId)],
);

/** A reviewer's decision on one revision of a draft: changes requested, or approved. */
export const studioReviews = pgTable(
  'studio_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => studioDrafts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    decision: text('decision', { enum: ['changes_requested', 'approved'] }).notNull(),
    message: text('message').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('studio_reviews_draft_idx').on(t.draftId, t.createdAt)],
);

/** A reviewer's comment on a range of lines of the draft's source, as it was at `revision`. */
export const studioReviewComments = pgTable(
  'studio_review_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    draftId: uuid('draft_id')
      .notNull()
      .references(() => studioDrafts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    fromLine: integer('from_line').notNull(),
    toLine: integer('to_line').notNull(),
    /** the lines commented, as they were (the author may have changed them since) */
    excerpt: text('excerpt').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('studio_review_comments_draft_idx').on(t.draftId, t.createdAt)],
);
