/**
 * The course outline and content as zip files, in Chromium, as the demo lecturer: two modules change
 * places (and the learner's course page follows), a module is retired and brought back, a new module
 * is added and published (it joins the end of the outline), the library is exported as a zip, and a
 * zip with one changed card is checked (the dry run shows the diff) and imported.
 * Other files share the demo database: every change here is undone before the test ends (the order
 * is restored, the new module retired, the card imported back as it was).
 */
import { strToU8, unzipSync, zipSync } from 'fflate';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';

const OUTLINE = /^Percorso del corso «/;

async function outlineTitles(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Moduli del percorso, in ordine' }).locator('tbody tr');
  return (await rows.locator('td:nth-child(2) a').allInnerTexts()).map((t) => t.trim());
}

async function learnerTitles(page: Page): Promise<string[]> {
  await page.goto('/corsi/dream');
  return (await page.locator('.aula-module-list > li h3').allInnerTexts()).map((t) => t.trim());
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A button of the outline, named "<action>: <module title>" (the title is for screen readers). */
async function click(page: Page, name: string) {
  const [action, ...rest] = name.split(': ');
  const accessible = rest.length ? new RegExp(`^${escape(action!)}\\s*:\\s*${escape(rest.join(': '))}$`) : new RegExp(`^${escape(name)}$`);
  await page.getByRole('button', { name: accessible }).click();
  await expect(page.getByRole('status').filter({ hasText: /Percorso aggiornato|Modulo creato/ })).toBeVisible();
}

test('the lecturer reorders, retires, brings back and adds modules, and exports and imports the library as a zip', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, DEMO.lecturer);
  await page.goto('/studio');
  await page.getByRole('link', { name: OUTLINE }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Percorso del corso');
  await expectAccessible(page);
  const original = await outlineTitles(page);
  expect(original.length).toBeGreaterThanOrEqual(3);
  const [first, second] = original as [string, string];

  const learnerContext = await newContext(browser);
  const learner = await learnerContext.newPage();
  await signIn(learner, DEMO.learner);
  const learnerBefore = await learnerTitles(learner);
  expect(learnerBefore[0]).toContain(first);
  expect(learnerBefore[1]).toContain(second);

  // Reorder: the first module goes down one place; the learner sees the new order.
  await click(page, `Sposta giù: ${first}`);
  await expect.poll(async () => (await outlineTitles(page)).slice(0, 2)).toEqual([second, first]);
  await expectAccessible(page);
  const learnerAfter = await learnerTitles(learner);
  expect(learnerAfter[0]).toContain(second);
  expect(learnerAfter[1]).toContain(first);
  await click(page, `Sposta su: ${first}`);
  await expect.poll(() => outlineTitles(page)).toEqual(original);

  // The final exam has no "Ritira" button; another module is retired, then brought back.
  const exam = page.getByRole('table', { name: 'Moduli del percorso, in ordine' }).locator('tbody tr', { hasText: 'Esame finale' });
  await expect(exam.getByRole('button', { name: /^Ritira/ })).toHaveCount(0);
  const retired = original[original.length - 2]!;
  await click(page, `Ritira: ${retired}`);
  await expect.poll(() => outlineTitles(page)).not.toContain(retired);
  const others = page.getByRole('table', { name: 'Moduli fuori dal percorso' });
  await expect(others.locator('tr', { hasText: retired })).toContainText('Ritirato');
  expect((await learnerTitles(learner)).some((t) => t.includes(retired))).toBe(false);
  await click(page, `Rimetti nel percorso: ${retired}`);
  // Back at the end: one place up and the order is the original one.
  await click(page, `Sposta su: ${retired}`);
  await expect.poll(() => outlineTitles(page)).toEqual(original);

  // A new module: a draft learners never see, until its first publication adds it at the end.
  const slug = `prova-e2e-${Date.now().toString(36)}`;
  const title = `Modulo di prova ${slug}`;
  await page.getByLabel('Identificativo del modulo').fill('Non Valido!');
  await page.getByLabel('Titolo del modulo').fill(title);
  await page.getByRole('button', { name: 'Crea il modulo' }).click();
  await expect(page.getByText('Usa solo lettere minuscole, cifre e trattini').first()).toBeVisible();
  await page.getByLabel('Identificativo del modulo').fill(slug);
  await page.getByLabel('Titolo del modulo').fill(title);
  await click(page, 'Crea il modulo');
  await expect(others.locator('tr', { hasText: title })).toContainText('Nuovo, mai pubblicato');
  expect((await learnerTitles(learner)).some((t) => t.includes(title))).toBe(false);
  await page.getByRole('link', { name: 'Apri la bozza del modulo' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
  await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Primo testo del modulo');
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione 1/ })).toBeVisible();
  expect((await learnerTitles(learner)).at(-1)).toContain(title);
  await page.goto('/studio/corsi/dream');
  await expect.poll(async () => (await outlineTitles(page)).at(-1)).toBe(title);
  // Retired again: the outline is the original one (other tests use the demo course).
  await click(page, `Ritira: ${title}`);
  await expect.poll(() => outlineTitles(page)).toEqual(original);
  expect(await learnerTitles(learner)).toEqual(learnerBefore);
  await learnerContext.close();

  // Export the library, change one card, check the zip (the dry run shows the diff), import it.
  await page.goto('/studio');
  await page.getByRole('link', { name: 'Importa ed esporta i contenuti (zip)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importa ed esporta i contenuti');
  await expectAccessible(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Esporta la biblioteca (zip)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('aula-biblioteca.zip');
  const exported = fs.readFileSync((await download.path())!);
  const files = unzipSync(new Uint8Array(exported));
  expect(Object.keys(files)).toContain('library/glossary.yaml');
  const card = Object.keys(files).find((f) => f.startsWith('library/cards/'))!;
  const sentence = 'Riga aggiunta dallo zip di prova.';
  const changed = new TextDecoder().decode(files[card]).replace(/\n## Chi\n/, `\n## Chi\n\n${sentence}\n`);
  const zip = Buffer.from(zipSync({ ...files, [card]: strToU8(changed) }));

  await page.getByLabel('File zip').setInputFiles({ name: 'biblioteca.zip', mimeType: 'application/zip', buffer: zip });
  await page.getByRole('button', { name: 'Controlla lo zip' }).click();
  const preview = page.getByRole('region', { name: 'Che cosa cambierebbe' });
  await expect(preview).toContainText('Nuovi: 0 · modificati: 1 ·');
  await expect(preview.getByRole('row', { name: new RegExp(card) })).toContainText('Modificato');
  await expect(preview.locator('.aula-diff-added').filter({ hasText: sentence })).toHaveCount(1);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Importa', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Importazione completata');
  await expect(page.getByRole('status')).toContainText('pubblicate nello studio: 1.');

  // A file that is not a zip gets an Italian message; then the original card goes back.
  await page.getByLabel('File zip').setInputFiles({ name: 'finto.zip', mimeType: 'application/zip', buffer: Buffer.from('%PDF-1.7 non uno zip') });
  await page.getByRole('button', { name: 'Controlla lo zip' }).click();
  await expect(page.getByRole('alert').first()).toContainText('non è uno zip valido');
  await page.getByLabel('File zip').setInputFiles({ name: 'biblioteca.zip', mimeType: 'application/zip', buffer: exported });
  await page.getByRole('button', { name: 'Controlla lo zip' }).click();
  await expect(preview).toContainText('modificati: 1 ·');
  await page.getByRole('button', { name: 'Importa', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Importazione completata');
});
