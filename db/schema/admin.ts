import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth';

/** Accounts linked to an OpenID Connect issuer (the body's IdP, or a SPID/CIE broker). */
export const userIdentities = pgTable(
  'user_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** the id of the issuer in Aula's configuration */
    issuer: text('issuer').notNull(),
    /** the `sub` claim */
    subject: text('subject').notNull(),
    /** the `fiscalNumber` claim of SPID/CIE (TINIT-…), when the issuer sends it */
    fiscalNumber: text('fiscal_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('user_identities_sub_idx').on(t.issuer, t.subject), index('user_identities_user_idx').on(t.userId), index('user_identities_fiscal_idx').on(t.fiscalNumber)],
);

/** An OpenID Connect sign-in under way: state (hashed), nonce and PKCE verifier, single use, 10 minutes. */
export const oidcLogins = pgTable('oidc_logins', {
  id: text('id').primaryKey(),
  issuer: text('issuer').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  redirectTo: text('redirect_to').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** TOTP (RFC 6238): one authenticator per person; `enabledAt` null while enrolment is unconfirmed. */
export const totpCredentials = pgTable('totp_credentials', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** the shared key, encrypted with the server secret (AES-256-GCM) */
  secret: text('secret').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  /** the last 30-second step accepted: a code is never accepted twice */
  lastStep: integer('last_step'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Ten single-use recovery codes per person (only their hashes). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** The second step of a sign-in: the first factor passed, the code is still due. 10 minutes, single use. */
export const mfaChallenges = pgTable('mfa_challenges', {
  id: text('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  method: text('method').notNull(),
  redirectTo: text('redirect_to').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** Requests under the GDPR (today: erasure, art. 17), decided by an admin acting as the DPO. */
export const privacyRequests = pgTable(
  'privacy_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['erasure'] }).notNull(),
    status: text('status', { enum: ['pending', 'approved', 'refused', 'withdrawn'] })
      .notNull()
      .default('pending'),
    /** what the person wrote, optional */
    note: text('note'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('privacy_requests_status_idx').on(t.status),
    uniqueIndex('privacy_requests_pending_idx')
      .on(t.userId, t.kind)
      .where(sql`status = 'pending'`),
  ],
);
