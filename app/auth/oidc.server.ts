/**
 * Sign-in through OpenID Connect with openid-client: Authorization Code with PKCE (S256), state and
 * nonce checked, the ID token validated (signature, issuer, audience, expiry, nonce) by the library.
 *
 * The state lives in two places: a single-use row (hashed) with the nonce and the PKCE verifier,
 * and an HttpOnly cookie on /auth/oidc. The callback must bring both: a callback forged in another
 * browser, replayed, or older than 10 minutes is refused before any request to the provider.
 *
 * Account matching, in order: an identity already linked (issuer + sub); the `fiscalNumber` claim
 * of a SPID/CIE broker against a fiscal number already linked to an account; a verified e-mail
 * (`email_verified: true`). Otherwise, where the admin allows it, a learner is created in the
 * configured organisation. Every refusal is audited.
 */
import * as client from 'openid-client';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, schema } from '~/utils/db.server';
import { env } from '~/utils/env.server';
import { findIssuer, getSettings, type IssuerConfig } from '~/admin/settings.server';
import { generateToken, hashToken } from './session.server';
import { completeSignIn, type SignInStep } from './signin.server';

export const OIDC_COOKIE = 'aula_oidc';
const LOGIN_MINUTES = 10;
const DISCOVERY_TTL = 60 * 60 * 1000;
const configs = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** http:// is accepted only for an issuer on this machine (tests, a broker beside Aula). */
function isLoopback(url: URL) {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

async function configFor(issuer: IssuerConfig): Promise<client.Configuration> {
  const cacheKey = JSON.stringify([issuer.id, issuer.issuer, issuer.clientId, issuer.clientSecret ?? '']);
  const hit = configs.get(cacheKey);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL) return hit.config;
  const url = new URL(issuer.issuer);
  const insecure = url.protocol === 'http:' && isLoopback(url);
  const config = client.discovery(
    url,
    issuer.clientId,
    issuer.clientSecret ? { client_secret: issuer.clientSecret } : { token_endpoint_auth_method: 'none' },
    undefined,
    insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  );
  configs.set(cacheKey, { at: Date.now(), config });
  config.catch(() => configs.delete(cacheKey));
  return config;
}

export function callbackUrl(issuerId: string) {
  return `${env.baseUrl}/auth/oidc/${issuerId}/callback`;
}

export type StartResult = { ok: true; url: string; state: string } | { ok: false; reason: 'unknownIssuer' | 'unavailable' };

