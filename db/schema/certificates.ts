import { bigserial, integer, jsonb, numeric, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { courses } from './content';

/**
 * One certificate per learner and course (the unique index makes a concurrent double issue
 * impossible). The signed fields are snapshots; the signature covers them, so an edit in the
 * database shows as "non valido".
 */
export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    holderName: text('holder_name').notNull(),
    courseSlug: text('course_slug').notNull(),
    courseTitle: text('course_title').notNull(),
    courseVersion: text('course_version').notNull(),
    hours: numeric('hours', { precision: 6, scale: 1, mode: 'number' }).notNull(),
    issuers: jsonb('issuers').$type<string[]>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    signature: text('signature').notNull(),
    keyId: text('key_id').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    revocationReason: text('revocation_reason'),
    /** position in the public revocation status list (W3C Bitstring Status List) */
    statusIndex: serial('status_index').notNull(),
  },
  (t) => [uniqueIndex('certificates_user_course_idx').on(t.userId, t.courseId), uniqueIndex('certificates_status_index_idx').on(t.statusIndex)],
);

/**
 * The revocation log: append-only, hash-chained and signed. Each entry's hash covers the entry and
 * the previous hash; its Ed25519 signature covers the hash. Verification reads revocations from here
 * (not from `certificates.revoked_at`, which is only a convenience copy), so editing, deleting or
 * reordering rows is detected.
 */
export const certificateRevocations = pgTable('certificate_revocations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  code: text('code').notNull().unique(),
  statusIndex: integer('status_index').notNull(),
  reason: text('reason').notNull(),
  revokedAt: text('revoked_at').notNull(),
  actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull().unique(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});

/** Platform settings, e.g. the certificate signing key generated once in the embedded default. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
