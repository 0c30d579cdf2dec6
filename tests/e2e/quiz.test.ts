import { expect, test, newContext } from './fixtures';
import { createAccount, DEMO, expectAccessible, newClient, sessionFor, signIn } from './support';
import { answerAll, answerOne, promptOf, questionBank, takeQuiz } from './quiz-support';

const M1 = '/corsi/dream/fonti-attori-competenze';

test('a learner fails a quiz, reviews the explanations, then passes it and the module completes', async ({ page, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  await signIn(page, email, password);
  await page.goto(M1);
  await page.getByRole('button', { name: 'Segna come letto' }).click();
  await page.getByRole('link', { name: 'Vai alla verifica del modulo' }).click();
  await expect(page.getByRole('heading', { name: 'Regole della verifica' })).toBeVisible();
  await expect(page.getByText('Soglia per superarla')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Inizia il tentativo' }).click();
  await expectAccessible(page);
  await answerAll(page, { correct: false });
  await page.getByRole('button', { name: 'Consegna la verifica' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Non superata/ })).toBeVisible();
  await expect(page.getByText('Spiegazione:').first()).toBeVisible();
  await expect(page.getByText(/^Risposta corretta|^Risposte corrette|^Abbinamenti corretti|^Ordine corretto/).first()).toBeVisible();
  await expectAccessible(page);

  const result = await takeQuiz(page, M1, { correct: true });
  expect(result).toMatch(/^Superata: 100/);
  await page.goto(`${M1}/quiz`);
  await expect(page.getByText('Hai già superato questa verifica.')).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(3); // header + two attempts
  await page.goto('/corsi/dream');
  await expect(page.locator('.aula-module-list > li').first().getByText('Completato', { exact: true })).toBeVisible();
});

test('without JavaScript a learner saves answers, comes back to them, and submits', async ({ browser, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  const context = await newContext(browser, { javaScriptEnabled: false, locale: 'it-IT' });
  const page = await context.newPage();
  await signIn(page, email, password);
  await page.goto(`${M1}/quiz`);
  await page.getByRole('button', { name: 'Inizia il tentativo' }).click();
  await answerAll(page, { correct: true });
  await page.getByRole('button', { name: 'Salva le risposte' }).click();
  await expect(page.getByRole('status')).toContainText('Risposte salvate alle');
  const url = page.url();
  await page.goto(url);
  // The saved answers are back in the form.
  expect(await page.locator('form input:checked').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Consegna la verifica' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Superata: 100/ })).toBeVisible();
  await context.close();
});

test('with JavaScript each answer is saved as it is given, so a reload loses nothing', async ({ page, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  await signIn(page, email, password);
  await page.goto(`${M1}/quiz`);
  await page.getByRole('button', { name: 'Inizia il tentativo' }).click();
  // Answer the first question that has a choice, and nothing else.
  const radio = page.locator('form input[type="radio"]').first();
  const id = await radio.getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
  await expect(page.getByTestId('save-status')).toContainText('Risposte salvate alle');
  await page.reload();
  await expect(page.locator(`[id="${id}"]`)).toBeChecked();
});

test('a forged answer gets 400 with an Italian message, and only the owner sees an attempt', async ({ page, request }) => {
  const owner = await createAccount(request, 'learner');
  const client = await newClient();
  const cookie = await sessionFor(client, owner.email, owner.password);
  const start = await client.post(`${M1}/quiz`, { form: { intent: 'start' }, headers: { Cookie: cookie }, maxRedirects: 0 });
  expect(start.status()).toBe(302);
  const attemptPath = start.headers().location!;
  const forged = await client.post(attemptPath, { form: { intent: 'submit', q_inesistente: 'a' }, headers: { Cookie: cookie }, maxRedirects: 0 });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain('non fa parte di questo tentativo');
  // Another learner: 404 on the page, 400 on a post.
  const intruder = await sessionFor(client, DEMO.learner);
  expect((await client.get(attemptPath, { headers: { Cookie: intruder }, maxRedirects: 0 })).status()).toBe(404);
  expect((await client.post(attemptPath, { form: { intent: 'submit' }, headers: { Cookie: intruder }, maxRedirects: 0 })).status()).toBe(400);
  // The owner can still see and submit it; a second submit is refused and shows the first result.
  expect((await client.post(attemptPath, { form: { intent: 'submit' }, headers: { Cookie: cookie }, maxRedirects: 0 })).status()).toBe(302);
  const again = await client.post(attemptPath, { form: { intent: 'submit' }, headers: { Cookie: cookie }, maxRedirects: 0 });
  expect(again.status()).toBe(400);
  expect(await again.text()).toContain('già stato consegnato');
  await client.dispose();
  await signIn(page, owner.email, owner.password);
  await page.goto(attemptPath);
  await expect(page.getByRole('heading', { level: 2, name: /Non superata/ })).toBeVisible();
});

test('a lecturer reads item statistics and downloads them as CSV; a learner cannot', async ({ page, request }) => {
  const learner = await createAccount(request, 'learner');
  await signIn(page, learner.email, learner.password);
  await takeQuiz(page, M1, { correct: true });
  await page.getByRole('button', { name: /Esci/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/docente/statistiche');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdocente%2Fstatistiche$/);

  await signIn(page, DEMO.lecturer);
  await page.getByRole('link', { name: 'Statistiche' }).click();
  await expectAccessible(page);
  await page.getByRole('link', { name: /^Fonti, attori e competenze/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Fonti, attori e competenze/);
  expect(Number(await page.getByTestId('attempt-count').innerText())).toBeGreaterThan(0);
  await expect(page.getByRole('columnheader', { name: 'Facilità' })).toBeVisible();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Scarica in CSV' }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv as Buffer[]).toString('utf8');
  expect(text.split('\n')[0]).toBe('domanda,tipo,testo,tentativi,facilita,discriminazione,scelte,segnalazioni');

  const client = await newClient();
  const learnerCookie = await sessionFor(client, DEMO.learner);
  expect((await client.get('/docente/statistiche', { headers: { Cookie: learnerCookie }, maxRedirects: 0 })).status()).toBe(403);
  await client.dispose();
});

const M9 = '/corsi/dream/servizi-territoriali-sportello';

/** Answers the question of one fieldset as the bank says, rightly or wrongly. */
async function answerFieldset(fieldset: import('@playwright/test').Locator, correct: boolean) {
  const q = questionBank().get(promptOf(await fieldset.locator('legend').innerText()));
  expect(q).toBeTruthy();
  await answerOne(fieldset, q!, correct);
}

test('with immediate feedback a learner checks one answer, sees its correction, cannot change it, and it counts as checked', async ({ page, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  await signIn(page, email, password);
  await page.goto(`${M9}/quiz`);
  await expect(page.getByText('subito, domanda per domanda')).toBeVisible();
  await page.getByRole('button', { name: 'Inizia il tentativo' }).click();
  const first = page.locator('form fieldset').first();
  await answerFieldset(first, false);
  await first.getByRole('button', { name: 'Verifica la risposta' }).click();
  await expect(first.getByText('Risposta verificata: non si può più cambiare.')).toBeVisible();
  await expect(first.getByText('Spiegazione:')).toBeVisible();
  await expect(first.getByText(/^Non corretta|^Parzialmente corretta/)).toBeVisible();
  await expect(first.locator('input, select').first()).toBeDisabled();
  // Other questions have no correction yet, and the page stays accessible.
  await expect(page.getByText('Spiegazione:')).toHaveCount(1);
  await expectAccessible(page);
  // The check is stored: after a reload the correction and the lock are still there.
  await page.reload();
  await expect(first.getByText('Risposta verificata: non si può più cambiare.')).toBeVisible();
  const count = await page.locator('form fieldset').count();
  for (let i = 1; i < count; i++) await answerFieldset(page.locator('form fieldset').nth(i), true);
  await page.getByRole('button', { name: 'Consegna la verifica' }).click();
  const outcome = page.getByRole('heading', { level: 2, name: /Superata|Non superata/ });
  await expect(outcome).toBeVisible();
  expect(await outcome.innerText()).not.toMatch(/: 100/);
  await expect(page.getByText('Non corretta').first()).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the check button of an immediate-feedback quiz is a plain form button', async ({ page, request }) => {
    const { email, password } = await createAccount(request, 'learner');
    await signIn(page, email, password);
    await page.goto(`${M9}/quiz`);
    await page.getByRole('button', { name: 'Inizia il tentativo' }).click();
    const first = page.locator('form fieldset').first();
    await answerFieldset(first, true);
    await first.getByRole('button', { name: 'Verifica la risposta' }).click();
    await expect(page.locator('form fieldset').first().getByText('Risposta verificata: non si può più cambiare.')).toBeVisible();
    await expect(
      page
        .locator('form fieldset')
        .first()
        .getByText(/^Corretta/),
    ).toBeVisible();
  });
});
