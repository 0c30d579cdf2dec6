import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { VERIFY_RATE_LIMIT } from '~/certificates/verify.server';
import { loader as verifyJsonLoader } from '~/routes/certificati.verifica.$code[.json]';
import { loader as verifyPageLoader } from '~/routes/certificati.verifica.$code';
import { getDb, schema } from '~/utils/db.server';
import { hitRateLimit } from '~/utils/rate-limit.server';
import { translate } from '~/i18n/i18n';
import { createLoadContext } from '~/http/context.server';
import { routeArgs, thrownError } from './helpers';
import { uniqueSlug } from '../fixtures/content';

const args = (path: string, code: string, ip: string) => routeArgs(new Request(`http://localhost${path}`), { params: { code }, ip });

describe('the per-key fixed-window rate limiter', () => {
  it('allows up to the limit in a window, then refuses, per key', async () => {
    const key = `prova:${uniqueSlug()}`;
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit({ key, limit: 3, windowSeconds: 60 }));
    expect(results.map((r) => [r.count, r.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    const other = await hitRateLimit({ key: `${key}-altro`, limit: 3, windowSeconds: 60 });
    expect(other).toMatchObject({ count: 1, allowed: true });
  });

  it('counts concurrent hits exactly once each (one atomic upsert)', async () => {
    const key = `prova:${uniqueSlug()}`;
    const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit({ key, limit: 20, windowSeconds: 60 })));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(results.filter((r) => !r.allowed)).toHaveLength(5);
  });

  it('starts a new window once the old one has expired', async () => {
    const key = `prova:${uniqueSlug()}`;
    for (let i = 0; i < 3; i++) await hitRateLimit({ key, limit: 2, windowSeconds: 60 });
    const db = await getDb();
    await db
      .update(schema.loginThrottle)
      .set({ windowStart: sql`now() - interval '61 seconds'` })
      .where(eq(schema.loginThrottle.key, key));
    expect(await hitRateLimit({ key, limit: 2, windowSeconds: 60 })).toMatchObject({ count: 1, allowed: true });
  });

  it('reads the client address only from the request context the server builds, never from a header', () => {
    const forged = new Request('http://localhost/', { headers: { 'x-forwarded-for': '198.51.100.1', 'x-aula-client-ip': '198.51.100.2' } });
    expect(createLoadContext({ request: forged, clientIp: '203.0.113.7' }).clientIp).toBe('203.0.113.7');
    expect(createLoadContext({ request: forged }).clientIp).toBe('unknown');
  });
});

describe('public verification is rate-limited per IP address', () => {
  it('after the limit the JSON answers 429 with Retry-After, while another address still gets its answer', async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}-${uniqueSlug()}`;
    for (let i = 0; i < VERIFY_RATE_LIMIT.limit; i++) {
      const res = await verifyJsonLoader(args('/certificati/verifica/ZZZZ-ZZZZ-ZZZZ.json', 'ZZZZ-ZZZZ-ZZZZ', ip));
      expect(res.status).toBe(404);
    }
    const limited = await verifyJsonLoader(args('/certificati/verifica/ZZZZ-ZZZZ-ZZZZ.json', 'ZZZZ-ZZZZ-ZZZZ', ip));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await limited.json()).message).toMatch(/^Troppe richieste di verifica/);

    // The page shares the bucket and answers with an Italian 429.
    const page = await thrownError(verifyPageLoader(args('/certificati/verifica/ZZZZ-ZZZZ-ZZZZ', 'ZZZZ-ZZZZ-ZZZZ', ip)));
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('Retry-After'))).toBeGreaterThan(0);
    const payload = page.payload as { key: 'error.429.verify'; values: { seconds: number } };
    expect(translate('it', payload.key, payload.values)).toMatch(/^Troppe richieste di verifica da questo indirizzo/);

    const elsewhere = await thrownError(verifyPageLoader(args('/certificati/verifica/ZZZZ-ZZZZ-ZZZZ', 'ZZZZ-ZZZZ-ZZZZ', `${ip}-b`)));
    expect(elsewhere.status).toBe(404);
    expect(translate('it', (elsewhere.payload as { key: 'error.notFound.certificateCode' }).key)).toMatch(/^Nessun attestato corrisponde a questo codice/);
  });
});
