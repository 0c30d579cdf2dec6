/**
 * The privacy registry (GDPR art. 30 in spirit): every table that holds a person's identifier or
 * contact (a `user_id`, an e-mail, an actor) says what it holds, how it is exported when the person
 * asks for their data, and what happens to it on erasure, and why. A test
 * (tests/integration/privacy-registry.test.ts) fails when a table with such a column is added
 * without a declaration here.
 */
export type ExportRule = 'profile' | 'rows' | 'metadata' | 'none';
export type EraseRule = 'delete' | 'pseudonymise' | 'retain' | 'detach';

export interface TableDeclaration {
  /** the columns that identify or describe the person */
  holds: string[];
  /** profile: part of the profile; rows: every row of the person; metadata: without secrets; none */
  export: ExportRule;
  /** delete: rows removed; pseudonymise: identity replaced, rows kept; retain: kept for the retention period; detach: the link to the person is cleared */
  erase: EraseRule;
  why: string;
  /**
   * The column that names the person whose data a row is (export and erasure select by it).
   * Default: `user_id`, else `actor_id`, else an e-mail column (`email`, `to_address`) matched by address.
   */
  subject?: string;
  /** for `export: 'metadata'`: columns left out of the export (secrets, hashes) */
  omit?: string[];
  /** for `erase: 'retain'`: `keep` when the row outlives the retention period too (default: deleted by the retention job) */
  afterRetention?: 'delete' | 'keep';
}

