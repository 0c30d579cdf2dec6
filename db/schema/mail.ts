import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * The transactional outbox: a message is written in the transaction of the change that causes it,
 * and a background worker delivers it (app/mail/delivery.server.ts). `idempotencyKey` names the
 * logical message (one invitation, one reminder step), so it is stored and sent once.
 * `messageId` is deterministic (derived from the row id), so a duplicate caused by a crash inside
 * an SMTP transaction can be recognised by the receiving side.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    to: text('to_address').notNull(),
    locale: text('locale', { enum: ['it', 'en'] })
      .notNull()
      .default('it'),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    text: text('body_text').notNull(),
    html: text('body_html').notNull(),
    /** queued (also: waiting to retry, when attempts > 0) → sending → sent | failed; cancelled by an admin */
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'cancelled'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** while `sending`: until when the worker that claimed it owns it (after: reclaimed) */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    messageId: text('message_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('queued', 'sending')`),
    index('mail_outbox_created_idx').on(t.createdAt),
    index('mail_outbox_to_idx').on(sql`lower(${t.to})`),
  ],
);
