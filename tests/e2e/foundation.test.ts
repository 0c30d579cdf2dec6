import { expect, test, newContext } from './fixtures';
import { createAccount, DEMO, expectAccessible, lastMail, linkIn, signIn, uniqueEmail } from './support';

test('a learner signs in, opens the DREAM course, reads two modules and resumes where they left off', async ({ page, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  await page.goto('/');
  await expectAccessible(page);
  await signIn(page, email, password);
  await expect(page.getByRole('heading', { level: 1, name: 'I miei corsi' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Avanzamento' })).toHaveAttribute('aria-valuenow', '0');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Apri il corso' }).click();
  await expect(page).toHaveURL(/\/corsi\/dream$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Diritto dell');
  await expect(page.locator('.aula-module-list > li')).toHaveCount(10);
  await expectAccessible(page);

  // Module 1: table of contents, anchors, allowlisted components, sources, reviewed date.
  await page.getByRole('link', { name: /^1\. Fonti, attori e competenze/ }).click();
  await expect(page).toHaveURL(/\/corsi\/dream\/fonti-attori-competenze$/);
  await expect(page.getByRole('navigation', { name: 'In questa pagina' }).getByRole('link').first()).toBeVisible();
  await expect(page.locator('article .aula-caso').first()).toBeVisible();
  await expect(page.locator('article [data-component="attenzione"]').first()).toContainText('Aggiornato al 30/11/2026');
  await expect(page.getByRole('heading', { name: 'Fonti normative' })).toBeVisible();
  await expect(page.getByText('Contenuto verificato il')).toContainText('30 novembre 2026');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(page.getByText('Hai letto questo modulo il')).toBeVisible();

  await page.getByRole('link', { name: /Modulo successivo/ }).click();
  await expect(page).toHaveURL(/ingresso-soggiorno-lavoro$/);
  await page.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(page.getByText('Hai letto questo modulo il')).toBeVisible();

  await page.goto('/corsi');
  const bar = page.getByRole('progressbar', { name: 'Avanzamento' });
  expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await page.getByRole('link', { name: 'Riprendi da qui' }).click();
  // Module 1 and 2 are read; the next step is module 1's quiz or module 3, never a module already read.
  await expect(page).not.toHaveURL(/fonti-attori-competenze$|ingresso-soggiorno-lavoro$/);

  await page.getByRole('button', { name: /Esci/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/corsi');
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fcorsi$/);
});

test('the whole sign-in and reading path works with the keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Vai al contenuto principale' })).toBeFocused();
  await page.getByLabel('Indirizzo e-mail').focus();
  await page.keyboard.type(DEMO.learner);
  await page.keyboard.press('Tab');
  await page.keyboard.type('aula-demo-2026');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/corsi$/);
  // Tab to "Apri il corso" and follow it with Enter.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === 'Apri il corso') break;
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/corsi\/dream$/);
});

test('without JavaScript a learner signs in and marks a module as read', async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false, locale: 'it-IT' });
  const page = await context.newPage();
  await signIn(page, DEMO.learner);
  await page.goto('/corsi/dream/famiglia-lungo-periodo');
  const button = page.getByRole('button', { name: 'Segna come letto' });
  if (await button.count()) await button.click();
  await expect(page.getByText('Hai letto questo modulo il')).toBeVisible();
  await context.close();
});

test('the interface switches to English and back, and remembers the choice', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  await page.getByRole('button', { name: 'Passa all’inglese' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My courses' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/profilo');
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Switch to Italian' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Il tuo profilo' })).toBeVisible();
});

test('a wrong password gets an Italian message that does not reveal whether the address exists', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(DEMO.coordinator);
  await page.getByLabel('Password', { exact: true }).fill('sbagliata');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toHaveText('E-mail o password non corretti.');
  await page.getByLabel('Indirizzo e-mail').fill('nessuno@aula.test');
  await page.getByLabel('Password', { exact: true }).fill('sbagliata');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByRole('alert')).toHaveText('E-mail o password non corretti.');
  await expectAccessible(page);
});

test('five failed logins throttle the account with a 429 and an Italian message', async ({ request }) => {
  const { email } = await createAccount(request, 'learner');
  for (let i = 0; i < 5; i++) {
    const r = await request.post('/login', { form: { email, password: `sbagliata-${i}` }, maxRedirects: 0 });
    expect(r.status()).toBe(401);
  }
  const blocked = await request.post('/login', { form: { email, password: 'una-password-lunga-1' }, maxRedirects: 0 });
  expect(blocked.status()).toBe(429);
  expect(await blocked.text()).toContain('Troppi tentativi');
});

