import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from './auth';

/**
 * The front-desk register (issue 17). A *sportello* is an office of the library's directory
 * (offices.yaml, id = the office id) linked to a unit of the organisation tree. An operator
 * (role `operatore`, scoped to a unit in user_roles) belongs to the sportelli of that unit.
 * No foreign key to `offices`: the directory is rebuilt by the content import.
 */
export const sportelli = pgTable('sportelli', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const OUTCOMES = ['risolto', 'inviato', 'da_richiamare', 'appuntamento'] as const;

/**
 * One consultation at a desk. No names and no direct identifiers: the descriptors are aggregate
 * categories (ISO country, sex, age band, first visit), the note is capped and stripped of e-mail
 * addresses and phone numbers, the follow-up code is random. `form_token` makes recording
 * idempotent (a resubmitted form finds the row it already wrote).
 */
export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sportelloId: text('sportello_id')
      .notNull()
      .references(() => sportelli.id, { onDelete: 'restrict' }),
    operatorId: uuid('operator_id').references(() => users.id, { onDelete: 'set null' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    cards: text('cards')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    outcome: text('outcome', { enum: OUTCOMES }).notNull(),
    referredOfficeId: text('referred_office_id'),
    mediation: boolean('mediation').notNull().default(false),
    mediationLanguage: text('mediation_language'),
    nationality: text('nationality'),
    sex: text('sex', { enum: ['F', 'M', 'X'] }),
    ageBand: text('age_band'),
    firstVisit: boolean('first_visit'),
    followUpCode: text('follow_up_code'),
    note: text('note'),
    formToken: text('form_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consultations_form_token_idx').on(t.formToken),
    index('consultations_sportello_time_idx').on(t.sportelloId, t.occurredAt),
    index('consultations_operator_time_idx').on(t.operatorId, t.occurredAt),
    index('consultations_time_idx').on(t.occurredAt),
    check('consultations_note_len', sql`char_length(${t.note}) <= 500`),
    check('consultations_referral', sql`(${t.outcome} = 'inviato') = (${t.referredOfficeId} is not null)`),
  ],
);
