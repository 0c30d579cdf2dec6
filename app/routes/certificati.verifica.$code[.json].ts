import type { LoaderFunctionArgs } from '@remix-run/node';
import { hitVerifyRateLimit, verifyCertificate } from '~/certificates/verify.server';
import { env } from '~/utils/env.server';
import { resolveLocale } from '~/i18n/locale.server';
import { translate } from '~/i18n/i18n';

/**
 * `/certificati/verifica/<code>.json`: the public verification as JSON for HR systems — status,
 * the public fields, the revocation, and what is needed to check the signature offline (the
 * canonical signed payload, the Ed25519 signature, the key id and the JWKS address).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = resolveLocale(request, null);
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', 'X-Robots-Tag': 'noindex' };
  const [limit, result] = await Promise.all([hitVerifyRateLimit(context.clientIp), verifyCertificate(params.code ?? '')]);
  if (!limit.allowed) {
    return Response.json(
      { status: 'rate-limited', message: translate(locale, 'error.429.verify', { seconds: limit.retryAfterSeconds }) },
      { status: 429, headers: { ...headers, 'Retry-After': String(limit.retryAfterSeconds) } },
    );
  }
  if (result.status === 'not-found') {
    return Response.json({ status: 'not-found', code: result.code, message: translate(locale, 'error.notFound.certificateCode') }, { status: 404, headers });
  }
  return Response.json(
    {
      status: result.status,
      code: result.code,
      certificate: result.certificate,
      revocation: result.revokedAt ? { revokedAt: result.revokedAt, reason: result.reason } : null,
      signature: {
        algorithm: result.signature.algorithm,
        curve: result.signature.curve,
        keyId: result.signature.keyId,
        value: result.signature.value,
        encoding: 'base64url',
        payload: result.signature.payload,
        payloadEncoding: 'utf-8',
        canonicalization: 'JSON with keys sorted, no whitespace, fields of "certificate" plus "v": 1',
      },
      links: {
        page: `${env.baseUrl}/certificati/verifica/${result.code}`,
        jwks: `${env.baseUrl}/certificati/chiavi.json`,
        issuer: `${env.baseUrl}/certificati/emittente`,
      },
    },
    { headers },
  );
}