export const PRIVACY_REGISTRY: Record<string, TableDeclaration> = {
  users: {
    holds: ['email', 'name', 'password_hash', 'locale'],
    export: 'profile',
    omit: ['password_hash'],
    erase: 'pseudonymise',
    why: 'The account: name and e-mail are replaced, sign-in becomes impossible; the row stays so that training records keep their pseudonymous owner.',
  },
  user_roles: { holds: ['user_id'], export: 'rows', erase: 'delete', why: 'Roles give access; an erased account has none.' },
  memberships: { holds: ['user_id', 'job_title'], export: 'rows', erase: 'retain', why: 'Which unit the person belonged to is part of the training record the body must keep (reports per unit).' },
  sessions: { holds: ['user_id', 'device'], export: 'metadata', omit: ['id'], erase: 'delete', why: 'Sign-in sessions: only the token hash is stored; all end on erasure.' },
  calendar_feeds: {
    holds: ['user_id'],
    export: 'metadata',
    omit: ['token_hash'],
    erase: 'delete',
    why: 'The private address of the learner’s calendar of due dates: only the token’s hash and its creation date; deleted on erasure, which also ends the address.',
  },
  auth_tokens: { holds: ['email', 'user_id', 'created_by'], export: 'none', erase: 'delete', why: 'Single-use invitation and reset links, hashed; useless after erasure.' },
  login_throttle: { holds: ['key'], export: 'none', erase: 'delete', why: 'Counters of failed sign-ins keyed by e-mail and address; kept at most a day.' },
  mail_outbox: { holds: ['to_address', 'user_id', 'body_text', 'body_html'], export: 'rows', erase: 'delete', why: 'Messages sent to the person; delivered ones are deleted after 180 days anyway.' },
  audit_log: {
    holds: ['actor_id', 'target'],
    export: 'rows',
    erase: 'retain',
    afterRetention: 'keep',
    why: 'Accountability of actions on the platform (GDPR art. 5(2), 32): kept for the retention period, under the pseudonym.',
  },
  enrolments: { holds: ['user_id'], export: 'rows', erase: 'retain', why: 'Training record the public body must keep (training obligations of public employees).' },
  progress_events: { holds: ['user_id'], export: 'rows', erase: 'retain', why: 'Training record (what was completed, when).' },
  module_status: { holds: ['user_id'], export: 'rows', erase: 'retain', why: 'Training record, derived from the events.' },
  quiz_attempts: { holds: ['user_id', 'answers'], export: 'rows', erase: 'retain', why: 'Assessment record behind a certificate.' },
  certificates: {
    holds: ['user_id', 'holder_name', 'revoked_by'],
    export: 'rows',
    erase: 'retain',
    afterRetention: 'keep',
    why: 'A certificate already issued is a signed fact of the past and keeps verifying (see README, privacy).',
  },
  user_identities: {
    holds: ['user_id', 'subject', 'fiscal_number'],
    export: 'rows',
    erase: 'delete',
    why: 'The link to a single sign-on identity (SPID/CIE fiscal number included); an erased account can no longer be reached through it.',
  },
  totp_credentials: {
    holds: ['user_id'],
    export: 'metadata',
    omit: ['secret', 'last_step'],
    erase: 'delete',
    why: 'The second factor: the shared key is never exported, and is deleted with the account.',
  },
  recovery_codes: { holds: ['user_id'], export: 'metadata', omit: ['code_hash'], erase: 'delete', why: 'Hashes of single-use recovery codes; useless after erasure.' },
  mfa_challenges: { holds: ['user_id'], export: 'none', erase: 'delete', why: 'A second sign-in step under way (10 minutes at most).' },
  privacy_requests: {
    holds: ['user_id', 'note', 'decided_by'],
    export: 'rows',
    erase: 'retain',
    afterRetention: 'keep',
    why: 'The request and the DPO decision are the proof that the request was handled (GDPR art. 5(2), 12); kept under the pseudonym.',
  },
  certificate_revocations: {
    holds: ['actor_id', 'reason'],
    export: 'none',
    erase: 'detach',
    why: 'The signed, chained revocation log: it cannot change without breaking verification; who revoked is detached when that account is erased.',
  },
  consultations: {
    holds: ['operator_id'],
    export: 'metadata',
    omit: ['nationality', 'sex', 'age_band', 'first_visit', 'note', 'follow_up_code', 'form_token'],
    erase: 'detach',
    subject: 'operator_id',
    why: 'The front-desk register: which operator recorded a consultation (their own work, exported without the descriptors of the people served). The record holds no name of the person served; on erasure the operator is detached and the anonymous record stays in the statistics.',
  },
  // Issue 13: the coordinators' workspace.
  unit_assignments: {
    holds: ['created_by'],
    subject: 'created_by',
    export: 'none',
    erase: 'detach',
    why: 'A course assigned to a unit: who assigned it is detached when that coordinator is erased; the assignment stays.',
  },
  assignment_reminders: { holds: ['user_id'], export: 'rows', erase: 'delete', why: 'Reminder days chosen for one person’s assignment; no use after erasure.' },
  course_exemptions: {
    holds: ['user_id', 'reason', 'created_by'],
    export: 'rows',
    erase: 'retain',
    why: 'An exemption from mandatory training and its reason are part of the training record the body must keep; the reason is free text a coordinator writes (the page asks for the minimum).',
  },
  training_records: {
    holds: ['user_id', 'title', 'provider', 'created_by'],
    export: 'rows',
    erase: 'retain',
    why: 'Training done elsewhere counts toward the yearly 40 hours the body reports (PIAO): part of the training record.',
  },
  training_attachments: {
    holds: ['user_id', 'file_name', 'bytes'],
    export: 'metadata',
    omit: ['bytes'],
    erase: 'retain',
    why: 'The certificate of training done elsewhere, proof of the hours in the ledger (PIAO); kept with its training record. The export lists it; the file itself is given on request by the coordinator.',
  },
  update_assignments: {
    holds: ['user_id', 'assigned_by'],
    export: 'rows',
    erase: 'retain',
    why: 'A law-change update assigned to the person with its due day: part of the training record the body must keep (who had to update, by when); whether it was done is derived from the progress record.',
  },
  enrolment_batches: {
    holds: ['actor_id', 'raw', 'outcomes'],
    export: 'none',
    erase: 'delete',
    why: 'An uploaded enrolment file between its check and its commit: it holds other people’s e-mails and fiscal codes, so its rows are cleared at commit and the batch is deleted after a day (job coordination-batches).',
  },
  person_fiscal_codes: {
    holds: ['user_id', 'fiscal_code'],
    export: 'rows',
    erase: 'delete',
    why: 'The optional fiscal code given at enrolment, only to recognise the same person across files (second key of the import); never shown or exported to coordinators.',
  },
  studio_drafts: {
    holds: ['author_id', 'updated_by', 'approved_by'],
    export: 'none',
    erase: 'detach',
    why: 'Who wrote and last saved a draft in the studio (the four-eyes rule and the conflict message need it); a lecturer who leaves is detached, the draft and its history stay.',
  },
  media_images: {
    holds: ['uploaded_by'],
    export: 'none',
    erase: 'detach',
    why: 'Who uploaded an image to the studio (audited, shown to nobody); a lecturer who leaves is detached, the image stays with the content that shows it.',
  },
  studio_draft_authors: {
    holds: ['user_id'],
    export: 'none',
    erase: 'detach',
    why: 'Who saved a draft: none of them may approve it (four eyes); a lecturer who leaves is detached, the draft stays.',
  },
  studio_reviews: { holds: ['reviewer_id'], export: 'none', erase: 'detach', why: 'Who reviewed a draft and what they decided (the legal review of the course); a reviewer who leaves is detached.' },
  studio_review_comments: { holds: ['author_id'], export: 'none', erase: 'detach', why: 'A reviewer’s comments on lines of a draft; a reviewer who leaves is detached, the comment stays.' },
  content_versions: { holds: ['published_by'], export: 'none', erase: 'detach', why: 'Who published a version of the course; a lecturer who leaves is detached, the version stays.' },
};

/** Column names that identify a person, wherever they appear. */
export const PERSONAL_COLUMNS = /^(user_id|email|to_address|actor_id|holder_name|created_by|published_by|revoked_by|reviewer_id|author_id|operator_id|fiscal_number|.*_user_id|.*_by)$/;

/** How a table's rows are matched to a person: by id (a uuid column) or by e-mail address. */
export function subjectOf(table: string, d: TableDeclaration): { column: string; by: 'id' | 'email' } | null {
  if (d.subject) return { column: d.subject, by: /email|address/.test(d.subject) ? 'email' : 'id' };
  if (table === 'users') return { column: 'id', by: 'id' };
  if (d.holds.includes('user_id')) return { column: 'user_id', by: 'id' };
  if (d.holds.includes('actor_id')) return { column: 'actor_id', by: 'id' };
  const mail = d.holds.find((c) => c === 'email' || c === 'to_address');
  return mail ? { column: mail, by: 'email' } : null;
}