test('an admin invites a coordinator, who sets a password through the single-use link', async ({ page, request }) => {
  await signIn(page, DEMO.admin);
  await page.getByRole('link', { name: 'Utenti' }).click();
  await expectAccessible(page);
  const email = uniqueEmail('invitato');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Ruolo').selectOption('coordinator');
  await page.getByLabel('Ente (facoltativo)').selectOption({ label: 'Prefettura di Lucca' });
  await page.getByRole('button', { name: 'Invia l’invito' }).click();
  await expect(page.getByRole('status')).toContainText('Invito inviato');
  const link = linkIn((await lastMail(request, email)).text, '/invito/');
  await page.getByRole('button', { name: /Esci/ }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto(link);
  await expectAccessible(page);
  await page.getByLabel('Nome e cognome').fill('Carla Neri');
  await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('corta');
  await page.getByLabel('Ripeti la nuova password').fill('corta');
  await page.getByRole('button', { name: 'Crea l’account' }).click();
  await expect(page.getByText('La password deve avere almeno 10 caratteri.')).toBeVisible();
  await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('password-nuova-2026');
  await page.getByLabel('Ripeti la nuova password').fill('password-nuova-2026');
  await page.getByRole('button', { name: 'Crea l’account' }).click();
  await expect(page).toHaveURL(/\/corsi$/);

  // The link works once.
  await page.getByRole('button', { name: /Esci/ }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('non è valido');
});

test('a forgotten password is reset through a single-use link and every old session ends', async ({ page, browser, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  const other = await newContext(browser, { locale: 'it-IT' });
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);

  await page.goto('/login');
  await page.getByRole('link', { name: 'Password dimenticata?' }).click();
  await expectAccessible(page);
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByRole('button', { name: 'Invia il link' }).click();
  await expect(page.getByRole('status')).toContainText('Se l’indirizzo corrisponde');
  const link = linkIn((await lastMail(request, email, '/reimposta-password/')).text, '/reimposta-password/');
  await page.goto(link);
  await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('reimpostata-2026');
  await page.getByLabel('Ripeti la nuova password').fill('reimpostata-2026');
  await page.getByRole('button', { name: 'Salva e accedi' }).click();
  await expect(page).toHaveURL(/\/corsi$/);

  await otherPage.goto('/corsi');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test('changing the password ends the other sessions but keeps this one', async ({ page, browser, request }) => {
  const { email, password } = await createAccount(request, 'learner');
  const other = await newContext(browser, { locale: 'it-IT' });
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);
  await signIn(page, email, password);
  await page.goto('/profilo');
  await expectAccessible(page);
  await page.getByLabel('Password attuale').fill('non-e-questa');
  await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('cambiata-2026-ok');
  await page.getByLabel('Ripeti la nuova password').fill('cambiata-2026-ok');
  await page.getByRole('button', { name: 'Salva la nuova password' }).click();
  await expect(page.getByText('La password attuale non è corretta.')).toBeVisible();
  await page.getByLabel('Password attuale').fill(password);
  await page.getByLabel('Nuova password (almeno 10 caratteri)').fill('cambiata-2026-ok');
  await page.getByLabel('Ripeti la nuova password').fill('cambiata-2026-ok');
  await page.getByRole('button', { name: 'Salva la nuova password' }).click();
  await expect(page.getByRole('status')).toContainText('Password cambiata');
  await page.goto('/corsi');
  await expect(page).toHaveURL(/\/corsi$/);
  await otherPage.goto('/corsi');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test('a POST from a foreign origin is refused with 403', async ({ request }) => {
  const res = await request.post('/login', { form: { email: DEMO.learner, password: 'aula-demo-2026' }, headers: { Origin: 'https://evil.example' }, maxRedirects: 0 });
  expect(res.status()).toBe(403);
  expect(await res.text()).toContain('Richiesta rifiutata');
});

test('the health check answers 200 and unknown pages get an Italian 404', async ({ page, request }) => {
  expect((await request.get('/healthz')).status()).toBe(200);
  const res = await page.goto('/pagina-che-non-esiste');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina non trovata');
  await expectAccessible(page);
});
