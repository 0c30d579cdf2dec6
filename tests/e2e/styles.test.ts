import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO, signIn } from './support';

/**
 * The production build ships only the part of Bootstrap Italia that Aula uses (vite.config.ts,
 * PurgeCSS). Each page is photographed with the shipped stylesheet and again with the full one served
 * in its place: the two pictures must be identical, pixel for pixel.
 */
const FULL_CSS = fs.readFileSync('node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css');

async function photograph(page: Page, path: string, full: boolean): Promise<Buffer> {
  await page.unroute(/bootstrap-italia[^/]*\.css$/);
  if (full) await page.route(/bootstrap-italia[^/]*\.css$/, (route) => route.fulfill({ body: FULL_CSS, contentType: 'text/css; charset=utf-8' }));
  const response = await page.goto(path);
  expect(response?.status(), `${path} answers`).toBe(200);
  await page.evaluate(() => document.fonts.ready);
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
}

async function compare(page: Page, paths: string[]) {
  for (const path of paths) {
    const shipped = await photograph(page, path, false);
    const whole = await photograph(page, path, true);
    expect(shipped.length, `${path}: the page was photographed`).toBeGreaterThan(1000);
    expect(shipped.equals(whole), `${path} looks the same with the purged and the full Bootstrap Italia`).toBe(true);
  }
}

test('the shipped stylesheet is at most 30 KB gzipped, and no page looks different from the full Bootstrap Italia', async ({ page, request }) => {
  test.setTimeout(180_000);
  const home = await (await request.get('/login')).text();
  const href = /href="(\/assets\/bootstrap-italia[^"]+\.css)"/.exec(home)?.[1];
  expect(href, 'the page links the stylesheet').toBeTruthy();
  const css = await request.get(href!, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(css.ok()).toBe(true);
  expect(css.headers()['content-encoding']).toBe('gzip');
  expect(Number(css.headers()['content-length'])).toBeLessThanOrEqual(30_000);

  await page.setViewportSize({ width: 1280, height: 900 });
  await compare(page, [
    '/',
    '/login',
    '/password-dimenticata',
    '/biblioteca',
    '/biblioteca/cerca?q=permesso+di+soggiorno',
    '/biblioteca/glossario',
    '/biblioteca/uffici',
    '/certificati/verifica',
    '/privacy',
    '/accessibilita',
  ]);
  await signIn(page, DEMO.learner);
  await compare(page, ['/corsi/dream', '/corsi/dream/fonti-attori-competenze', '/corsi/dream/fonti-attori-competenze/quiz', '/attestati', '/profilo', '/profilo/privacy']);
  await page.setViewportSize({ width: 390, height: 844 });
  await compare(page, ['/corsi/dream/fonti-attori-competenze', '/biblioteca']);
});

test('staff pages look the same with the purged and the full Bootstrap Italia', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, DEMO.admin);
  await compare(page, [
    '/admin',
    '/admin/utenti',
    '/admin/organizzazioni',
    '/admin/impostazioni',
    '/admin/posta',
    '/admin/registro',
    '/certificati/gestione',
    '/docente/statistiche',
    '/coordinamento',
    '/coordinamento/persone',
    '/studio',
    '/sportello/indicatori',
  ]);
});
