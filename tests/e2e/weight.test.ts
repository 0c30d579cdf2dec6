import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';

/**
 * What a learner's browser downloads (issue 18): the interface messages arrive in the reader's
 * language only, and only those the page can show, in a JSON block of the document
 * (app/i18n/page-messages.server.ts); the whole language is fetched at the first navigation.
 * Every script the page actually fetched while loading and hydrating is counted, compressed as
 * tests/bench/module.bench.ts does (gzip level 9).
 *
 * Issue 18's budget is 90 KB. Measured (1 December 2026): 108.4 KB with the whole Italian catalogue
 * (21.3 KB) as a script; 87.4 KB with the page's messages in the document (the React and Remix
 * runtime alone is 78.6 KB). The ceiling holds the budget.
 */
const JS_CEILING_KB = 90;
const MODULE = '/corsi/dream/fonti-attori-competenze';
const ITALIAN_ONLY = 'Passa all’inglese';
const ENGLISH_ONLY = 'Switch to Italian';

async function scriptsOf(page: Page, path: string) {
  const scripts = new Map<string, Buffer>();
  const seen: Promise<void>[] = [];
  const listener = (response: import('@playwright/test').Response) => {
    if (response.request().resourceType() === 'script' || /\.js(\?|$)/.test(response.url())) seen.push(response.body().then((b) => void scripts.set(response.url(), b)));
  };
  page.on('response', listener);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const document = await (await page.goto(path))!.text();
  const block = /<script type="application\/json" id="aula-messages">(.*?)<\/script>/.exec(document)?.[1] ?? '';
  // Hydrated: React has attached its props to the language switch.
  const switchButton = page.locator('form[action="/lingua"] button');
  await expect.poll(() => switchButton.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactProps')))).toBe(true);
  await page.waitForLoadState('networkidle');
  await Promise.all(seen);
  page.off('response', listener);
  const text = [...scripts.values()].map((b) => b.toString('utf8')).join('\n');
  const gzipBytes = [...scripts.values()].reduce((sum, b) => sum + zlib.gzipSync(b, { level: 9 }).length, 0);
  // The block is taken out of the document before hydrating.
  await expect(page.locator('#aula-messages')).toHaveCount(0);
  return { scripts, text, gzipBytes, errors, block };
}

test('the module page loads no more JavaScript than measured, with the messages of its language only', async ({ page }) => {
  await signIn(page, DEMO.learner);
  const { scripts, text, gzipBytes, errors, block } = await scriptsOf(page, MODULE);
  const sizes = [...scripts].map(([url, b]) => `${new URL(url).pathname} ${(zlib.gzipSync(b, { level: 9 }).length / 1024).toFixed(1)} KB`);
  const messages = Object.keys((JSON.parse(block) as { messages: Record<string, string> }).messages).length;
  console.log(
    `JavaScript del modulo: ${scripts.size} file, ${(gzipBytes / 1024).toFixed(1)} KB gzip\n  ${sizes.join('\n  ')}\nmessaggi nel documento: ${messages}, ${(zlib.gzipSync(block, { level: 9 }).length / 1024).toFixed(1)} KB gzip da soli`,
  );
  expect(scripts.size).toBeGreaterThan(3);
  expect(gzipBytes).toBeLessThanOrEqual(JS_CEILING_KB * 1024);
  // No catalogue among the scripts: the page's Italian messages are in the document.
  expect(text).not.toContain(ITALIAN_ONLY);
  expect(text).not.toContain(ENGLISH_ONLY);
  expect(block).toContain(ITALIAN_ONLY);
  expect(block).not.toContain(ENGLISH_ONLY);
  expect(messages).toBeLessThan(300);
  expect(errors, 'no hydration or script errors').toEqual([]);

  // The first navigation fetches the whole language before it renders the next page.
  const catalogue = page.waitForResponse((r) => /\/assets\/messages-it-\w+\.js$/.test(r.url()));
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Biblioteca' }).click();
  await catalogue;
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'I miei corsi' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'I miei corsi' })).toBeVisible();
  expect(errors, 'no missing message after navigating').toEqual([]);
});

test('a reader who chose English gets the English messages only, and the page hydrates without a mismatch', async ({ browser }) => {
  const context = await newContext(browser, { locale: 'en-GB' });
  const page = await context.newPage();
  const { text, errors, block } = await scriptsOf(page, '/biblioteca/cerca?q=permesso');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(block).toContain(ENGLISH_ONLY);
  expect(block).not.toContain(ITALIAN_ONLY);
  expect(text).not.toContain(ITALIAN_ONLY);
  expect(errors, 'no hydration or script errors').toEqual([]);
  // Switching language in the browser fetches the other catalogue before showing the page.
  await page.getByRole('button', { name: ENGLISH_ONLY }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('button', { name: ITALIAN_ONLY })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Vai al contenuto principale' })).toBeAttached();
  await expectAccessible(page);
  await context.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the language switch still works', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: ITALIAN_ONLY }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Aula' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: ENGLISH_ONLY }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Accedi ad Aula' })).toBeVisible();
  });
});
