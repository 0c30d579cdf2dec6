/**
 * The studio's review workflow in Chromium (issue 14). The admin makes the DREAM course require
 * review; the demo lecturer edits module 5, sees an inline error for a forbidden component, fixes
 * it and sends it to review; the demo reviewer (a second lecturer with the `revisore` role) reads
 * the diff, comments on a line range and requests changes; the author fixes and resends; the
 * reviewer approves; the author publishes it as a "modifica normativa" with a summary. The same
 * review actions work without JavaScript, and a forged approval is refused. The setting is turned
 * off again at the end, so the other studio tests publish directly.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, lastMail, linkIn, newClient, sessionFor, signIn } from './support';

const REVIEWER = 'revisore@aula.test';
const SENTENCE = 'Dal 12 giugno 2026 la domanda si presenta con il nuovo modulo europeo.';
const FIX = 'Lo prevede il Regolamento (UE) 2024/1348.';
const SUMMARY = 'Dal 12 giugno 2026 la domanda di protezione si presenta con il nuovo modulo europeo.';

async function setReview(browser: Browser, on: boolean) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await page.goto('/admin/impostazioni');
  const box = page.getByLabel(/Il corso «Diritto dell'immigrazione.*» richiede la revisione/);
  // (Bootstrap Italia draws the box with the label, which covers the input of a long label)
  await box.setChecked(on, { force: true });
  await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.goto('/admin/impostazioni');
  await expect(page.getByLabel(/Il corso «Diritto dell'immigrazione.*» richiede la revisione/)).toBeChecked({ checked: on });
  await context.close();
}

async function openEditor(page: Page, moduleName: RegExp) {
  await page.goto('/studio');
  await page.getByRole('link', { name: moduleName }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifica:');
}

test.describe('review of the DREAM course', () => {
  test.beforeAll(async ({ browser }) => setReview(browser, true));
  test.afterAll(async ({ browser }) => setReview(browser, false));

  test('author and reviewer: inline error, send to review, diff, line comment, changes requested, resend, approval, law-change publication', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await signIn(page, DEMO.lecturer);
    await openEditor(page, /^5\. /);
    await expect(page.getByText('Questo corso richiede la revisione: si pubblica solo').first()).toBeVisible();
    const editor = page.locator('.cm-content').first();
    await expect(editor).toBeVisible();
    await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();

    // A forbidden component shows inline, with line and column; then the lecturer fixes it.
    const hidden = page.locator('textarea[name="source"]');
    const before = (await hidden.inputValue()).length;
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n<Script>alert(1)</Script>\n');
    const problems = page.getByRole('region', { name: /Problemi da correggere/ });
    await expect(problems).toContainText(/index\.mdx, riga \d+, colonna 1/);
    await expect(problems).toContainText('componente <Script> non ammesso');
    const typed = (await hidden.inputValue()).length - before;
    await page.keyboard.press('Control+End');
    for (let i = 0; i < typed; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type(`\n\n${SENTENCE}\n`);
    await expect(page.getByRole('heading', { name: /Nessun problema/ })).toBeVisible();
    await page.getByRole('button', { name: 'Salva la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
    // Publishing needs an approval: the publish form is not offered.
    await expect(page.getByRole('button', { name: 'Pubblica la bozza' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Pubblica', exact: true })).toContainText('solo la revisione approvata');
    await page.getByRole('button', { name: 'Invia in revisione' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza inviata in revisione' })).toBeVisible();
    await expect(page.getByText('Stato della bozza: In revisione.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Salva la bozza' })).toHaveCount(0);
    await expectAccessible(page);

    // The reviewer is told by e-mail and works from the diff.
    const mail = await lastMail(null, REVIEWER, 'ha inviato in revisione');
    const reviewPath = linkIn(mail.text, '/studio/moduli/');
    expect(reviewPath).toMatch(/\/revisione$/);
    const reviewerContext = await newContext(browser);
    const reviewer = await reviewerContext.newPage();
    await signIn(reviewer, REVIEWER);
    await reviewer.goto(reviewPath);
    await expect(reviewer.getByRole('heading', { level: 1 })).toContainText('Revisione:');
    const diff = reviewer.getByRole('region', { name: 'Differenze rispetto alla versione pubblicata' });
    await expect(diff.locator('.aula-diff-words ins')).toHaveCount(1);
    await expect(diff.locator('.aula-diff-words ins')).toContainText(SENTENCE);
    await expectAccessible(reviewer);
    const added = diff.locator('.aula-diff-lines .aula-diff-added').filter({ hasText: SENTENCE });
    const line = Number((await added.locator('.aula-line-no').innerText()).trim().split(/\s/)[0]);
    expect(line).toBeGreaterThan(10);
    await reviewer.getByLabel('Dalla riga', { exact: true }).fill(String(line - 1));
    await reviewer.getByLabel('Alla riga', { exact: true }).fill(String(line));
    await reviewer.getByLabel('Commento', { exact: true }).fill('Indicare il regolamento UE che lo prevede.');
    await reviewer.getByRole('button', { name: 'Aggiungi il commento' }).click();
    await expect(reviewer.getByRole('status')).toContainText('Commento aggiunto');
    await expect(reviewer.getByRole('region', { name: /Commenti del revisore \(1\)/ })).toContainText(`Righe ${line - 1}–${line}`);
    await reviewer.getByLabel('Messaggio per l’autore (facoltativo)').fill('Manca la fonte.');
    await reviewer.getByRole('button', { name: 'Chiedi modifiche' }).click();
    await expect(reviewer.getByRole('status')).toContainText('Hai chiesto modifiche');

    // The author reads the comment, fixes the text and sends it again.
    await lastMail(null, DEMO.lecturer, 'ha chiesto modifiche');
    await page.reload();
    await expect(page.getByText('Stato della bozza: Modifiche richieste.')).toBeVisible();
    const comments = page.getByRole('region', { name: /Commenti del revisore \(1\)/ });
    await expect(comments).toContainText('Indicare il regolamento UE che lo prevede.');
    await expect(comments).toContainText(SENTENCE);
    await expect(comments).toContainText('Manca la fonte.');
    await expectAccessible(page);
    await page.locator('.cm-content').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`${FIX}\n`);
    await expect(hidden).toHaveValue(new RegExp(FIX.replace(/[.()/]/g, '\\$&')));
    await page.getByRole('button', { name: 'Salva la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
    await expect(page.getByText('Stato della bozza: Bozza.')).toBeVisible();
    await page.getByRole('button', { name: 'Invia in revisione' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Bozza inviata in revisione' })).toBeVisible();

    // The reviewer approves the new revision.
    await reviewer.reload();
    await expect(diff.locator('.aula-diff-words ins')).toContainText(FIX);
    await reviewer.getByRole('button', { name: 'Approva' }).click();
    await expect(reviewer.getByRole('status')).toContainText('Bozza approvata');
    await expect(reviewer.getByText('Stato della bozza: Approvata.')).toBeVisible();
    await reviewerContext.close();

    // The author publishes it as a "modifica normativa" with a summary.
    await lastMail(null, DEMO.lecturer, 'ha approvato');
    await page.reload();
    await expect(page.getByText(/Approvata da Prof\.ssa Elena Galli/)).toBeVisible();
    await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Nuovo modulo europeo per la domanda');
    await page.getByLabel(/È una modifica normativa/).check({ force: true });
    await page.getByLabel('Sintesi per i discenti, in italiano semplice').fill(SUMMARY);
    await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();
    await page.getByRole('link', { name: 'Cronologia e differenze' }).click();
    await expect(page.getByText(`Modifica normativa: ${SUMMARY}`).first()).toBeVisible();
    await page.goto('/studio');
    await expect(page.getByRole('row', { name: /^5\. / })).toContainText('Nessuna bozza');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('send to review, comment a line range, approve and publish with plain forms; a forged approval by a lecturer is refused', async ({ page, browser }) => {
      test.setTimeout(120_000);
      await signIn(page, DEMO.lecturer);
      await openEditor(page, /^7\. /);
      const source = page.getByLabel(/Testo del modulo/);
      const original = await source.inputValue();
      await source.fill(`${original}\nUna frase rivista senza JavaScript.\n`);
      await page.getByRole('button', { name: 'Salva la bozza' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Bozza salvata' })).toBeVisible();
      await page.getByRole('button', { name: 'Invia in revisione' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Bozza inviata in revisione' })).toBeVisible();
      const editorPath = new URL(page.url()).pathname;

      // The author opens the review page: no forms, only a reviewer decides; a forged approval is refused.
      await page.goto(`${editorPath}/revisione`);
      await expect(page.getByText('solo un revisore può commentare e decidere')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Approva' })).toHaveCount(0);
      const client = await newClient();
      const cookie = await sessionFor(client, DEMO.lecturer);
      const forged = await client.post(`${editorPath}/revisione`, { form: { intent: 'approve', revision: '1', message: '' }, headers: { Cookie: cookie }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('Solo un revisore può commentare');
      const forgedPublish = await client.post(editorPath, { form: { intent: 'publish', revision: '1', note: '' }, headers: { Cookie: cookie }, maxRedirects: 0 });
      expect(forgedPublish.status()).toBe(409);
      await client.dispose();
      await page.reload();
      await expect(page.getByText('Stato della bozza: In revisione.')).toBeVisible();

      const reviewerContext = await newContext(browser, { javaScriptEnabled: false });
      const reviewer = await reviewerContext.newPage();
      await signIn(reviewer, REVIEWER);
      await reviewer.goto(`${editorPath}/revisione`);
      await expect(reviewer.locator('.aula-diff-words ins')).toContainText('Una frase rivista senza JavaScript.');
      await reviewer.getByLabel('Dalla riga', { exact: true }).fill('1');
      await reviewer.getByLabel('Alla riga', { exact: true }).fill('3');
      await reviewer.getByLabel('Commento', { exact: true }).fill('Il titolo va bene.');
      await reviewer.getByRole('button', { name: 'Aggiungi il commento' }).click();
      await expect(reviewer.getByRole('status')).toContainText('Commento aggiunto');
      // A line range outside the draft is refused with an Italian message.
      await reviewer.getByLabel('Dalla riga', { exact: true }).fill('5000');
      await reviewer.getByLabel('Commento', { exact: true }).fill('Fuori dal testo.');
      await reviewer.getByRole('button', { name: 'Aggiungi il commento' }).click();
      await expect(reviewer.getByRole('alert')).toContainText('Indica righe esistenti della bozza');
      await expect(reviewer.getByRole('region', { name: /Commenti del revisore \(1\)/ })).toBeVisible();
      await reviewer.getByRole('button', { name: 'Approva' }).click();
      await expect(reviewer.getByRole('status')).toContainText('Bozza approvata');
      await reviewerContext.close();

      await page.goto(editorPath);
      await expect(page.getByRole('region', { name: /Commenti del revisore \(1\)/ })).toContainText('Il titolo va bene.');
      await page.getByLabel('Che cosa cambia (per la cronologia)').fill('Frase rivista');
      await page.getByRole('button', { name: 'Pubblica la bozza' }).click();
      await expect(page.getByRole('status').filter({ hasText: /Pubblicata la versione \d+/ })).toBeVisible();
    });
  });
});
