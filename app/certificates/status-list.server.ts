/**
 * The revocation status list as a W3C Bitstring Status List credential, signed as a vc+jwt with the
 * certificate key (the same key as the badges, published at /certificati/chiavi.json). A verifier
 * holding a badge reads `credentialStatus.statusListIndex`, fetches this list, and checks the bit,
 * offline from then on. The list is computed from the verified revocation log.
 */
import { gzipSync } from 'node:zlib';
import { SignJWT, type JWTPayload } from 'jose';
import { env } from '~/utils/env.server';
import { statusListUrl, VC_CONTEXT_V2 } from './badge.server';
import { getKeyRing } from './keys.server';
import { revocationBitstring, verifiedLog } from './revocation-log.server';
import { publicJwk } from './signing.server';

let cache: { head: string; jwt: string; at: number } | null = null;

export async function statusListCredential(): Promise<{ jwt: string; credential: Record<string, unknown> }> {
  const log = await verifiedLog();
  const url = statusListUrl(env.baseUrl);
  const encodedList = `u${gzipSync(revocationBitstring(log)).toString('base64url')}`;
  const validFrom = new Date().toISOString();
  const credential = {
    '@context': [VC_CONTEXT_V2],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: `${env.baseUrl}/certificati/emittente`,
    validFrom,
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
  if (cache && cache.head === `${log.intact}:${log.head}` && Date.now() - cache.at < 60_000) return { jwt: cache.jwt, credential };
  const ring = await getKeyRing();
  const jwt = await new SignJWT({ ...credential } as unknown as JWTPayload)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: publicJwk(ring.current).kid })
    .setIssuer(credential.issuer)
    .setJti(url)
    .setIssuedAt()
    .sign(ring.current);
  cache = { head: `${log.intact}:${log.head}`, jwt, at: Date.now() };
  return { jwt, credential };
}
