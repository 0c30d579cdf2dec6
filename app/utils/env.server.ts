import path from 'node:path';

/** Every environment variable Aula reads, in one place (documented in the README). */
export const env = {
  get databaseUrl() {
    return process.env.DATABASE_URL || undefined;
  },
  /** PGlite data directory when DATABASE_URL is unset; `memory://` keeps it in memory (tests). */
  get dataDir() {
    return process.env.AULA_DATA_DIR || path.resolve(process.cwd(), '.data', 'pglite');
  },
  get isProduction() {
    return process.env.NODE_ENV === 'production';
  },
  /** Public base URL used in e-mails, QR codes and certificate links. */
  get baseUrl() {
    return (process.env.AULA_BASE_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, '');
  },
  /** Secure cookies: on in production (browsers accept them on http://localhost too), off in dev. */
  get secureCookies() {
    if (process.env.AULA_SECURE_COOKIES) return process.env.AULA_SECURE_COOKIES === 'true';
    return this.isProduction;
  },
  get libraryPublic() {
    return process.env.LIBRARY_PUBLIC === 'true';
  },
  get databasePoolSize() {
    return Number(process.env.DATABASE_POOL_SIZE || 10);
  },
  /** true: seed the demo accounts on PostgreSQL too */
  get demo() {
    return process.env.AULA_DEMO === 'true';
  },
  get contentDir() {
    return process.env.AULA_CONTENT_DIR || 'content';
  },
  get skipContentImport() {
    return process.env.AULA_SKIP_CONTENT_IMPORT === 'true';
  },
  /** Ed25519 private key (PKCS#8 PEM or base64 DER) that signs certificates; unset: generated once. */
  get certSigningKey() {
    const v = process.env.CERT_SIGNING_KEY;
    return v && v.trim() ? v : undefined;
  },
  /** HMAC secret for device cookies; unset: generated once and stored in the database. */
  get appSecret() {
    return process.env.AULA_SECRET || undefined;
  },
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@relay.example:587; unset: nothing is sent. */
  get smtpUrl() {
    return process.env.SMTP_URL || undefined;
  },
  get mailFrom() {
    return process.env.MAIL_FROM || 'Aula <noreply@aula.invalid>';
  },
  /** first retry delay of a message (doubles each time, at most 6 hours) */
  get mailRetryBaseSeconds() {
    return Number(process.env.MAIL_RETRY_BASE_SECONDS || 30);
  },
  /** how long a worker owns a message it is sending before another may take it */
  get mailLeaseSeconds() {
    return Number(process.env.MAIL_LEASE_SECONDS || 120);
  },
  /** how often an idle mail worker looks for due messages */
  get mailPollMs() {
    return Number(process.env.MAIL_POLL_MS || 1000);
  },
  /** false: this process runs no background work (mail, schedules); e.g. a web-only instance */
  get backgroundJobs() {
    return process.env.AULA_JOBS !== 'false';
  },
  /**
   * Default of the setting "second factor required for admins and coordinators" (an admin may
   * change it): AULA_TOTP_REQUIRED=true|false; unset: off in the embedded demo and with the demo
   * seed (so the demo accounts sign in with the documented password), on otherwise.
   */
  get totpRequiredDefault() {
    if (process.env.AULA_TOTP_REQUIRED) return process.env.AULA_TOTP_REQUIRED === 'true';
    return Boolean(this.databaseUrl) && !this.demo;
  },
  /**
   * OpenID Connect issuers as JSON: [{"id":"ente","label":"Accedi con l'account dell'ente",
   * "issuer":"https://idp.example","clientId":"aula","clientSecret":"…","kind":"generic"}]
   * (kind: generic | spid | cie | spid-cie). Admins may add more in /admin/impostazioni.
   */
  get oidcIssuers(): unknown {
    const raw = process.env.AULA_OIDC_ISSUERS;
    if (!raw) return [];
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      console.error('[env] AULA_OIDC_ISSUERS is not valid JSON: ignored');
      return [];
    }
  },
  /** years the training records of an erased account are kept under its pseudonym (default 10) */
  get retentionYears() {
    return Number(process.env.AULA_RETENTION_YEARS || 10);
  },
  get migrationsFolder() {
    return path.resolve(process.cwd(), 'db', 'migrations');
  },
};
