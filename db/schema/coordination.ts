import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from './auth';
import { contentDocuments, contentVersions, courses } from './content';
import { bytea } from './columns';

/**
 * Coordination (issue 13). A person's assignment of a course is their `enrolments` row (with its due
 * date); a unit assignment covers the unit's subtree and is copied onto the enrolments of every
 * member, now and when someone joins later. Reminder steps are days relative to the due date
 * (positive: before, negative: after); each (enrolment, step) is sent once through the outbox key.
 */
export const unitAssignments = pgTable(
  'unit_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    dueOn: date('due_on'),
    reminderDays: jsonb('reminder_days').$type<number[]>().notNull().default([14, 7, -1]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('unit_assignments_unique_idx').on(t.organisationId, t.courseId)],
);

/** Reminder steps of one person's assignment, when the coordinator changed the defaults. */
export const assignmentReminders = pgTable(
  'assignment_reminders',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    reminderDays: jsonb('reminder_days').$type<number[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);

/** An exemption from an assigned course, always with a reason. */
export const courseExemptions = pgTable(
  'course_exemptions',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseId] })],
);

/** Training done elsewhere, recorded by a coordinator: part of the person's yearly hours ledger. */
export const trainingRecords = pgTable(
  'training_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    completedOn: date('completed_on').notNull(),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_records_user_idx').on(t.userId, t.completedOn)],
);

/**
 * The optional attachment of a training record (the certificate of a course done elsewhere): PDF,
 * PNG or JPEG, at most 5 MB, checked by its bytes. Kept in the database so the app stays stateless;
 * read only by the coordinators whose scope holds the person.
 */
export const trainingAttachments = pgTable('training_attachments', {
  recordId: uuid('record_id')
    .primaryKey()
    .references(() => trainingRecords.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  mime: text('mime', { enum: ['application/pdf', 'image/png', 'image/jpeg'] }).notNull(),
  size: integer('size').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** An uploaded enrolment file between upload, column mapping, dry run and commit (its owner only). */
export const enrolmentBatches = pgTable(
  'enrolment_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** the file's cells as text, first row the headers */
    raw: jsonb('raw').$type<{ headers: string[]; cells: string[][] }>().notNull(),
    mapping: jsonb('mapping').$type<Record<string, number>>(),
    /** the dry run: every row's outcome */
    outcomes:
      jsonb('outcomes').$type<Array<{ line: number; email: string; name: string; fiscalCode: string | null; organisationId: string | null; unit: string; jobTitle: string | null; outcome: string }>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('enrolment_batches_actor_idx').on(t.actorId, t.createdAt)],
);

/** The fiscal code given at enrolment (optional), one per person: the second key of the import. */
export const personFiscalCodes = pgTable(
  'person_fiscal_codes',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    fiscalCode: text('fiscal_code').notNull(),
  },
  (t) => [uniqueIndex('person_fiscal_codes_code_idx').on(sql`upper(${t.fiscalCode})`)],
);

/**
 * A learner's private iCalendar feed of their due dates: only the SHA-256 of the URL's token is kept
 * (like sessions and invitations). One per person; regenerating replaces it, revoking deletes it.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A law-change update ("modifica normativa") assigned by a coordinator to one person, with a due day.
 * One row per person and law-change version: assigning again moves the due day, never duplicates.
 * Whether the person is up to date is derived (progress/updates.server.ts), never stored, so it
 * cannot lag: the assignment is done when the person has read (and, where required, passed) a
 * version at least as new as `version_id`.
 */
export const updateAssignments = pgTable(
  'update_assignments',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    documentId: uuid('document_id')
      .notNull()
      .references(() => contentDocuments.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => contentVersions.id, { onDelete: 'cascade' }),
    dueOn: date('due_on').notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.versionId] }), index('update_assignments_version_idx').on(t.versionId), index('update_assignments_document_idx').on(t.documentId, t.userId)],
);
