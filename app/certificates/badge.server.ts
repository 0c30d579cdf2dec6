/**
 * Open Badges 3.0 export of a certificate.
 *
 * The credential is a W3C Verifiable Credential (data model 2.0, as used by OB 3.0.3) secured as
 * a compact JWS ("vc+jwt"): the JWT claims ARE the credential, plus the registered claims `iss`,
 * `jti`, `nbf`, `iat` (and `sub` when a holder e-mail is given). It is signed with EdDSA using the
 * same Ed25519 key that signs the certificate payload; the protected header carries the key's
 * RFC 7638 thumbprint as `kid`, i.e. the `kid` of the key in the public JWKS.
 *
 * The holder's e-mail, when given, is never disclosed: OB 3.0 `identifier` with a salted hash
 * (`sha256$` + hex SHA-256 of the lower-cased e-mail followed by the salt).
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { publicJwk, type CertificatePayload, type Ed25519PublicJwk } from './signing.server';

export const VC_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OPEN_BADGE_JWT_TYPE = 'vc+jwt';

export interface IdentityObject {
  type: 'IdentityObject';
  identityType: 'emailAddress';
  hashed: true;
  identityHash: string;
  salt: string;
}

/** The credential carried in the JWT claims (only what Aula issues; OB 3.0 allows more). */
export interface OpenBadgeCredential {
  '@context': [typeof VC_CONTEXT_V2, typeof OB_CONTEXT_V3];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  validFrom: string;
  name: string;
  description: string;
  credentialStatus?: { id: string; type: 'BitstringStatusListEntry'; statusPurpose: 'revocation'; statusListIndex: string; statusListCredential: string };
  credentialSubject: {
    type: ['AchievementSubject'];
    name: string;
    identifier?: IdentityObject[];
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'Course';
      name: string;
      description: string;
      criteria: { narrative: string };
      version: string;
    };
  };
}

export type OpenBadgeJwtClaims = OpenBadgeCredential & JWTPayload;

export interface IssueOpenBadgeOptions {
  payload: CertificatePayload;
  /** The Ed25519 private signing key. */
  key: KeyObject;
  /** Public base URL without trailing slash, e.g. `https://aula.example.it`. */
  baseUrl: string;
  /** When given, added as a salted-hash identifier (and `sub`) of the subject. */
  holderEmail?: string;
  /** Achievement description; defaults to an Italian sentence built from the payload. */
  description?: string;
  /** Criteria narrative; defaults to completing all modules and passing the final test. */
  criteriaNarrative?: string;
  /** Position in the public revocation status list: adds a `credentialStatus` a verifier can check. */
  statusIndex?: number;
}

/** The public revocation status list (W3C Bitstring Status List) of every certificate. */
export const statusListUrl = (baseUrl: string) => `${baseUrl}/certificati/stato/1`;

function formatHours(hours: number): string {
  const n = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1 }).format(hours);
  return `${n} ${hours === 1 ? 'ora' : 'ore'}`;
}

/** The credential URLs used by Aula, in one place. */
export function openBadgeUrls(baseUrl: string, code: string, courseSlug: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    credential: `${base}/certificati/verifica/${code}`,
    issuer: `${base}/certificati/emittente`,
    achievement: `${base}/corsi/${courseSlug}`,
    base,
  };
}

/** The Open Badges 3.0 credential for a certificate (unsigned). */
export function buildOpenBadgeCredential(options: Omit<IssueOpenBadgeOptions, 'key'>): OpenBadgeCredential {
  const { payload: p } = options;
  const urls = openBadgeUrls(options.baseUrl, p.code, p.courseSlug);
  const issuedAt = new Date(p.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) throw new TypeError(`Invalid issuedAt: ${p.issuedAt}`);
  const issuerName = p.issuers.join(' · ');
  const description = options.description ?? `Corso di formazione «${p.courseTitle}» (versione ${p.courseVersion}), durata ${formatHours(p.hours)}, promosso da ${p.issuers.join(', ')}.`;
  const credential: OpenBadgeCredential = {
    '@context': [VC_CONTEXT_V2, OB_CONTEXT_V3],
    id: urls.credential,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: urls.issuer, type: ['Profile'], name: issuerName, url: urls.base },
    validFrom: issuedAt.toISOString(),
    name: p.courseTitle,
    description: `Attestato ${p.code} rilasciato a ${p.holderName} per il corso «${p.courseTitle}».`,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: p.holderName,
      achievement: {
        id: urls.achievement,
        type: ['Achievement'],
        achievementType: 'Course',
        name: p.courseTitle,
        description,
        criteria: {
          narrative: options.criteriaNarrative ?? `Frequenza di tutti i moduli del corso (${formatHours(p.hours)}) e superamento della verifica finale di apprendimento.`,
        },
        version: p.courseVersion,
      },
    },
  };
  if (options.statusIndex !== undefined) {
    credential.credentialStatus = {
      id: `${statusListUrl(options.baseUrl)}#${options.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(options.statusIndex),
      statusListCredential: statusListUrl(options.baseUrl),
    };
  }
  if (options.holderEmail) {
    const salt = randomBytes(16).toString('hex');
    const identityHash = `sha256$${createHash('sha256')
      .update(options.holderEmail.trim().toLowerCase() + salt, 'utf8')
      .digest('hex')}`;
    credential.credentialSubject.identifier = [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash, salt }];
  }
  return credential;
}

/** The certificate as a signed Open Badges 3.0 credential (compact JWS, `typ: vc+jwt`, EdDSA). */
export async function issueOpenBadgeJwt(options: IssueOpenBadgeOptions): Promise<string> {
  const credential = buildOpenBadgeCredential(options);
  const { kid } = publicJwk(options.key);
  const jwt = new SignJWT({ ...credential } as unknown as JWTPayload)
    .setProtectedHeader({ alg: 'EdDSA', typ: OPEN_BADGE_JWT_TYPE, kid })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(new Date(credential.validFrom).getTime() / 1000))
    .setIssuedAt();
  const identifier = credential.credentialSubject.identifier?.[0];
  if (identifier) jwt.setSubject(identifier.identityHash);
  return jwt.sign(options.key);
}

export type OpenBadgeVerification = { valid: true; credential: OpenBadgeJwtClaims; header: JWTHeaderParameters } | { valid: false; error: string };

/**
 * Verifies an Open Badge JWT against the published public JWK: EdDSA signature, `typ: vc+jwt`,
 * `nbf`, matching `kid` (when both carry one) and the OB 3.0 contexts and types. Never throws.
 */
export async function verifyOpenBadgeJwt(jwt: string, jwk: Ed25519PublicJwk | Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>): Promise<OpenBadgeVerification> {
  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA');
    const { payload, protectedHeader } = await jwtVerify(jwt, key, {
      algorithms: ['EdDSA'],
      typ: OPEN_BADGE_JWT_TYPE,
    });
    if ('kid' in jwk && jwk.kid && protectedHeader.kid !== jwk.kid) {
      return { valid: false, error: 'kid does not match the verification key' };
    }
    const context = payload['@context'];
    const type = payload.type;
    if (!Array.isArray(context) || context[0] !== VC_CONTEXT_V2 || !context.includes(OB_CONTEXT_V3)) {
      return { valid: false, error: 'not an Open Badges 3.0 credential (@context)' };
    }
    if (!Array.isArray(type) || !type.includes('VerifiableCredential') || !type.includes('OpenBadgeCredential')) {
      return { valid: false, error: 'not an Open Badges 3.0 credential (type)' };
    }
    return { valid: true, credential: payload as OpenBadgeJwtClaims, header: protectedHeader };
  } catch (error) {
    return { valid: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
