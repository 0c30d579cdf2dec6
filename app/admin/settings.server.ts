/**
 * Settings an admin changes at run time, stored in `app_settings` (one row per key, the value as
 * JSON) with an audit entry per change. The environment gives the defaults (LIBRARY_PUBLIC,
 * AULA_TOTP_REQUIRED, AULA_OIDC_ISSUERS…); a value saved by an admin wins. Every instance reads
 * the table at most every few seconds (a small in-process cache), so a change reaches all of them
 * within that time.
 */
import { inArray } from 'drizzle-orm';
import { z } from '~/utils/zod';
import { getDb, schema, type DbOrTx } from '~/utils/db.server';
import { env } from '~/utils/env.server';

export const ISSUER_KINDS = ['generic', 'spid', 'cie', 'spid-cie'] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

/** An OpenID Connect issuer: the body's IdP or a SPID/CIE broker (e.g. a SATOSA proxy). */
export const issuerSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/),
  label: z.string().min(1).max(80),
  issuer: z.string().url().max(500),
  clientId: z.string().min(1).max(200),
  clientSecret: z.string().max(500).optional(),
  kind: z.enum(ISSUER_KINDS).default('generic'),
  /** extra scopes beyond `openid email profile` (a SPID broker may want e.g. `fiscalNumber`) */
  scopes: z.string().max(200).optional(),
});
export type IssuerConfig = z.infer<typeof issuerSchema>;

export const PROVISIONING = ['link-only', 'create-learner'] as const;

export interface Settings {
  siteName: string;
  supportContact: string;
  libraryPublic: boolean;
  defaultYearlyHours: number;
  /** admin and coordinator accounts must use a second factor */
  totpRequiredForStaff: boolean;
  /** false: people linked to a single sign-on identity cannot sign in with a local password */
  passwordsForSsoUsers: boolean;
  /** what a first sign-in through an issuer does when no account matches */
  provisioning: (typeof PROVISIONING)[number];
  /** the organisation new learners from single sign-on join (create-learner) */
  provisioningOrganisationId: string | null;
  /** issuers added by an admin (the environment's come on top, see `listIssuers`) */
  oidcIssuers: IssuerConfig[];
  /** years the training records of an erased account are kept under the pseudonym */
  retentionYears: number;
  /** the courses (slugs) whose studio drafts need a reviewer's approval before publishing */
  reviewCourses: string[];
  /** whether the library's documents (cards, glossary, offices, synonyms) need a reviewer's approval */
  reviewLibrary: boolean;
}

const DEFAULTS = (): Settings => ({
  siteName: '',
  supportContact: '',
  libraryPublic: env.libraryPublic,
  defaultYearlyHours: 40,
  totpRequiredForStaff: env.totpRequiredDefault,
  passwordsForSsoUsers: true,
  provisioning: 'link-only',
  provisioningOrganisationId: null,
  oidcIssuers: [],
  retentionYears: env.retentionYears,
  reviewCourses: [],
  reviewLibrary: false,
});

const VALIDATORS: { [K in keyof Settings]: z.ZodType<Settings[K]> } = {
  siteName: z.string().max(120),
  supportContact: z.string().max(200),
  libraryPublic: z.boolean(),
  defaultYearlyHours: z.number().int().min(0).max(1000),
  totpRequiredForStaff: z.boolean(),
  passwordsForSsoUsers: z.boolean(),
  provisioning: z.enum(PROVISIONING),
  provisioningOrganisationId: z.string().uuid().nullable(),
  oidcIssuers: z.array(issuerSchema),
  retentionYears: z.number().int().min(1).max(50),
  reviewCourses: z.array(z.string().max(120)).max(500),
  reviewLibrary: z.boolean(),
};

const KEYS = Object.keys(VALIDATORS) as Array<keyof Settings>;
const rowKey = (k: keyof Settings) => `setting.${k}`;
const CACHE_MS = 3000;
let cache: { at: number; value: Promise<Settings> } | null = null;

