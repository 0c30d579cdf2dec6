/**
 * The reference library through the real UI (production build, Chromium, Italian locale):
 * search as you type and with the plain form, a card, a glossary link, a one-page A4 print, the
 * topic filter, keyboard only, zero axe violations; and the same search without JavaScript.
 */
import fs from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { PDFDocument } from 'pdf-lib';
import { isStale } from '../../app/library/freshness';
import { DEMO, expectAccessible, newClient, sessionFor, signIn } from './support';

/** Moves the focus with Tab (or Shift+Tab), never the mouse, until `target` has it. */
async function tabTo(page: Page, target: Locator, { back = false, max = 100 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab non raggiunge ${target}`);
}

/** Waits until React has hydrated the element (typing before that would bypass the live search). */
async function hydrated(target: Locator) {
  await expect.poll(() => target.evaluate((el) => Object.keys(el).some((k) => k.startsWith('__reactProps')))).toBe(true);
}

/** Replaces the query with the keyboard: select all, type. */
async function typeQuery(page: Page, text: string) {
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text, { delay: 25 });
}

const results = (page: Page) => page.locator('#risultati ol.aula-results > li');
const firstResult = (page: Page) => results(page).first().getByRole('heading', { level: 3 }).getByRole('link');
const status = (page: Page, text: string) => page.locator('#risultati [role="status"]').filter({ hasText: text });

test('an operator finds each answer first with the keyboard alone, opens the card, follows a glossary link, prints it on one A4 page and filters by topic', async ({ page, context }) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, DEMO.learner);

  // The "Biblioteca" link of the main navigation, followed with the keyboard.
  const navLink = page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Biblioteca' });
  await tabTo(page, navLink);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/biblioteca$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Biblioteca' })).toBeVisible();
  await expect(page.locator('.aula-card-list a[href="/biblioteca/ricongiungimento-familiare"]').first()).toBeVisible();
  await expectAccessible(page);

  // 1. "rinnovo pds" in the box of the library home, submitted with Enter (plain GET form).
  await tabTo(page, page.getByRole('searchbox', { name: 'Cerca nella biblioteca' }));
  await page.keyboard.type('rinnovo pds');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/biblioteca\/cerca\?q=rinnovo\+pds$/);
  await expect(firstResult(page)).toHaveText('Rinnovo del permesso di soggiorno per lavoro subordinato');
  await expect(results(page).first().locator('mark').first()).toBeVisible();
  await expectAccessible(page);

  // 2-4. As you type: the results change without pressing Enter.
  const box = page.getByRole('searchbox', { name: 'Parole da cercare' });
  await hydrated(box);
  await tabTo(page, box);
  await typeQuery(page, 'ricongiungimento');
  await expect(status(page, 'per «ricongiungimento».')).toBeVisible();
  await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/ricongiungimento-familiare');

  await typeQuery(page, 'ricongiungmento');
  await expect(status(page, 'Nessun risultato per «ricongiungmento». Forse cercavi «ricongiungimento»')).toBeVisible();
  await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/ricongiungimento-familiare');

  await typeQuery(page, 'C3');
  await expect(status(page, 'per «C3».')).toBeVisible();
  await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/protezione-internazionale-domanda');
  await expectAccessible(page);

  // 5. "STP", submitted: the URL follows, and the focus stays in the box.
  await typeQuery(page, 'STP');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?q=STP$/);
  await expect(status(page, 'per «STP».')).toBeVisible();
  await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/ssn-stp-eni');
  await expect(box).toBeFocused();

  // Open the card from the results, with Tab and Enter.
  await typeQuery(page, 'ricongiungimento');
  await expect(status(page, 'per «ricongiungimento».')).toBeVisible();
  await tabTo(page, firstResult(page));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/biblioteca\/ricongiungimento-familiare$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Nulla osta al ricongiungimento familiare e adempimenti dopo l'ingresso");
  const article = page.locator('article.aula-card-body');
  await expect(article.getByRole('heading', { level: 2 })).toHaveText([/^Chi/, /^Documenti/, /^Ufficio/, /^Tempi/, /^Costi/, /^Base giuridica/, /^Errori frequenti/]);
  await expect(page.locator('.aula-card-meta')).toContainText('Verificata il 30 novembre 2026');
  // The warning appears only when the review is more than 12 months old (today's date decides).
  await expect(page.getByText('Scheda da ricontrollare')).toHaveCount(isStale('2026-11-30') ? 1 : 0);
  await expect(article.locator('[data-component="attenzione"]').first()).toBeVisible();
  const modules = page.getByRole('region', { name: 'Moduli del corso che citano questa scheda' });
  await expect(modules.locator('a[href="/corsi/dream/famiglia-lungo-periodo"]')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Schede citate in questa scheda' }).getByRole('link', { name: /idoneità alloggiativa/i })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Termini del glossario usati nella scheda' })).toContainText('Nulla osta');
  await expectAccessible(page);

  // "Copia link": the URL is in a read-only field, and the button (JavaScript only) copies it.
  await expect(page.getByRole('button', { name: 'Copia link' })).toBeVisible();
  const url = await page.getByLabel('Link alla scheda').inputValue();
  expect(url).toMatch(/^http:\/\/localhost:\d+\/biblioteca\/ricongiungimento-familiare$/);
  await tabTo(page, page.getByRole('button', { name: 'Copia link' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Link copiato negli appunti.' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // Print to PDF: A4, one page, without the navigation.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync('test-results/scheda-ricongiungimento.pdf', pdf);
  const doc = await PDFDocument.load(pdf);
  expect(doc.getPageCount()).toBe(1);
  const { width, height } = doc.getPage(0).getSize();
  // A4 is 595 × 842 points (Chromium rounds to whole CSS pixels).
  expect(Math.abs(width - 595.3)).toBeLessThan(2);
  expect(Math.abs(height - 841.9)).toBeLessThan(2);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.aula-header')).toBeHidden();
  await expect(page.locator('.aula-library-aside')).toBeHidden();
  await expect(article.getByRole('heading', { name: /^Errori frequenti/ })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Follow a glossary link in the text, with the keyboard.
  const term = article.getByRole('link', { name: 'nulla osta (glossario)' }).first();
  await tabTo(page, term, { back: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/biblioteca\/glossario#nulla-osta$/);
  const entry = page.locator('#nulla-osta');
  await expect(entry).toContainText('Autorizzazione preventiva del SUI');
  await expect(entry).toBeInViewport();
  await expectAccessible(page);

  // Filter by topic, keyboard only: a word, the "Tema" select (type-ahead), then "Cerca".
  await page.goto('/biblioteca/cerca');
  await hydrated(box);
  await tabTo(page, box);
  await page.keyboard.type('permesso');
  await tabTo(page, page.getByLabel('Tema'));
  await page.keyboard.type('Famiglia');
  await expect(page.getByLabel('Tema')).toHaveValue('famiglia');
  await tabTo(page, page.getByRole('button', { name: 'Cerca', exact: true }), { back: true });
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\?q=permesso&tema=famiglia$/);
  await expect(results(page).first()).toBeVisible();
  const topicLines = await results(page).locator('p.small').allTextContents();
  expect(topicLines.length).toBe(await results(page).count());
  for (const line of topicLines) expect(line).toContain('Famiglia');
  await expectAccessible(page);
});

test('every card prints on a single A4 page', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.learner);
  const slugs = fs.readdirSync('content/library/cards').map((f) => f.replace(/\.mdx$/, ''));
  expect(slugs).toHaveLength(17);
  for (const slug of slugs) {
    await page.goto(`/biblioteca/${slug}`);
    const doc = await PDFDocument.load(await page.pdf({ format: 'A4' }));
    expect(doc.getPageCount(), slug).toBe(1);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the plain search form, the topic filter and the card link work without JavaScript', async ({ page }) => {
    await signIn(page, DEMO.coordinator);
    await page.goto('/biblioteca/cerca');
    await expect(page.getByText('Scrivi una o più parole, oppure scegli un tema o un ufficio.')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Parole da cercare' }).fill('ricongiungmento');
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await expect(page).toHaveURL(/\?q=ricongiungmento/);
    await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/ricongiungimento-familiare');
    await expect(page.getByText('Forse cercavi «ricongiungimento»')).toBeVisible();

    await page.getByRole('searchbox', { name: 'Parole da cercare' }).fill('');
    await page.getByLabel('Tema').selectOption('salute');
    await page.getByRole('button', { name: 'Cerca', exact: true }).click();
    await expect(page).toHaveURL(/tema=salute/);
    await expect(firstResult(page)).toHaveAttribute('href', '/biblioteca/ssn-stp-eni');

    // Without JavaScript the link to share is in a read-only field (axe needs JavaScript: the same pages are checked above).
    await page.goto('/biblioteca/ssn-stp-eni');
    await expect(page.getByLabel('Link alla scheda')).toHaveValue(/\/biblioteca\/ssn-stp-eni$/);
    await expect(page.getByRole('button', { name: 'Copia link' })).toHaveCount(0);
  });
});

test('hostile queries get an Italian message or empty results, never a server error', async ({ page }) => {
  const client = await newClient();
  const cookie = await sessionFor(client, DEMO.learner);
  const hostile = [
    '',
    '   ',
    '&|!:*',
    "'",
    '"',
    '\\',
    "'; drop table users; --",
    'a & b | !c',
    '((( )))',
    '<->',
    'rinnovo:*',
    '😀😀',
    'permesso 😀',
    '<script>alert(1)</script>',
    '%00',
    'x'.repeat(200),
    'x'.repeat(201),
    'é'.repeat(150),
  ];
  for (const q of hostile) {
    const res = await client.get(`/biblioteca/cerca?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie } });
    expect([200, 400], JSON.stringify(q)).toContain(res.status());
    const html = await res.text();
    if (res.status() === 400) expect(html, JSON.stringify(q)).toMatch(/almeno una parola|al massimo 200 caratteri/);
    expect(html).not.toContain('<script>alert(1)</script>');
  }
  const long = await client.get(`/biblioteca/cerca?q=${'x'.repeat(201)}`, { headers: { Cookie: cookie } });
  expect(long.status()).toBe(400);
  expect(await long.text()).toContain('La ricerca può contenere al massimo 200 caratteri: accorciala.');
  const bad = await client.get('/biblioteca/cerca?q=permesso&tema=%27%3B--', { headers: { Cookie: cookie } });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('Il tema scelto non esiste.');
  await client.dispose();

  // In the browser, as you type: the message appears under the box and the page stays accessible.
  await signIn(page, DEMO.learner);
  await page.goto('/biblioteca/cerca');
  await hydrated(page.getByRole('searchbox', { name: 'Parole da cercare' }));
  await page.getByRole('searchbox', { name: 'Parole da cercare' }).focus();
  await page.keyboard.type('&|!:*');
  await expect(page.getByRole('alert')).toContainText('La ricerca non contiene parole utili');
  await expectAccessible(page);
});

