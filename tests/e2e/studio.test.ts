/**
 * The lecturers' studio in Chromium: the demo lecturer edits a module in the CodeMirror editor, sees
 * an inline error for a forbidden component (line, column, Italian), fixes it, previews it, saves a
 * draft the learner does not see, publishes it, reads the diff, and restores the previous version.
 * Without JavaScript the same page is a textarea with an "Anteprima" button (axe needs JavaScript in
 * the page, so the accessibility checks run on the same pages with it).
 */
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';

const SENTENCE = 'Dal 12 giugno 2026 si applica il Patto UE su migrazione e asilo.';

async function openEditor(page: import('@playwright/test').Page, moduleName: RegExp) {
  await page.goto('/studio');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Studio dei docenti');
  await page.getByRole('link', { name: moduleName }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
}

test('the lecturer edits, checks, previews, saves, publishes, compares and restores a module; learners see only what is published', async ({ page, browser }) => {
  await signIn(page, DEMO.lecturer);
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Studio' }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await expectAccessible(page);
  await openEditor(page, /^5\. /);
  const editor = page.locator('.cm-content').first();
  await expect(editor).toBeVisible();
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
  await expectAccessible(page);

  // A forbidden component: the error appears inline while typing, with line and column.
  const hidden = page.locator('textarea[name="source"]');
  const before = (await hidden.inputValue()).length;
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n<Script>alert(1)</Script>\n');
  const problems = page.getByRole('region', { name: /Problemi da correggere/ });
  await expect(problems).toContainText(/index\.mdx, riga \d+, colonna 1/);
  await expect(problems).toContainText('componente <Script> non ammesso');
  // Fix it: delete what was typed, and write a sentence.
  const typed = (await hidden.inputValue()).length - before;
  await page.keyboard.press('Control+End');
  for (let i = 0; i < typed; i++) await page.keyboard.press('Backspace');
  // (the editor may have trimmed the original last line break: at most one character)
  expect((await hidden.inputValue()).length).toBeGreaterThanOrEqual(before - 1);
  await page.keyboard.type(`\n\n${SENTENCE}\n`);
  await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();

  await page.getByRole('button', { name: 'Anteprima' }).click();
  const preview = page.getByRole('region', { name: /Anteprima/ });
  // The preview compiles the whole module with esbuild: allow for a busy machine.
  await expect(preview).toContainText(SENTENCE, { timeout: 20_000 });
  await expect(hidden).toHaveValue(new RegExp(SENTENCE.replace(/[.]/g, '\\.')));
  await page.getByRole('button', { name: 'Salva la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Differenze rispetto alla versione pubblicata' }).locator('ins')).toContainText('Patto UE');
  await expectAccessible(page);

  // The learner does not see the draft.
  const learnerContext = await newContext(browser);
  const learner = await learnerContext.newPage();
  await signIn(learner, DEMO.learner);
  await learner.goto('/corsi/dream/protezione-internazionale');
  await expect(learner.locator('article.aula-prose')).not.toContainText(SENTENCE);

  await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Patto UE su migrazione e asilo');
  await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();
  await learner.reload();
  await expect(learner.locator('article.aula-prose')).toContainText(SENTENCE);

  // History: the diff of the last publication, then restore the previous version.
  await page.getByRole('link', { name: 'Cronologia e differenze' }).click();
  await expect(page.getByRole('cell', { name: 'Patto UE su migrazione e asilo' })).toBeVisible();
  await expect(page.locator('.aula-diff-words ins')).toHaveCount(1);
  await expect(page.locator('.aula-diff-words ins')).toContainText('Patto UE');
  await expectAccessible(page);
  const restore = page.getByRole('button', { name: /Ripristina la versione/ }).first();
  await restore.click();
  await expect(page.getByRole('status')).toContainText(/Ripristinata: ora è in uso la versione \d+/);
  await expect(page.getByRole('cell', { name: /ripristino della versione/ }).first()).toBeVisible();
  await learner.reload();
  await expect(learner.locator('article.aula-prose')).not.toContainText(SENTENCE);
  await learnerContext.close();
});

test('the editor is usable from the keyboard: Tab leaves the source editor, Escape too', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  await openEditor(page, /^9\. /);
  const content = page.locator('.cm-content').first();
  await expect(content).toBeVisible();
  await content.focus();
  await page.keyboard.press('Tab');
  await expect(content).not.toBeFocused();
  await content.focus();
  await page.keyboard.press('Escape');
  await expect(content).not.toBeFocused();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the source is a textarea with an "Anteprima" button; errors come back with line and column; a draft is saved and discarded', async ({ page }) => {
    await signIn(page, DEMO.lecturer);
    await openEditor(page, /^8\. /);
    const source = page.getByLabel(/Testo del modulo/);
    await expect(source).toBeVisible();
    const original = await source.inputValue();
    await source.fill(`${original}\n<Script>alert(1)</Script>\n`);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    await expect(page.getByRole('region', { name: /Problemi da correggere/ })).toContainText(/riga \d+, colonna 1.*componente <Script> non ammesso/);
    // The text is kept as written.
    await expect(page.getByLabel(/Testo del modulo/)).toHaveValue(/<Script>alert\(1\)<\/Script>/);
    await page.getByLabel(/Testo del modulo/).fill(`${original}\nUna frase in più.\n`);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    await expect(page.getByRole('region', { name: /Anteprima/ })).toContainText('Una frase in più.');
    await page.getByRole('button', { name: 'Salva la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
    await page.getByRole('button', { name: 'Scarta la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'La bozza è stata scartata' })).toBeVisible();
    await expect(page.getByLabel(/Testo del modulo/)).toHaveValue(original);
  });
});
