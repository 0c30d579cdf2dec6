import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Answer, AttemptRules, Question, QuestionGrade } from '~/content/stored';
import { users } from './auth';
import { contentDocuments, contentVersions } from './content';

/**
 * One attempt at a module's quiz. The drawn questions are snapshotted (with their answers: this
 * table is server-only), so grading never depends on later content changes; `versionId` records
 * the module version the attempt was taken on.
 */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => contentVersions.id),
    attemptNo: integer('attempt_no').notNull(),
    seed: text('seed').notNull(),
    /** the drawn questions in author format, in the order shown */
    questions: jsonb('questions').$type<Question[]>().notNull(),
    /** rules in force for this attempt: passPercent, feedback, shuffle, timeLimitMinutes */
    rules: jsonb('rules').$type<AttemptRules>().notNull(),
    /** saved answers: question id → Answer | null */
    answers: jsonb('answers').$type<Record<string, Answer | null>>().notNull().default({}),
    /** with `feedback: immediate`: ids of the questions already checked, whose answers are locked */
    checked: jsonb('checked').$type<string[]>().notNull().default([]),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    savedAt: timestamp('saved_at', { withTimezone: true }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    score: numeric('score', { precision: 8, scale: 2, mode: 'number' }),
    maxScore: numeric('max_score', { precision: 8, scale: 2, mode: 'number' }),
    percent: numeric('percent', { precision: 5, scale: 1, mode: 'number' }),
    passed: boolean('passed'),
    /** question id → { score, max, correct } */
    perQuestion: jsonb('per_question').$type<Record<string, QuestionGrade>>(),
  },
  (t) => [uniqueIndex('quiz_attempts_no_idx').on(t.userId, t.documentId, t.attemptNo), index('quiz_attempts_doc_idx').on(t.documentId, t.versionId)],
);
