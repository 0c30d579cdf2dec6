import { expect, test } from '@playwright/test';
import { DEMO, expectAccessible, signIn } from './support';

test('all ten DREAM modules render in Chromium with their sources, review date and no accessibility violation', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.lecturer);
  await page.goto('/corsi/dream');
  const links = page.locator('.aula-module-list > li h3 a');
  await expect(links).toHaveCount(10);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Fonti normative' })).toBeVisible();
    await expect(page.getByText('Contenuto verificato il')).toBeVisible();
    expect(await page.locator('article.aula-prose').innerText()).not.toHaveLength(0);
    await expectAccessible(page);
  }
});

test('every fact marked as recent or unverified carries its date of currency', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  for (const slug of ['ingresso-soggiorno-lavoro', 'protezione-internazionale', 'accoglienza-msna']) {
    await page.goto(`/corsi/dream/${slug}`);
    const notes = page.locator('[data-component="attenzione"]');
    expect(await notes.count()).toBeGreaterThan(0);
    for (const text of await notes.allInnerTexts()) expect(text).toMatch(/Aggiornato al \d{2}\/\d{2}\/\d{4}/);
  }
  // M5 and M6 say plainly what the EU Pact changes.
  await page.goto('/corsi/dream/protezione-internazionale');
  await expect(page.getByRole('heading', { name: /Patto UE/ })).toBeVisible();
});