test('the office directory shows every detail, and "da verificare" where it is not confirmed', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  await page.goto('/biblioteca/uffici');
  await expect(page.getByRole('heading', { level: 1, name: 'Uffici' })).toBeVisible();
  const prefettura = page.getByRole('region', { name: 'Prefettura di Lucca – Ufficio immigrazione' });
  await expect(prefettura.getByRole('link', { name: '0583/424492' })).toHaveAttribute('href', 'tel:0583424492');
  await expect(prefettura.getByText('da verificare').first()).toBeVisible();
  const camaiore = page.getByRole('region', { name: 'Sportello informativo LUMIT – Camaiore' });
  await expect(camaiore).toContainText('via del Mattatoio 1');
  await expect(camaiore).toContainText('Lunedì, 9:00-13:00');
  const mediatrice = page.getByRole('region', { name: /Mediatrice di lingua araba/ });
  await expect(mediatrice).toContainText('viale Oberdan 28');
  await expect(mediatrice).toContainText('Venerdì, 9:00-12:00');
  await expect(mediatrice).toContainText('arabo');
  const luino = page.getByRole('region', { name: /Ufficio di Piano – Ambito di Luino/ });
  await expect(luino).toContainText('via Ronchetto 1, 21016 Luino');
  await expect(luino.getByRole('link', { name: '0332/536727' })).toBeVisible();
  // Garfagnana and Gallicano: nothing confirmed but the services.
  for (const name of ['Sportello LUMIT – Unione dei Comuni della Garfagnana', 'Sportello LUMIT – Comune di Gallicano']) {
    const region = page.getByRole('region', { name });
    await expect(region.getByText('da verificare')).toHaveCount(4);
  }
  await expectAccessible(page);

  await page.getByLabel('Mostra').selectOption('prefettura');
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page).toHaveURL(/tipo=prefettura/);
  await expect(page.locator('section.aula-office')).toHaveCount(1);
});
