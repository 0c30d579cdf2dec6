/**
 * The findings of the independent security review (issue 10), one block per numbered point; each
 * test failed on the code before the fix. Browser-level points (CSP in Chromium, the javascript:
 * link, the open redirect with and without JavaScript, the 404 page) are in tests/e2e/hardening.test.ts;
 * the database outage (point 4) is tests/fault/database-outage.test.ts.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { acceptInvite, changePassword, inviteUser, login, requestPasswordReset, resetPassword } from '~/auth/accounts.server';
import { safeRedirect } from '~/auth/guards.server';
import { checkPassword } from '~/auth/password-policy.server';
import { hashToken, validateSessionToken } from '~/auth/session.server';
import { loadContent } from '~/content/loader.server';
import { refusedScheme } from '~/content/urls';
import { createLoadContext } from '~/http/context.server';
import { formValues, readForm } from '~/http/form.server';
import { precheck } from '~/http/handler.server';
import { describeDatabaseError, getDb, schema } from '~/utils/db.server';
import { ContentImportError, importContent } from '~/startup/import-content.server';
import { makeContent, moduleMdx, uniqueSlug } from '../fixtures/content';
import { guardArgs, seedUser, thrownError, uniqueEmail } from './helpers';

const BASE = 'http://aula.test';
const post = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) => new Request(`${BASE}${path}`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('1. content URLs', () => {
  const hostile = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://x/1',
  ];
  const allowed = ['https://www.normattiva.it/', 'http://example.it', 'mailto:ufficio@comune.lucca.it', 'tel:+390583', '/biblioteca/test-a2', '#sezione', '../altro', 'pagina'];

  it('refuses every scheme but https, http, mailto and tel, in any case and with any whitespace or control character', () => {
    for (const u of hostile) expect(refusedScheme(u), u).not.toBeNull();
    for (const u of allowed) expect(refusedScheme(u), u).toBeNull();
  });

  it('rejects links, images, reference definitions and glossary/office links at import, with file, line and column', () => {
    const slug = uniqueSlug('url');
    const body = '## Uno\n\n[clicca](javascript:alert(1))\n\n![logo](data:image/png;base64,AAAA)\n\n[rif]: vbscript:x\n\nVedi [rif].\n';
    const root = makeContent(slug, {
      [`courses/${slug}/01-primo/index.mdx`]: moduleMdx('Primo', body),
      'library/glossary.yaml': '- id: sui\n  term: "SUI"\n  definition: "Sportello."\n  source: "javascript:alert(1)"\n',
    });
    const issues = loadContent(root).issues;
    const text = issues.map((i) => `${i.file}:${i.line ?? ''}:${i.column ?? ''} ${i.message}`).join('\n');
    expect(text).toMatch(/index\.mdx:\d+:\d+ indirizzo non ammesso «javascript:alert\(1\)»/);
    expect(text).toMatch(/index\.mdx:\d+:\d+ indirizzo non ammesso «data:image/);
    expect(text).toMatch(/index\.mdx:\d+:\d+ indirizzo non ammesso «vbscript:x»/);
    expect(text).toMatch(/glossary\.yaml.*indirizzo non ammesso/);
  });

  it('stores nothing when a module carries a javascript: link', async () => {
    const slug = uniqueSlug('urlimp');
    const root = makeContent(slug, { [`courses/${slug}/01-primo/index.mdx`]: moduleMdx('Primo', '## Uno\n\n[clicca](javascript:alert(1))\n') });
    await expect(importContent({ root })).rejects.toBeInstanceOf(ContentImportError);
    const db = await getDb();
    expect(await db.select().from(schema.courses).where(eq(schema.courses.slug, slug))).toEqual([]);
  });
});

describe('2. headers of every response', () => {
  it('sends a strict nonce-based CSP, referrer, nosniff and permissions policies (asserted on real pages in e2e)', async () => {
    const { contentSecurityPolicy } = await import('~/http/security.server');
    const csp = contentSecurityPolicy('abc');
    for (const d of ["script-src 'nonce-abc' 'strict-dynamic'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(d);
  });
});

describe('3. form posts are parsed linearly and capped', () => {
  it('reads 20,000 repeated values in linear time', () => {
    const form = new FormData();
    for (let i = 0; i < 20_000; i++) form.append('q_q1', 'a');
    const t0 = performance.now();
    const values = formValues(form);
    expect(performance.now() - t0).toBeLessThan(200);
    expect((values.q_q1 as string[]).length).toBe(20_000);
  });

  it('refuses a post with too many fields (413) and an anonymous body over 64 KB (413) without reading it all', async () => {
    const many = new URLSearchParams();
    for (let i = 0; i < 100_000; i++) many.append('q_q1', 'a');
    const r1 = post('/corsi/x/y/quiz/z', many.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
    const ctx = createLoadContext({ request: r1 });
    ctx.signedIn = true;
    const t0 = performance.now();
    const e1 = await thrownError(readForm({ request: r1, context: ctx }, { maxBytes: 10 * 1024 * 1024 }));
    expect(e1.status).toBe(413);
    expect(performance.now() - t0).toBeLessThan(1000);
    const big = post('/password-dimenticata', 'email=' + 'a'.repeat(200 * 1024), { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(200 * 1024 + 6) });
    expect(precheck(big, new URL(big.url))).toEqual({ status: 413, kind: 'too-large' });
    const e2 = await thrownError(readForm({ request: big, context: createLoadContext({ request: big }) }));
    expect(e2.status).toBe(413);
  });
});

describe('5. redirects stay on the site', () => {
  it('refuses known bypasses and keeps real paths', () => {
    const bypasses = [
      '/\t/evil.example',
      '/%09/evil.example',
      '/\n/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/%2F/evil.example',
      'https:evil.example',
      'https://evil.example',
      '/\\/evil.example',
      '/.//evil.example',
      'javascript:alert(1)',
      '／／evil.example',
      '/\u3000/evil.example',
    ];
    for (const b of bypasses) {
      const target = safeRedirect(b, '/corsi');
      expect(new URL(target, 'https://aula.example').origin, b).toBe('https://aula.example');
      expect(target.startsWith('//'), b).toBe(false);
    }
    expect(safeRedirect('/corsi/dream?x=1#y')).toBe('/corsi/dream?x=1#y');
  });
});

describe('6. and 7. sign-in throttling', () => {
  it('100 concurrent guesses get at most 5 password checks', async () => {
    const user = await seedUser();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login({ email: user.email, password: `sbagliata-${i}`, clientIp: '198.51.100.66' })));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(95);
  });

  it('an attacker cannot lock the person out: another address, or the person’s known device, still signs in', async () => {
    const user = await seedUser();
    // The person signed in before on their device: the browser keeps a device cookie.
    const first = await login({ email: user.email, password: user.password, clientIp: '203.0.113.10' });
    if (!first.ok) throw new Error('login failed');
    const deviceCookie = first.deviceCookie.split(';')[0]!;
    for (let i = 0; i < 10; i++) await login({ email: user.email, password: `x${i}`, clientIp: '198.51.100.77' });
    expect((await login({ email: user.email, password: user.password, clientIp: '198.51.100.77' })).ok).toBe(false);
    // Same address as the attacker (a shared NAT), but the person's device: in.
    expect((await login({ email: user.email, password: user.password, clientIp: '198.51.100.77', deviceCookie })).ok).toBe(true);
    // Another address: in.
    expect((await login({ email: user.email, password: user.password, clientIp: '203.0.113.11' })).ok).toBe(true);
  });
});

describe('8. invitations never take over an existing account', () => {
  it('a new invitation revokes older ones; accepting one never changes an existing account', async () => {
    const admin = await seedUser({ role: 'admin' });
    const email = uniqueEmail('doppio');
    const old = await inviteUser({ actorId: admin.id, email, role: 'learner' });
    const fresh = await inviteUser({ actorId: admin.id, email, role: 'learner' });
    expect((await acceptInvite({ token: old.token, name: 'Vecchio', password: 'gelso rosso sul fiume' })).ok).toBe(false);
    const accepted = await acceptInvite({ token: fresh.token, name: 'Nuovo', password: 'gelso rosso sul fiume' });
    if (!accepted.ok) throw new Error(accepted.reason);
    // A third invitation to the same address: accepting it changes nothing and says to reset instead.
    const third = await inviteUser({ actorId: admin.id, email, role: 'coordinator' });
    expect(await acceptInvite({ token: third.token, name: 'Intruso', password: 'cipresso verde al lago' })).toEqual({ ok: false, reason: 'accountExists' });
    const db = await getDb();
    const [u] = await db
      .select()
      .from(schema.users)
      .where(sql`lower(${schema.users.email}) = ${email}`);
    expect(u?.name).toBe('Nuovo');
    expect((await login({ email, password: 'gelso rosso sul fiume' })).ok).toBe(true);
    expect(await validateSessionToken(accepted.token)).not.toBeNull();
  });
});

describe('9. CSRF compares the full origin', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  it('refuses another scheme or port, and cookie posts with neither Origin nor Referer', () => {
    const check = (headers: Record<string, string>) => precheck(post('/profilo', 'a=1', { ...form, ...headers }), new URL(`${BASE}/profilo`));
    expect(check({ origin: BASE })).toBeNull();
    expect(check({ origin: 'https://aula.test' })).toMatchObject({ status: 403 });
    expect(check({ origin: 'http://aula.test:8080' })).toMatchObject({ status: 403 });
    expect(check({ origin: 'null' })).toMatchObject({ status: 403 });
    expect(check({ cookie: 'aula_session=x' })).toMatchObject({ status: 403 });
    expect(check({ cookie: 'aula_session=x', referer: `${BASE}/profilo` })).toBeNull();
    expect(check({ cookie: 'aula_session=x', referer: 'http://evil.example/' })).toMatchObject({ status: 403 });
  });
});

describe('10. password reset', () => {
  it('is limited per address: 50 requests make at most 3 valid links', async () => {
    const user = await seedUser();
    await Promise.all(Array.from({ length: 50 }, (_, i) => requestPasswordReset({ email: user.email, clientIp: `192.0.2.${i}` })));
    const db = await getDb();
    const tokens = await db.select().from(schema.authTokens).where(eq(schema.authTokens.userId, user.id));
    expect(tokens.length).toBeLessThanOrEqual(3);
    expect(tokens.filter((t) => !t.usedAt).length).toBe(1);
  });
});

describe('11. password policy (NIST SP 800-63B)', () => {
  it('refuses common passwords and passwords containing the e-mail or name, and says why', () => {
    expect(checkPassword('password123')).toBe('common');
    expect(checkPassword('qwertyuiop12')).toBe('common');
    expect(checkPassword('mario.rossi-2026!', { email: 'mario.rossi@comune.lucca.it' })).toBe('containsEmail');
    expect(checkPassword('Giulia Verdi 1987!', { name: 'Giulia Verdi' })).toBe('containsName');
    expect(checkPassword('gelso rosso sul fiume')).toBeNull();
  });

  it('throttles wrong current passwords on the profile', async () => {
    const user = await seedUser();
    const r = await login({ email: user.email, password: user.password });
    if (!r.ok) throw new Error('login');
    const tries = [];
    for (let i = 0; i < 7; i++)
      tries.push((await changePassword({ userId: user.id, sessionId: hashToken(r.token), current: `no-${i}`, next: 'quercia antica nel bosco' })) as { ok: boolean; reason?: string });
    expect(tries.slice(0, 5).every((t) => t.reason === 'wrongCurrent')).toBe(true);
    expect(tries.slice(5).every((t) => t.reason === 'throttled')).toBe(true);
    const reset = await resetPassword({ token: 'nessuno', password: 'password123' });
    expect(reset.ok).toBe(false);
  });
});

describe('13. non-form bodies', () => {
  it('answers 415 to text/plain and application/json posts', async () => {
    for (const type of ['text/plain', 'application/json']) {
      const req = post('/login', '{"email":"x"}', { 'content-type': type, origin: BASE });
      expect(precheck(req, new URL(req.url))).toMatchObject({ status: 415 });
      expect((await thrownError(readForm({ request: req, context: createLoadContext({ request: req }) }))).status).toBe(415);
    }
  });
});

describe('14. database error logs', () => {
  it('keep the statement and drop the values', async () => {
    const db = await getDb();
    const secret = 'segreto-da-non-loggare@aula.test';
    const error = await db.execute(sql`select ${secret}::int`).catch((e: unknown) => e);
    const logged = String((describeDatabaseError(error) as Error).message) + String((describeDatabaseError(error) as Error).stack);
    expect(logged).toContain('select');
    expect(logged).not.toContain(secret);
  });
});

describe('16. sliding sessions', () => {
  it('a session used 16 days before its expiry gets a fresh 30-day cookie', async () => {
    const user = await seedUser();
    const r = await login({ email: user.email, password: user.password });
    if (!r.ok) throw new Error('login');
    const db = await getDb();
    await db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() + 14 * 86_400_000) })
      .where(eq(schema.sessions.id, hashToken(r.token)));
    const args = guardArgs(r.token);
    const { getUser } = await import('~/auth/guards.server');
    expect(await getUser(args)).not.toBeNull();
    const cookie = args.context.setCookies.find((c) => c.startsWith('aula_session='));
    expect(cookie).toBeDefined();
    const expires = new Date(/Expires=([^;]+)/.exec(cookie!)![1]!);
    expect((expires.getTime() - Date.now()) / 86_400_000).toBeGreaterThan(29.9);
  });
});

describe('17. broken content', () => {
  it('a YAML alias bomb gets an Italian message naming the file, and nothing crashes', () => {
    const slug = uniqueSlug('bomb');
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const root = makeContent(slug, { [`courses/${slug}/01-primo/quiz.yaml`]: bomb });
    const issues = loadContent(root).issues;
    expect(issues.some((i) => i.file.endsWith('quiz.yaml') && /troppi alias/.test(i.message))).toBe(true);
  });
});

describe('17. start-up with a broken content folder', () => {
  it('keeps serving the last good versions, and records what was refused for admins', async () => {
    const { bootstrap } = await import('~/startup/bootstrap.server');
    const { getImportProblems } = await import('~/content/import-report.server');
    const slug = uniqueSlug('avvio');
    const good = makeContent(slug);
    await importContent({ root: good });
    const db = await getDb();
    const before = await db.select({ id: schema.contentDocuments.currentVersionId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.scope, slug));
    const broken = makeContent(slug, { [`courses/${slug}/01-primo/index.mdx`]: moduleMdx('Primo', '## Uno\n\n[clicca](javascript:alert(1))\n') });
    process.env.AULA_CONTENT_DIR = broken;
    try {
      const logged: string[] = [];
      const info = await bootstrap({ log: (s) => logged.push(s) });
      expect(info.notes.join(' ')).toContain('/admin/contenuti');
      expect(logged.join('\n')).toContain('indirizzo non ammesso');
    } finally {
      delete process.env.AULA_CONTENT_DIR;
    }
    const problems = await getImportProblems();
    expect(problems?.issues.some((i) => i.message.includes('indirizzo non ammesso') && i.line)).toBe(true);
    const after = await db.select({ id: schema.contentDocuments.currentVersionId }).from(schema.contentDocuments).where(eq(schema.contentDocuments.scope, slug));
    expect(after).toEqual(before);
  });
});
