import { expect, test } from './fixtures';
import { DEMO, createAccount, expectAccessible, signIn } from './support';

test('all ten DREAM modules render in Chromium with their sources, review date and no accessibility violation', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, DEMO.lecturer);
  await page.goto('/corsi/dream');
  const links = page.locator('.aula-module-list > li h3 a');
  await expect(links).toHaveCount(10);
  // The final exam is named once, not "Esame finale: Esame finale".
  await expect(links.last()).toHaveText('Esame finale');
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

test('a module body is sent once per document, and client-side navigation and marking read keep it whole', async ({ page, request }) => {
  const learner = await createAccount(request);
  await signIn(page, learner.email, learner.password);
  // The document carries the body in the page only, not again in the hydration data.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const html = await (await request.get('/corsi/dream/fonti-attori-competenze', { headers: { Cookie: cookie } })).text();
  const article = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
  const sentence = /<p>([^<]{40,})/.exec(article)![1]!.slice(0, 40);
  expect(html.split(sentence).length - 1).toBe(1);

  await page.goto('/corsi/dream/fonti-attori-competenze');
  const body = page.locator('article.aula-prose');
  await expect(body).toContainText(sentence);
  const text = await body.innerText();
  // JavaScript navigation to the next module brings its body in the route data.
  await page.getByRole('link', { name: /Modulo successivo/ }).click();
  await expect(page).toHaveURL(/\/corsi\/dream\/(?!fonti-attori-competenze)/);
  await expect(body).not.toHaveText(text);
  expect((await body.innerText()).length).toBeGreaterThan(500);
  // Back again (from the browser's history), then mark as read: the body stays as it was.
  await page.goBack();
  await expect(body).toContainText(sentence);
  expect(await body.innerText()).toBe(text);
  await page.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(page.getByText(/Hai letto questo modulo il/)).toBeVisible();
  expect(await body.innerText()).toBe(text);
});
