import AxeBuilder from '@axe-core/playwright';
import { cspViolations } from './fixtures';
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';

export const BASE_URL = `http://localhost:${process.env.E2E_PORT || 3100}`;

/** A fresh HTTP client with an empty cookie jar (one identity per client). */
export function newClient() {
  return playwrightRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
}

export const DEMO_PASSWORD = 'aula-demo-2026';
export const DEMO = {
  learner: 'discente@aula.test',
  lecturer: 'docente@aula.test',
  coordinator: 'coordinatore@aula.test',
  admin: 'admin@aula.test',
} as const;
export type DemoRole = keyof typeof DEMO;

export function uniqueEmail(prefix: string) {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@aula.test`;
}

/** Zero axe-core violations (WCAG 2.1 A/AA rules and best practices) on the current page. */
export async function expectAccessible(page: Page) {
  // Every page checked for accessibility is also checked for Content-Security-Policy violations.
  expect(cspViolations(page.context()), `CSP violations on ${page.url()}`).toEqual([]);
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page).toHaveURL(/\/corsi$/);
}

/** Signs in over HTTP and returns the session cookie header value. */
export async function sessionFor(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await request.post('/login', { form: { email, password, redirectTo: '/corsi' }, maxRedirects: 0 });
  expect(res.status(), `login of ${email}`).toBe(302);
  const cookie = res.headers()['set-cookie'] ?? '';
  const m = /aula_session=([^;]+)/.exec(cookie);
  expect(m, 'session cookie').not.toBeNull();
  return `aula_session=${m![1]}`;
}

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  lang: string | null;
  messageId: string;
}

const SMTP_READER = `http://127.0.0.1:${process.env.E2E_SMTP_API_PORT || Number(process.env.E2E_PORT || 3100) + 26}`;

/** Every message the test SMTP server received for an address. */
export async function mailsTo(to: string): Promise<ReceivedMail[]> {
  const res = await fetch(`${SMTP_READER}/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as ReceivedMail[];
}

/**
 * The last e-mail that reached the test SMTP server for an address, optionally the last one whose
 * text contains `containing` (waits for it to arrive).
 */
export async function lastMail(_request: APIRequestContext | null, to: string, containing = ''): Promise<ReceivedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const list = (await mailsTo(to)).filter((m) => m.text.includes(containing));
    if (list.length) return list.at(-1)!;
    if (Date.now() > deadline) throw new Error(`nessun messaggio per ${to} sul server SMTP di prova`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function linkIn(text: string, path: string): string {
  const m = new RegExp(`https?://[^\\s]+${path}[^\\s]+`).exec(text);
  expect(m, `link ${path} in mail`).not.toBeNull();
  return new URL(m![0]).pathname;
}

/** Invites a new account as the demo admin and accepts the invitation; returns its credentials. */
export async function createAccount(_request: APIRequestContext, role: 'learner' | 'lecturer' | 'coordinator' | 'admin' = 'learner') {
  const request = await newClient();
  const admin = await sessionFor(request, DEMO.admin);
  const email = uniqueEmail(role);
  const res = await request.post('/admin/utenti', { form: { email, role, organisationId: '' }, headers: { Cookie: admin } });
  expect(res.status()).toBe(200);
  expect(new URL(res.url()).pathname, 'the invitation form answered, not a redirect').toBe('/admin/utenti');
  const path = linkIn((await lastMail(request, email)).text, '/invito/');
  const password = 'una-password-lunga-1';
  const accept = await request.post(path, { form: { name: 'Persona di Prova', password, confirm: password }, maxRedirects: 0 });
  expect(accept.status()).toBe(302);
  await request.dispose();
  return { email, password };
}

/** The learner marks the module read (earlier files of the suite may already have done it). */
export async function markRead(learner: Page, modulePath: string) {
  await learner.goto(modulePath);
  const mark = learner.getByRole('button', { name: 'Segna come letto' });
  if (await mark.count()) await mark.click();
  await expect(learner.locator('#stato')).toContainText('Hai letto questo modulo il');
}

/**
 * A signed-in lecturer publishes, through the studio, a new version of the module listed at
 * `position`, with `sentence` added at its end, as a "modifica normativa" with `summary`.
 */
export async function publishLawChange(page: Page, { position, sentence, note, summary }: { position: number; sentence: string; note: string; summary: string }) {
  await page.goto('/studio');
  await page
    .getByRole('link', { name: new RegExp(`^${position}\\. `) })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
  const editor = page.locator('.cm-content').first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(`\n\n${sentence}\n`);
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  await page.getByRole('button', { name: 'Salva la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
  await page.getByLabel('Che cosa cambia (per la cronologia)').fill(note);
  // Bootstrap Italia draws the checkbox through its label.
  await page.locator('label[for="lawChange"]').click();
  await expect(page.getByLabel(/È una modifica normativa/)).toBeChecked();
  await page.getByLabel('Sintesi per i discenti, in italiano semplice').fill(summary);
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();
}