async function load(conn?: DbOrTx): Promise<Settings> {
  const db = conn ?? (await getDb());
  const rows = await db
    .select({ key: schema.appSettings.key, value: schema.appSettings.value })
    .from(schema.appSettings)
    .where(inArray(schema.appSettings.key, KEYS.map(rowKey)));
  const settings = DEFAULTS();
  for (const row of rows) {
    const key = row.key.slice('setting.'.length) as keyof Settings;
    try {
      const parsed = VALIDATORS[key].safeParse(JSON.parse(row.value));
      if (parsed.success) (settings as unknown as Record<string, unknown>)[key] = parsed.data;
    } catch {
      // a damaged row keeps the default
    }
  }
  return settings;
}

/** The settings as stored now, read on the caller's connection (a rule enforced inside a transaction). */
export function readSettingsNow(conn: DbOrTx): Promise<Settings> {
  return load(conn);
}

let lastGood: Settings | null = null;
const LOAD_TIMEOUT_MS = 1000;

/**
 * The settings in force (cached for a few seconds per process). They never make a page wait on a
 * database that does not answer: after a second, or on an error, the last values read (or the
 * defaults) are used, and the page's own queries decide whether it is a 503.
 */
export function getSettings(): Promise<Settings> {
  const now = Date.now();
  if (!cache || now - cache.at > CACHE_MS) {
    const loaded = load().then((v) => (lastGood = v));
    const fallback = () => lastGood ?? DEFAULTS();
    const value = Promise.race([loaded, new Promise<Settings>((resolve) => setTimeout(() => resolve(fallback()), LOAD_TIMEOUT_MS).unref())]).catch(fallback);
    cache = { at: now, value };
    loaded.catch(() => {
      cache = null;
    });
  }
  return cache.value;
}

export function forgetCachedSettings() {
  cache = null;
}

export type SaveSettingsResult = { ok: true; changed: Array<keyof Settings> } | { ok: false; reason: 'invalid'; key: keyof Settings };

/** Saves the given settings in one transaction, with one audit entry per changed key. */
export async function saveSettings({ actorId, values, db }: { actorId: string; values: Partial<Settings>; db?: DbOrTx }): Promise<SaveSettingsResult> {
  const current = await load();
  const changed: Array<keyof Settings> = [];
  for (const key of Object.keys(values) as Array<keyof Settings>) {
    if (!VALIDATORS[key]?.safeParse(values[key]).success) return { ok: false, reason: 'invalid', key };
    if (JSON.stringify(current[key]) !== JSON.stringify(values[key])) changed.push(key);
  }
  if (!changed.length) return { ok: true, changed };
  const run = async (tx: DbOrTx) => {
    for (const key of changed) {
      const value = JSON.stringify(values[key]);
      await tx
        .insert(schema.appSettings)
        .values({ key: rowKey(key), value })
        .onConflictDoUpdate({ target: schema.appSettings.key, set: { value } });
      // Secrets never reach the audit log.
      const logged = key === 'oidcIssuers' ? (values.oidcIssuers ?? []).map((i) => ({ ...i, clientSecret: i.clientSecret ? '***' : undefined })) : values[key];
      await tx.insert(schema.auditLog).values({ actorId, action: 'settings.change', target: key, data: JSON.stringify({ from: key === 'oidcIssuers' ? undefined : current[key], to: logged }) });
    }
  };
  if (db) await run(db);
  else await (await getDb()).transaction(run);
  forgetCachedSettings();
  return { ok: true, changed };
}

/** Every configured issuer: the environment's (AULA_OIDC_ISSUERS), then the admin's; ids are unique. */
export async function listIssuers(): Promise<Array<IssuerConfig & { source: 'env' | 'admin' }>> {
  const fromEnv = z.array(issuerSchema).safeParse(env.oidcIssuers);
  const list: Array<IssuerConfig & { source: 'env' | 'admin' }> = fromEnv.success ? fromEnv.data.map((i) => ({ ...i, source: 'env' as const })) : [];
  for (const i of (await getSettings()).oidcIssuers) if (!list.some((l) => l.id === i.id)) list.push({ ...i, source: 'admin' });
  return list;
}

export async function findIssuer(id: string) {
  return (await listIssuers()).find((i) => i.id === id) ?? null;
}
