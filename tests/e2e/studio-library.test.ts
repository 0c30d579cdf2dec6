/**
 * The library in the studio, in Chromium (issue 14): the demo lecturer edits a card in the same
 * editor as a module (an inline error with line and column, the fix, the preview with the library's
 * renderer), publishes it, and the card page and the library search show the new text; then the
 * glossary's YAML: a schema error shown with its line, the fix, the preview, the publication, and the
 * glossary page shows the new term. Every change is undone at the end through the history (restoring
 * the previous version), so the other e2e files read the library as imported. Without JavaScript the
 * offices' YAML is a textarea: a draft is saved and discarded.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';

const SENTENCE = 'Chi firma riceve anche un opuscolo ornitorinco sul sistema dei crediti.';
const TERM = '\n- id: termine-di-prova-studio\n  term: "Termine di prova dello studio"\n';
const DEFINITION = '  definition: "Definizione scritta nello studio per la prova."\n';

async function openLibraryDocument(page: Page, name: string) {
  await page.goto('/studio');
  const library = page.getByRole('region', { name: 'Biblioteca' });
  await library.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
}

/** Restores the version before the last publication, from the document's history. */
async function restorePrevious(page: Page) {
  await page.getByRole('link', { name: 'Cronologia e differenze' }).click();
  await page
    .getByRole('button', { name: /Ripristina la versione/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toContainText(/Ripristinata: ora è in uso la versione \d+/);
}

test('the lecturer edits a card in the studio: inline error, fix, preview, publish; the card page and the search show it; history restores it', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.lecturer);
  await page.goto('/studio');
  await expect(page.getByRole('region', { name: 'Biblioteca' })).toContainText('Glossario (glossary.yaml)');
  await expectAccessible(page);
  await openLibraryDocument(page, 'Accordo di integrazione');
  const editor = page.locator('.cm-content').first();
  await expect(editor).toBeVisible();
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  // A card has no quiz.
  await expect(page.locator('textarea[name="quizSource"]')).toHaveCount(0);
  await expectAccessible(page);

  const hidden = page.locator('textarea[name="source"]');
  const before = await hidden.inputValue();
  await editor.click();
  await page.keyboard.press('Control+End');
  const bad = '\n\n<Script>alert(1)</Script>\n';
  await page.keyboard.insertText(bad);
  const problems = page.getByRole('region', { name: /Problemi da correggere/ });
  await expect(problems).toContainText(/accordo-integrazione\.mdx, riga \d+, colonna 1/);
  await expect(problems).toContainText('componente <Script> non ammesso');
  for (let i = 0; i < bad.length; i++) await page.keyboard.press('Backspace');
  // (the editor may have trimmed the original last line break: at most one character)
  await expect(hidden).not.toHaveValue(/<Script>/);
  expect((await hidden.inputValue()).length).toBeGreaterThanOrEqual(before.length - 1);
  await page.keyboard.insertText(`\n\n${SENTENCE}\n`);
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();

  await page.getByRole('button', { name: 'Anteprima' }).click();
  const preview = page.getByRole('region', { name: /Anteprima/ });
  await expect(preview).toContainText(SENTENCE, { timeout: 20_000 });
  await expect(preview).toContainText('Accordo di integrazione');
  await page.getByRole('button', { name: 'Salva la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
  await expectAccessible(page);

  // Not published yet: the card page does not show it.
  const reader = await page.context().newPage();
  await reader.goto('/biblioteca/accordo-integrazione');
  await expect(reader.locator('.aula-card-body')).not.toContainText(SENTENCE);

  await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Opuscolo sui crediti');
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();
  await reader.reload();
  await expect(reader.locator('.aula-card-body')).toContainText(SENTENCE);
  await reader.goto('/biblioteca/cerca?q=ornitorinco');
  await expect(reader.getByRole('link', { name: 'Accordo di integrazione' }).first()).toBeVisible();

  await restorePrevious(page);
  await reader.goto('/biblioteca/accordo-integrazione');
  await expect(reader.locator('.aula-card-body')).not.toContainText(SENTENCE);
  await reader.close();
});

test('the lecturer edits the glossary YAML: a schema error with its line, the fix, the preview, the publication; the glossary page shows the term', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO.lecturer);
  await openLibraryDocument(page, 'Glossario (glossary.yaml)');
  const editor = page.locator('.cm-content').first();
  await expect(editor).toBeVisible();
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(TERM);
  const problems = page.getByRole('region', { name: /Problemi da correggere/ });
  await expect(problems).toContainText(/glossary\.yaml, riga \d+, colonna 3: campo «\[\d+\]\.definition»/);
  await page.keyboard.insertText(DEFINITION);
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  await page.getByRole('button', { name: 'Anteprima' }).click();
  await expect(page.getByRole('region', { name: /Anteprima/ })).toContainText('Termine di prova dello studio', { timeout: 20_000 });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Salva la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();

  const reader = await page.context().newPage();
  await reader.goto('/biblioteca/glossario');
  await expect(reader.getByText('Definizione scritta nello studio per la prova.')).toBeVisible();

  await restorePrevious(page);
  await reader.reload();
  await expect(reader.getByText('Definizione scritta nello studio per la prova.')).toHaveCount(0);
  await reader.close();
});

test('the lecturer adds a card: a bad address gets an Italian message; a good one opens a valid draft that users do not see', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  await page.goto('/studio');
  await page.getByRole('link', { name: 'Aggiungi una scheda' }).click();
  await expectAccessible(page);
  await page.getByLabel(/Indirizzo della scheda/).fill('Non Valido!');
  await page.getByLabel('Titolo').fill('Scheda aggiunta nello studio');
  await page.getByRole('button', { name: 'Crea la bozza' }).click();
  await expect(page.getByText('Usa solo lettere minuscole, cifre e trattini').first()).toBeVisible();
  const slug = `scheda-studio-${Date.now().toString(36)}`;
  await page.getByLabel(/Indirizzo della scheda/).fill(slug);
  await page.getByLabel('Titolo').fill('Scheda aggiunta nello studio');
  await page.getByRole('button', { name: 'Crea la bozza' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
  await expect(page.getByText('Questo documento non ha ancora una versione pubblicata')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  const response = await page.request.get(`/biblioteca/${slug}`);
  expect(response.status()).toBe(404);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the offices YAML is a textarea: an error comes back with its line, a draft is saved and discarded', async ({ page }) => {
    await signIn(page, DEMO.lecturer);
    await openLibraryDocument(page, 'Uffici (offices.yaml)');
    const source = page.getByLabel(/Testo del file \(YAML\)/);
    const original = await source.inputValue();
    await source.fill(`${original}\n- id: ufficio-di-prova\n  name: "Ufficio di prova"\n  kind: luna\n`);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    await expect(page.getByRole('region', { name: /Problemi da correggere/ })).toContainText(/offices\.yaml, riga \d+, colonna \d+: campo «\[\d+\]\.kind»/);
    await expect(source).toHaveValue(/kind: luna/);
    await page.getByLabel(/Testo del file \(YAML\)/).fill(`${original}\n- id: ufficio-di-prova\n  name: "Ufficio di prova"\n  kind: questura\n`);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    await expect(page.getByRole('region', { name: /Anteprima/ })).toContainText('Ufficio di prova');
    await page.getByRole('button', { name: 'Salva la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
    await page.getByRole('button', { name: 'Scarta la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'La bozza è stata scartata' })).toBeVisible();
    await expect(page.getByLabel(/Testo del file \(YAML\)/)).toHaveValue(original);
  });
});
