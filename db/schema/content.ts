import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CardFrontmatter, CourseDefinition, FileFrontmatter, ModuleFrontmatter, ModuleMeta, QuizDefinition } from '~/content/stored';
import { users } from './auth';

export const courses = pgTable('courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  /** The validated course.yaml, as imported last. */
  definition: jsonb('definition').$type<CourseDefinition>().notNull(),
  sourceHash: text('source_hash').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A document of the content: a module, a library card, or one of the YAML files that define a course
 * (`course_file`: scope and slug are the course's slug, the source is its course.yaml) or the library
 * (`library_file`: scope 'library', slug glossary.yaml, offices.yaml or synonyms.yaml). Its text
 * lives in immutable content_versions, exactly as written, so every file of `content/` has a history
 * and exports byte for byte.
 */
export const contentDocuments = pgTable(
  'content_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['module', 'library_card', 'course_file', 'library_file'] }).notNull(),
    /** the course slug for modules, 'library' for cards */
    scope: text('scope').notNull(),
    slug: text('slug').notNull(),
    courseId: uuid('course_id').references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    /** the studio retired this card or brought it back: the start-up import keeps its place */
    placedInStudio: boolean('placed_in_studio').notNull().default(false),
    currentVersionId: uuid('current_version_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('content_documents_unique_idx').on(t.kind, t.scope, t.slug)],
);

export const contentVersions = pgTable(
  'content_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    versionNo: integer('version_no').notNull(),
    source: text('source').notNull(),
    frontmatter: jsonb('frontmatter').$type<ModuleFrontmatter | CardFrontmatter | FileFrontmatter>().notNull(),
    compiledCode: text('compiled_code').notNull(),
    /** plain text of the body, for search and word counts */
    plainText: text('plain_text').notNull().default(''),
    /** table of contents, references to cards and glossary terms, word count */
    meta: jsonb('meta').$type<ModuleMeta>().notNull().default({ toc: [], cardRefs: [], termRefs: [], wordCount: 0 }),
    /** the validated quiz.yaml, when the module has one */
    quiz: jsonb('quiz').$type<QuizDefinition>(),
    /** the quiz.yaml exactly as written (null: no quiz, or a version stored before this column) */
    quizSource: text('quiz_source'),
    sourceHash: text('source_hash').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('content_versions_doc_no_idx').on(t.documentId, t.versionNo), index('content_versions_hash_idx').on(t.documentId, t.sourceHash)],
);

export const enrolments = pgTable(
  'enrolments',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp('due_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);

/** Append-only log of what a learner did. */
export const progressEvents = pgTable(
  'progress_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['visited', 'read', 'quiz_passed', 'completed'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('progress_events_user_idx').on(t.userId, t.createdAt)],
);

/** Per-user, per-module status for fast reads; derived from progress_events in the same transaction. */
export const moduleStatus = pgTable(
  'module_status',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    lastVisitedAt: timestamp('last_visited_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    readVersionId: uuid('read_version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
    quizPassedAt: timestamp('quiz_passed_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedVersionId: uuid('completed_version_id').references(() => contentVersions.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId] }), index('module_status_course_idx').on(t.userId, t.courseId)],
);
