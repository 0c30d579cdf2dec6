import { expect, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';
import { takeQuiz } from './quiz-support';

test('the demo learner completes the DREAM course through the UI and receives a verifiable certificate', async ({ page }) => {
  test.setTimeout(600_000);
  await signIn(page, DEMO.learner);
  await page.goto('/corsi/dream');
  const hrefs = await page.locator('.aula-module-list > li h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs).toHaveLength(10);
  for (const href of hrefs) {
    await page.goto(href);
    const read = page.getByRole('button', { name: 'Segna come letto' });
    if (await read.count()) {
      await read.click();
      await expect(page.getByText('Hai letto questo modulo il')).toBeVisible();
    }
    await page.goto(`${href}/quiz`);
    if (await page.getByText('Hai già superato questa verifica.').count()) continue;
    const result = await takeQuiz(page, href, { correct: true });
    expect(result).toMatch(/^Superata/);
  }
  await page.goto('/corsi');
  await expect(page.getByRole('progressbar', { name: 'Avanzamento' })).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByRole('link', { name: 'Riprendi da qui' })).toHaveCount(0);

  await page.goto('/attestati');
  await expectAccessible(page);
  const verify = page.getByRole('link', { name: /verifica/i }).first();
  const href = await verify.getAttribute('href');
  expect(href).toMatch(/\/certificati\/verifica\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await page.goto(href!);
  await expect(page.getByText(/valido/i).first()).toBeVisible();
  await expect(page.getByText('Giulia Rossi')).toBeVisible();
});
