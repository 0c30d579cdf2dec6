/**
 * The front-desk register through the real UI (production build, Chromium, Italian, keyboard only):
 * the demo operator opens the family-reunification card, records a consultation from it and sees it
 * in "my day"; the demo coordinator sees it in the indicators with "< 5" and exports the quarter;
 * the form works without JavaScript and refuses bad input in Italian. Zero axe and CSP violations.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { type Locator, type Page } from '@playwright/test';
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';

const OPERATOR = 'operatore@aula.test';
const CARD = 'Nulla osta al ricongiungimento familiare';

/** Now, Rome time, as an <input type="datetime-local"> value. */
function nowLocal() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date())
    .replace(' ', 'T');
}

/** Moves the focus with Tab, never the mouse, until `target` has it. */
async function tabTo(page: Page, target: Locator, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab non raggiunge ${target}`);
}

test('keyboard only: the operator opens the family-reunification card, records a consultation from it in under 30 seconds and sees it in "my day"', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, OPERATOR);
  await tabTo(page, page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Biblioteca' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/biblioteca$/);
  await tabTo(page, page.locator('a[href="/biblioteca/ricongiungimento-familiare"]').first());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(CARD);
  await expectAccessible(page);

  // "Registra consulenza" right under the card's summary.
  await tabTo(page, page.getByRole('link', { name: 'Registra consulenza' }));
  const started = Date.now();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/sportello\/nuova\?scheda=ricongiungimento-familiare$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Registra una consulenza' })).toBeVisible();
  await expect(page.getByText(`Dalla scheda: ${CARD}`, { exact: false })).toBeVisible();
  await expectAccessible(page);
  // Card and topics are pre-filled (in the folded panel); the date is now.
  await expect(page.locator('summary').filter({ hasText: 'Temi e schede consultate' })).toContainText('Famiglia');
  await expect(page.getByLabel('Data e ora')).not.toHaveValue('');

  // The desk (type-ahead in the list), the outcome "appuntamento fissato" with the arrow keys, mediation in Arabic, then submit.
  await tabTo(page, page.getByLabel('Sportello', { exact: true }));
  await page.keyboard.type('Sportello informativo');
  await expect(page.getByLabel('Sportello', { exact: true })).toHaveValue('sportello-lumit-camaiore');
  await tabTo(page, page.getByLabel('Risolto'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Appuntamento fissato')).toBeChecked();
  await tabTo(page, page.getByLabel('È servita la mediazione linguistica'));
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type('arabo');
  await expect(page.getByLabel('Lingua della mediazione')).toHaveValue('ar');
  await tabTo(page, page.getByRole('button', { name: 'Registra la consulenza' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/sportello\?registrata=/);
  expect(Date.now() - started).toBeLessThan(30_000);
  await expect(page.getByRole('status')).toContainText('Consulenza registrata.');
  const today = page.getByRole('table', { name: 'Oggi' });
  await expect(today.getByRole('row').nth(1)).toContainText('Famiglia');
  await expect(today.getByRole('row').nth(1)).toContainText('Appuntamento fissato');
  await expect(today.getByRole('row').nth(1)).toContainText('arabo');
  await expectAccessible(page);

  // A correction the same day, by keyboard too.
  await tabTo(page, today.getByRole('link', { name: /^Correggi/ }).first());
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Correggi la consulenza' })).toBeVisible();
  await expectAccessible(page);
  await tabTo(page, page.getByLabel('Appuntamento fissato'));
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Da richiamare' })).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Salva la correzione' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Consulenza corretta.');
  await expect(page.getByRole('table', { name: 'Oggi' }).getByRole('row').nth(1)).toContainText('Da richiamare');
});

test('keyboard only: the coordinator sees the consultation in the indicators, with "< 5", and exports the quarter', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.coordinator);
  await tabTo(page, page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Indicatori sportelli' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Indicatori degli sportelli' })).toBeVisible();
  await expectAccessible(page);
  // The SVG charts come with the same figures in tables; this month has only today's consultation(s).
  await expect(page.getByRole('img', { name: /Grafico: Consulenze per mese/ })).toBeVisible();
  const months = page.getByRole('table', { name: 'Consulenze per mese' });
  await expect(months.getByRole('row').last()).toContainText('< 5');
  await expect(page.getByRole('table', { name: 'Le domande più frequenti' })).toContainText(CARD);

  // This month at the Camaiore desk: the consultation recorded above, shown as "< 5".
  await tabTo(page, page.getByLabel('Sportello', { exact: true }));
  await page.keyboard.type('Sportello informativo');
  await expect(page.getByLabel('Sportello', { exact: true })).toHaveValue('sportello-lumit-camaiore');
  await tabTo(page, page.getByRole('button', { name: 'Mostra' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/sportello=sportello-lumit-camaiore/);
  await expect(page.getByRole('table', { name: 'Consulenze per mese' }).getByRole('row').last()).toContainText('< 5');
  const month = nowLocal().slice(0, 7);
  await page.goto(`/sportello/indicatori?da=${month}&a=${month}&sportello=sportello-lumit-camaiore`);
  await expect(page.getByTestId('totale')).toHaveText('< 5');
  await expect(page.getByRole('table', { name: 'Consulenze per tema' })).toContainText('Famiglia');
  await expectAccessible(page);

  // The FAMI quarterly summary, one key press.
  await page.goto('/sportello/indicatori');
  const fami = page.getByRole('link', { name: /Riepilogo trimestrale FAMI .* \(Excel\)/ });
  await tabTo(page, fami);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^fami-\d{4}-T[1-4]\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  expect(book.worksheets[0]!.name).toBe('Riepilogo');
  expect(String(book.worksheets[0]!.getCell('A1').value) + String(book.worksheets[0]!.getCell('A2').value)).toContain('Trimestre');
  const csv = page.getByRole('link', { name: /Riepilogo trimestrale FAMI .* \(CSV\)/ });
  await tabTo(page, csv);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const bytes = fs.readFileSync((await csvDownload.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8').slice(1).split('\r\n')[0]).toBe('Sezione;Voce;Consulenze');
});

test('without JavaScript the form records, and refuses a future date and an oversized note in Italian without storing anything', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(OPERATOR);
  await page.getByLabel('Password', { exact: true }).fill('aula-demo-2026');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.goto('/sportello');
  const before = Number(await page.locator('#oggi .badge').textContent());

  await page.goto('/sportello/nuova?scheda=ssn-stp-eni');
  await page.getByLabel('Data e ora').fill('2099-01-01T10:00');
  await page.getByRole('button', { name: 'Registra la consulenza' }).click();
  await expect(page.getByRole('alert')).toContainText('La data è nel futuro: la consulenza non è stata registrata.');

  await page.getByLabel('Data e ora').fill('2026-11-30T10:00');
  await page.locator('summary').filter({ hasText: 'Dati facoltativi' }).click();
  await page.getByLabel('Nota (facoltativa)').fill('x'.repeat(501));
  await page.getByRole('button', { name: 'Registra la consulenza' }).click();
  await expect(page.getByText('La nota supera i 500 caratteri: accorciala.')).toBeVisible();
  await expect(page.getByLabel('Nota (facoltativa)')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Nota (facoltativa)').fill('Richiamare per il codice STP, tel 333 1234567');
  await page.locator('label[for="outcome-da_richiamare"]').click();
  await page.locator('label[for="followUp"]').click();
  await expect(page.getByRole('checkbox', { name: /Genera un codice di richiamo/ })).toBeChecked();
  await page.getByLabel('Data e ora').fill(nowLocal());
  await page.getByRole('button', { name: 'Registra la consulenza' }).click();
  await expect(page).toHaveURL(/\/sportello\?registrata=/);
  await expect(page.getByRole('status')).toContainText(/Codice di richiamo da consegnare alla persona: [2-9A-Z]{4}-[2-9A-Z]{4}/);
  await expect(page.locator('#oggi .badge')).toHaveText(String(before + 1));
  await expect(page.getByRole('table', { name: 'Oggi' }).getByRole('row').nth(1)).toContainText('Salute');
  await context.close();
});

test('a refused form shows its Italian errors next to the fields, accessibly, and stores nothing', async ({ page }) => {
  await signIn(page, OPERATOR);
  await page.goto('/sportello');
  const before = await page.locator('#oggi .badge').textContent();
  await page.goto('/sportello/nuova');
  await page.locator('label[for="outcome-inviato"]').click();
  await page.locator('label[for="mediation"]').click();
  await expect(page.getByRole('radio', { name: 'Inviato a un ufficio' })).toBeChecked();
  await page.getByRole('button', { name: 'Registra la consulenza' }).click();
  await expect(page.getByText('Scegli l’ufficio a cui hai inviato la persona.')).toBeVisible();
  await expect(page.getByText('Scegli la lingua della mediazione.')).toBeVisible();
  await expect(page.getByText('Scegli almeno un tema o una scheda consultata.')).toBeVisible();
  await expect(page.getByLabel('Ufficio a cui è stata inviata la persona')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.goto('/sportello');
  await expect(page.locator('#oggi .badge')).toHaveText(before!);
});
