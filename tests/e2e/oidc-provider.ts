/**
 * A real OpenID Connect provider for the end-to-end tests: `oidc-provider` (the certified Node
 * implementation) started in the test process, with interaction pages written here (a form that
 * asks which test person signs in). Aula talks to it exactly as to a body's IdP or a SPID/CIE
 * broker: discovery, authorization code with PKCE, token endpoint, signed ID token.
 *
 * `tamper` makes the provider misbehave on purpose, so the tests can check that Aula refuses it:
 * `audience` re-signs the ID token for another client (with the provider's own key).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestPerson {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  fiscalNumber?: string;
}

export const OIDC_PORT = Number(process.env.E2E_PORT || 3100) + 30;
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const page = (title: string, body: string) => `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

export async function startTestProvider({ aulaBaseUrl, people }: { aulaBaseUrl: string; people: Map<string, TestPerson> }) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const tamper: { audience: boolean } = { audience: false };
  const provider = new Provider(OIDC_ISSUER, {
    clients: [
      { client_id: 'aula', client_secret: 'segreto-di-prova-ente', redirect_uris: [`${aulaBaseUrl}/auth/oidc/ente/callback`], grant_types: ['authorization_code'], response_types: ['code'] },
      { client_id: 'aula-spid', client_secret: 'segreto-di-prova-spid', redirect_uris: [`${aulaBaseUrl}/auth/oidc/spid/callback`], grant_types: ['authorization_code'], response_types: ['code'] },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['chiave-dei-cookie-di-prova'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'fiscalNumber'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const person = people.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({ ...person, name: [person.given_name, person.family_name].filter(Boolean).join(' ') || undefined }),
      };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    ttl: { AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Interaction: 600, Session: 600, Grant: 600 },
  });

  // Post-processing of the token endpoint: a provider (or an attacker in the middle) issuing an ID
  // token for another audience, correctly signed.
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (tamper.audience && ctx.oidc?.route === 'token' && body?.id_token) {
      const claims = decodeJwt(body.id_token);
      const header = decodeProtectedHeader(body.id_token);
      body.id_token = await new SignJWT({ ...claims, aud: 'un-altro-client' }).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(privateKey);
    }
  });

  // The interaction pages: "who are you?" as a plain form.
  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
    if (!m) return next();
    const req = ctx.req as IncomingMessage;
    const res = ctx.res as ServerResponse;
    if (ctx.method === 'GET') {
      const details = await provider.interactionDetails(req, res);
      ctx.type = 'html';
      ctx.body = page(
        'Identity provider di prova',
        `<p>Richiesta di ${details.params.client_id as string}</p><form method="post" action="/interaction/${details.uid}/login"><label for="account">Identificativo della persona</label> <input id="account" name="account" autocomplete="off"> <button type="submit">Entra</button></form>`,
      );
      return;
    }
    const form = await readBody(req);
    const account = form.get('account') ?? '';
    if (!people.has(account)) {
      ctx.type = 'html';
      ctx.body = page('Persona sconosciuta', '<p>Nessuna persona con questo identificativo.</p>');
      return;
    }
    ctx.respond = false;
    await provider.interactionFinished(req, res, { login: { accountId: account } }, { mergeWithLastSubmission: false });
  });

  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(OIDC_PORT, () => resolve(s));
  });
  return {
    tamper,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