/** The provider's authorization URL for a new sign-in, and the state for the cookie. */
export async function startOidcLogin({ issuerId, redirectTo, via }: { issuerId: string; redirectTo: string; via?: 'spid' | 'cie' }): Promise<StartResult> {
  const issuer = await findIssuer(issuerId);
  if (!issuer) return { ok: false, reason: 'unknownIssuer' };
  let config: client.Configuration;
  try {
    config = await configFor(issuer);
  } catch (error) {
    console.error('[oidc] discovery non riuscita', issuer.id, error instanceof Error ? error.message : error);
    return { ok: false, reason: 'unavailable' };
  }
  const state = generateToken();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const db = await getDb();
  await db.insert(schema.oidcLogins).values({ id: hashToken(state), issuer: issuer.id, nonce, codeVerifier, redirectTo, expiresAt: new Date(Date.now() + LOGIN_MINUTES * 60_000) });
  const scope = ['openid', 'email', 'profile', ...(issuer.scopes ?? '').split(/\s+/).filter(Boolean)].join(' ');
  const params: Record<string, string> = {
    redirect_uri: callbackUrl(issuer.id),
    scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  // A broker serving both SPID and CIE is told which one the person chose (SATOSA-style hint).
  if (via && issuer.kind === 'spid-cie') params.idp_hint = via;
  return { ok: true, url: client.buildAuthorizationUrl(config, params).href, state };
}

export function oidcCookie(state: string) {
  return `${OIDC_COOKIE}=${state}; HttpOnly; SameSite=Lax; Path=/auth/oidc; Max-Age=${LOGIN_MINUTES * 60}${env.secureCookies ? '; Secure' : ''}`;
}

export function clearOidcCookie() {
  return `${OIDC_COOKIE}=; HttpOnly; SameSite=Lax; Path=/auth/oidc; Max-Age=0${env.secureCookies ? '; Secure' : ''}`;
}

export type OidcRefusal = 'unknownIssuer' | 'state' | 'providerError' | 'code' | 'nonce' | 'issuer' | 'audience' | 'token' | 'noAccount' | 'disabled' | 'noEmail';
export type CallbackResult = ({ ok: true } & SignInStep & { userId: string }) | { ok: false; reason: OidcRefusal };

/** The refusal reason of an openid-client / oauth4webapi error (the cause chain names the claim). */
function classify(error: unknown): OidcRefusal {
  const chain: Array<{ code?: string; error?: string; claim?: string; message?: string; cause?: unknown }> = [];
  for (let e = error as { cause?: unknown } | undefined, i = 0; e && typeof e === 'object' && i < 5; e = e.cause as { cause?: unknown } | undefined, i++) chain.push(e as (typeof chain)[number]);
  const claim = chain.find((e) => typeof e.claim === 'string')?.claim;
  if (claim === 'aud' || claim === 'azp') return 'audience';
  if (claim === 'iss') return 'issuer';
  if (claim === 'nonce') return 'nonce';
  if (chain.some((e) => e.error === 'invalid_grant')) return 'code';
  const message = chain
    .map((e) => e.message ?? '')
    .join(' ')
    .toLowerCase();
  if (message.includes('"aud"') || message.includes('audience')) return 'audience';
  if (message.includes('"iss"') || message.includes('issuer')) return 'issuer';
  if (message.includes('nonce')) return 'nonce';
  if (chain.some((e) => e.code === 'OAUTH_RESPONSE_BODY_ERROR')) return 'code';
  return 'token';
}

async function refuse(reason: OidcRefusal, data: Record<string, unknown>, userId: string | null = null): Promise<CallbackResult> {
  const db = await getDb();
  await db.insert(schema.auditLog).values({ actorId: userId, action: 'auth.oidc.refused', target: userId, data: JSON.stringify({ reason, ...data }) });
  return { ok: false, reason };
}

/**
 * The callback: checks the state against the cookie and the single-use row, exchanges the code
 * (PKCE verifier, nonce, ID token validation), then matches or provisions the account.
 */
export async function finishOidcLogin({
  issuerId,
  callbackParams,
  cookieState,
  userAgent,
  clientIp,
}: {
  issuerId: string;
  callbackParams: URLSearchParams;
  cookieState: string | null;
  userAgent: string | null;
  clientIp: string;
}): Promise<CallbackResult> {
  const issuer = await findIssuer(issuerId);
  if (!issuer) return refuse('unknownIssuer', { issuer: issuerId.slice(0, 40), ip: clientIp });
  const state = callbackParams.get('state');
  if (!state || !cookieState || state !== cookieState) return refuse('state', { issuer: issuer.id, ip: clientIp });
  const db = await getDb();
  const [login] = await db
    .update(schema.oidcLogins)
    .set({ usedAt: new Date() })
    .where(and(eq(schema.oidcLogins.id, hashToken(state)), eq(schema.oidcLogins.issuer, issuer.id), isNull(schema.oidcLogins.usedAt), gt(schema.oidcLogins.expiresAt, new Date())))
    .returning();
  if (!login) return refuse('state', { issuer: issuer.id, ip: clientIp, replay: true });
  if (callbackParams.get('error')) return refuse('providerError', { issuer: issuer.id, error: callbackParams.get('error')?.slice(0, 60), ip: clientIp });
  let claims: client.IDToken;
  try {
    const config = await configFor(issuer);
    const current = new URL(callbackUrl(issuer.id));
    for (const [k, v] of callbackParams) current.searchParams.append(k, v);
    const tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: login.codeVerifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
    const c = tokens.claims();
    if (!c) return refuse('token', { issuer: issuer.id, ip: clientIp });
    claims = c;
  } catch (error) {
    const reason = classify(error);
    console.warn('[oidc] accesso rifiutato', issuer.id, reason, error instanceof Error ? error.message : String(error));
    return refuse(reason, { issuer: issuer.id, ip: clientIp, detail: error instanceof Error ? error.message.slice(0, 200) : undefined });
  }
  const matched = await matchAccount(issuer, claims);
  if (!matched.ok) return refuse(matched.reason, { issuer: issuer.id, ip: clientIp }, matched.userId ?? null);
  const step = await completeSignIn({ userId: matched.userId, method: issuer.id, redirectTo: login.redirectTo, userAgent, clientIp });
  return { ok: true, ...step, userId: matched.userId };
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** TINIT-RSSMRA80A01H501U → RSSMRA80A01H501U (SPID sends the prefix, CIE brokers may not). */
export function normaliseFiscalNumber(v: unknown): string | null {
  const s = str(v)
    ?.toUpperCase()
    .replace(/^TINIT-/, '');
  return s && /^[A-Z0-9]{11,16}$/.test(s) ? s : null;
}

type Match = { ok: true; userId: string } | { ok: false; reason: 'noAccount' | 'disabled' | 'noEmail'; userId?: string };

async function matchAccount(issuer: IssuerConfig, claims: client.IDToken): Promise<Match> {
  const db = await getDb();
  const subject = claims.sub;
  const fiscalNumber = normaliseFiscalNumber(claims.fiscalNumber ?? claims.fiscal_number);
  const email = str(claims.email)?.toLowerCase() ?? null;
  const emailVerified = claims.email_verified === true;
  return db.transaction(async (tx): Promise<Match> => {
    const users = schema.users;
    const ids = schema.userIdentities;
    let userId: string | null = null;
    let how = 'identity';
    const [linked] = await tx
      .select({ userId: ids.userId })
      .from(ids)
      .where(and(eq(ids.issuer, issuer.id), eq(ids.subject, subject)));
    if (linked) userId = linked.userId;
    if (!userId && fiscalNumber) {
      const [byFiscal] = await tx.select({ userId: ids.userId }).from(ids).where(eq(ids.fiscalNumber, fiscalNumber)).limit(1);
      if (byFiscal) {
        userId = byFiscal.userId;
        how = 'fiscalNumber';
      }
    }
    if (!userId && email && emailVerified) {
      const [byEmail] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      if (byEmail) {
        userId = byEmail.id;
        how = 'email';
      }
    }
    if (!userId) {
      const settings = await getSettings();
      if (settings.provisioning !== 'create-learner') return { ok: false, reason: 'noAccount' };
      if (!email) return { ok: false, reason: 'noEmail' };
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.email}) = ${email}`);
      // An address that belongs to someone else but is not verified by the provider is not taken over.
      if (taken) return { ok: false, reason: 'noAccount' };
      const name = str(claims.name) ?? ([str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || email);
      const [created] = await tx
        .insert(users)
        .values({ email, name: name.slice(0, 120), passwordHash: null })
        .returning({ id: users.id });
      userId = created!.id;
      how = 'provisioned';
      await tx.insert(schema.userRoles).values({ userId, role: 'learner' });
      if (settings.provisioningOrganisationId) await tx.insert(schema.memberships).values({ userId, organisationId: settings.provisioningOrganisationId }).onConflictDoNothing();
      await tx.insert(schema.auditLog).values({ actorId: userId, action: 'user.provision', target: userId, data: JSON.stringify({ issuer: issuer.id }) });
    }
    const [user] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
    if (!user || user.disabledAt) return { ok: false, reason: 'disabled', userId };
    await tx
      .insert(ids)
      .values({ userId, issuer: issuer.id, subject, fiscalNumber, lastUsedAt: new Date() })
      .onConflictDoUpdate({ target: [ids.issuer, ids.subject], set: { lastUsedAt: new Date(), fiscalNumber: fiscalNumber ?? sql`${ids.fiscalNumber}` } });
    if (how !== 'identity' && how !== 'provisioned')
      await tx.insert(schema.auditLog).values({ actorId: userId, action: 'user.identity.link', target: userId, data: JSON.stringify({ issuer: issuer.id, by: how }) });
    return { ok: true, userId };
  });
}

/** An admin records a person's fiscal number so that their first SPID/CIE sign-in finds the account. */
export async function setFiscalNumber({ actorId, userId, fiscalNumber }: { actorId: string; userId: string; fiscalNumber: string | null }) {
  const db = await getDb();
  const value = fiscalNumber ? normaliseFiscalNumber(fiscalNumber) : null;
  if (fiscalNumber && !value) return { ok: false as const, reason: 'invalid' as const };
  await db.transaction(async (tx) => {
    await tx.delete(schema.userIdentities).where(and(eq(schema.userIdentities.userId, userId), eq(schema.userIdentities.issuer, 'codice-fiscale')));
    if (value) await tx.insert(schema.userIdentities).values({ userId, issuer: 'codice-fiscale', subject: value, fiscalNumber: value }).onConflictDoNothing();
    await tx.insert(schema.auditLog).values({ actorId, action: 'user.fiscalNumber', target: userId, data: JSON.stringify({ set: Boolean(value) }) });
  });
  return { ok: true as const };
}
