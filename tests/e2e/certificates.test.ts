/**
 * Certificates end to end: a learner who completed the course downloads the PDF, the QR code
 * decoded from the PDF opens the public verification page, the badge verifies against the
 * published key, an admin revokes and the page says so at once, and the public form accepts a
 * code typed in lower case. Keyboard only, zero axe violations on every page.
 *
 * The learner completes the course through the real pages (tests/e2e/complete-course.ts): each
 * module read, each quiz answered and submitted; the server issues the certificate as for anyone.
 */
import { type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { expect, test, newContext } from './fixtures';
import { completeCourseAs } from './complete-course';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { extractImages, qrCodesIn } from '../fixtures/pdf-qr';
import { BASE_URL, DEMO, expectAccessible, lastMail, linkIn, newClient, sessionFor, signIn, uniqueEmail } from './support';

const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/* ---------------------------------------------------------------------------------------- */
/* Accounts and completion                                                                  */
/* ---------------------------------------------------------------------------------------- */

/** Invites an account as the demo admin, in an organisation, and accepts the invitation. */
async function inviteAccount(role: 'learner' | 'coordinator', organisation: string, name = 'Persona di Prova') {
  const request = await newClient();
  const admin = await sessionFor(request, DEMO.admin);
  const html = await (await request.get('/admin/utenti', { headers: { Cookie: admin } })).text();
  const m = new RegExp(`<option value="([0-9a-f-]{36})">${organisation}</option>`).exec(html);
  expect(m, `organisation ${organisation}`).not.toBeNull();
  const email = uniqueEmail(role);
  const res = await request.post('/admin/utenti', { form: { email, role, organisationId: m![1]! }, headers: { Cookie: admin } });
  expect(res.status()).toBe(200);
  const path = linkIn((await lastMail(request, email)).text, '/invito/');
  const password = 'una-password-lunga-1';
  const accept = await request.post(path, { form: { name, password, confirm: password }, maxRedirects: 0 });
  expect(accept.status()).toBe(302);
  await request.dispose();
  return { email, password, name };
}

/** A learner of the Prefettura di Lucca (the demo coordinator's organisation) with a certificate. */
async function learnerWithCertificate(browser: Browser, name = 'Persona di Prova') {
  const account = await inviteAccount('learner', 'Prefettura di Lucca', name);
  const context = await newContext(browser);
  const code = await completeCourseAs(await context.newPage(), account.email, account.password);
  await context.close();
  expect(code).toMatch(CODE_RE);
  return { ...account, code };
}

/* ---------------------------------------------------------------------------------------- */
/* Keyboard                                                                                 */
/* ---------------------------------------------------------------------------------------- */

/** Presses Tab until the element has the focus (fails after `max` presses). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`non raggiunto con il tasto Tab: ${target.toString()}`);
}

async function verificationJson(request: APIRequestContext, code: string) {
  const res = await request.get(`/certificati/verifica/${code}.json`);
  return { status: res.status(), body: await res.json() };
}

/* ---------------------------------------------------------------------------------------- */

test('a learner downloads the certificate PDF, and its QR code opens the verification page saying "valido"', async ({ page, browser }) => {
  const learner = await learnerWithCertificate(browser, 'Łukasz Nguyễn Rossi');
  await signIn(page, learner.email, learner.password);

  // Keyboard only: the "I miei attestati" link in the main navigation.
  await tabTo(page, page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'I miei attestati' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/attestati$/);
  await expect(page.getByRole('heading', { level: 1, name: 'I miei attestati' })).toBeVisible();
  await expect(page.getByText(learner.code, { exact: true })).toBeVisible();
  await expectAccessible(page);

  // The PDF: a download with the right type and bytes.
  const pdfLink = page.getByRole('link', { name: /^Scarica il PDF/ });
  await tabTo(page, pdfLink);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe(`attestato-${learner.code}.pdf`);
  const bytes = await (await import('node:fs/promises')).readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const res = await page.request.get(`/certificati/${learner.code}.pdf`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  expect(pdf.getTitle()).toContain('Łukasz Nguyễn Rossi');
  expect(pdf.getSubject()).toContain(learner.code);

  // The embedded images (and their soft masks) have 8 bits per component.
  for (const image of extractImages(pdf)) {
    expect(image.bitsPerComponent).toBe(8);
    if (image.maskBitsPerComponent !== undefined) expect(image.maskBitsPerComponent).toBe(8);
  }
  // The QR code decoded from the PDF is the full verification URL; opening it says "valido".
  const qr = await qrCodesIn(bytes);
  expect(qr).toEqual([`${BASE_URL}/certificati/verifica/${learner.code}`]);
  const anonymous = await newContext(page.context().browser()!, { locale: 'it-IT' });
  const visitor = await anonymous.newPage();
  await visitor.goto(qr[0]!);
  await expect(visitor.getByRole('heading', { level: 1, name: 'Verifica dell’attestato' })).toBeVisible();
  await expect(visitor.getByRole('status')).toContainText('Attestato valido');
  await expect(visitor.getByText('Łukasz Nguyễn Rossi')).toBeVisible();
  await expect(visitor.getByText("Diritto dell'immigrazione e dell'asilo per gli operatori dei servizi pubblici e del privato sociale")).toBeVisible();
  await expect(visitor.getByText('18 ore')).toBeVisible();
  await expect(visitor.getByText("DREAM – Scuola Superiore Sant'Anna")).toBeVisible();
  // Whether the holder completed the law changes published since issuance (none yet).
  await expect(visitor.getByRole('region', { name: 'Aggiornamenti normativi' })).toContainText('Dopo il rilascio non sono state pubblicate modifiche normative');
  // Nothing else about the person: no e-mail, no organisation.
  const text = await visitor.locator('main').innerText();
  expect(text).not.toContain(learner.email);
  await expect(visitor.getByRole('link', { name: /Revoca/ })).toHaveCount(0);
  await expectAccessible(visitor);
  await anonymous.close();
});

test('the badge is an Open Badges 3.0 JWT that verifies against the published key; the share link is a plain LinkedIn URL', async ({ page, browser }) => {
  const learner = await learnerWithCertificate(browser);
  await signIn(page, learner.email, learner.password);
  await page.goto('/attestati');
  const res = await page.request.get(`/certificati/${learner.code}/badge`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/vc+jwt');
  expect(res.headers()['content-disposition']).toBe(`attachment; filename="attestato-${learner.code}.jwt"`);
  const jwt = (await res.text()).trim();
  const jwks = await (await page.request.get('/certificati/chiavi.json')).json();
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'], typ: 'vc+jwt' });
  expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
  expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(payload.iss).toBe(`${BASE_URL}/certificati/emittente`);
  const issuer = await (await page.request.get('/certificati/emittente')).json();
  expect(issuer).toMatchObject({ id: `${BASE_URL}/certificati/emittente`, type: ['Profile'] });

  const share = new URL((await page.getByRole('link', { name: /^Aggiungi al profilo LinkedIn/ }).getAttribute('href'))!);
  expect(share.origin + share.pathname).toBe('https://www.linkedin.com/profile/add');
  expect(share.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
  expect(share.searchParams.get('certId')).toBe(learner.code);
  expect(share.searchParams.get('certUrl')).toBe(`${BASE_URL}/certificati/verifica/${learner.code}`);
  expect(share.searchParams.get('organizationName')).toContain('DREAM');
  // No third-party script on the page.
  const scripts = await page.locator('script[src]').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
  expect(scripts.filter((s) => !s.startsWith(BASE_URL))).toEqual([]);
});

test('an admin revokes with a reason and the verification page and JSON show it at once', async ({ page, browser }) => {
  const learner = await learnerWithCertificate(browser);
  expect((await verificationJson(page.request, learner.code)).body.status).toBe('valid');

  await signIn(page, DEMO.admin);
  await page.goto(`/certificati/verifica/${learner.code}`);
  await tabTo(page, page.getByRole('link', { name: 'Revoca l’attestato' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/certificati/${learner.code}/revoca$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Revoca dell’attestato' })).toBeVisible();
  await expectAccessible(page);

  // No reason: an Italian message, nothing changes.
  const submit = page.getByRole('button', { name: 'Revoca l’attestato' });
  await tabTo(page, submit);
  const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
  expect(refused.status()).toBe(400);
  await expect(page.getByText('Scrivi il motivo della revoca (almeno 5 caratteri).')).toBeVisible();
  await expectAccessible(page);
  expect((await verificationJson(page.request, learner.code)).body.status).toBe('valid');

  // With a reason: revoked, and the verification page (where we land) says so.
  await tabTo(page, page.getByLabel('Motivo della revoca'));
  await page.keyboard.type('Verifica finale sostenuta da un’altra persona.');
  await tabTo(page, submit);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/certificati/verifica/${learner.code}$`));
  await expect(page.getByRole('status')).toContainText('Attestato revocato');
  await expect(page.getByRole('status')).toContainText('Verifica finale sostenuta da un’altra persona.');
  await expectAccessible(page);

  // Anyone, at once: the page, the JSON; the learner sees it too and has no badge any more.
  const anonymous = await newContext(browser, { locale: 'it-IT' });
  const visitor = await anonymous.newPage();
  await visitor.goto(`/certificati/verifica/${learner.code}`);
  await expect(visitor.getByRole('status')).toContainText('Attestato revocato');
  await expect(visitor.getByRole('status')).toContainText(/Revocato il \d{1,2} \w+ \d{4}/);
  const json = await verificationJson(visitor.request, learner.code);
  expect(json.body).toMatchObject({ status: 'revoked', revocation: { reason: 'Verifica finale sostenuta da un’altra persona.' } });
  await anonymous.close();

  const learnerContext = await newContext(browser, { locale: 'it-IT' });
  const learnerPage = await learnerContext.newPage();
  await signIn(learnerPage, learner.email, learner.password);
  await learnerPage.goto('/attestati');
  await expect(learnerPage.getByText('Revocato', { exact: true })).toBeVisible();
  await expect(learnerPage.getByRole('link', { name: /Open Badge/ })).toHaveCount(0);
  expect((await learnerPage.request.get(`/certificati/${learner.code}/badge`)).status()).toBe(410);
  await expectAccessible(learnerPage);
  await learnerContext.close();

  // The management list shows it as revoked.
  await page.goto('/certificati/gestione');
  await expect(page.getByRole('row', { name: new RegExp(learner.code) })).toContainText('Revocato');
  await expectAccessible(page);
});

test('the verification form accepts a code typed in lower case without dashes, and explains a wrong one in Italian', async ({ page, browser }) => {
  const learner = await learnerWithCertificate(browser);
  await page.goto('/certificati/verifica');
  await expect(page.getByRole('heading', { level: 1, name: 'Verifica di un attestato' })).toBeVisible();
  await expectAccessible(page);

  const field = page.getByLabel('Codice dell’attestato');
  await tabTo(page, field);
  await page.keyboard.type('abc');
  const [bad] = await Promise.all([page.waitForResponse((r) => r.url().includes('codice=')), page.keyboard.press('Enter')]);
  expect(bad.status()).toBe(400);
  await expect(page.getByText(/Il codice non è valido: deve avere 12 caratteri/)).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await field.fill('');
  await field.focus();
  await page.keyboard.type(learner.code.toLowerCase().replace(/-/g, ''));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/certificati/verifica/${learner.code}$`));
  await expect(page.getByRole('status')).toContainText('Attestato valido');

  // A well-formed code that does not exist: an Italian 404 page.
  await page.goto('/certificati/verifica');
  await page.getByLabel('Codice dell’attestato').fill('zzzz zzzz zzzz');
  await page.getByRole('button', { name: 'Verifica' }).press('Enter');
  await expect(page).toHaveURL(/\/certificati\/verifica\/ZZZZ-ZZZZ-ZZZZ$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pagina non trovata' })).toBeVisible();
  await expect(page.getByText('Nessun attestato corrisponde a questo codice.', { exact: false })).toBeVisible();
  await expectAccessible(page);
  const direct = await page.request.get('/certificati/verifica/ZZZZ-ZZZZ-ZZZZ');
  expect(direct.status()).toBe(404);
});

test('without JavaScript the verification form and the revocation form still work', async ({ browser }) => {
  const learner = await learnerWithCertificate(browser);
  const context = await newContext(browser, { locale: 'it-IT', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/certificati/verifica');
  await page.getByLabel('Codice dell’attestato').fill(learner.code.toLowerCase());
  await page.getByRole('button', { name: 'Verifica' }).click();
  await expect(page).toHaveURL(new RegExp(`/certificati/verifica/${learner.code}$`));
  await expect(page.getByRole('status')).toContainText('Attestato valido');

  // The demo coordinator belongs to the learner's organisation (Prefettura di Lucca).
  await page.goto('/login');
  await page.getByLabel('Indirizzo e-mail').fill(DEMO.coordinator);
  await page.getByLabel('Password', { exact: true }).fill('aula-demo-2026');
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page).toHaveURL(/\/corsi$/);
  await page.goto(`/certificati/${learner.code}/revoca`);
  await page.getByLabel('Motivo della revoca').fill('Iscrizione annullata dall’ente.');
  await page.getByRole('button', { name: 'Revoca l’attestato' }).click();
  await expect(page).toHaveURL(new RegExp(`/certificati/verifica/${learner.code}$`));
  await expect(page.getByRole('status')).toContainText('Attestato revocato');
  await context.close();
});

test('a learner without certificates sees an explanation, in Italian and accessible', async ({ page }) => {
  const learner = await inviteAccount('learner', 'Comune di Lucca');
  await signIn(page, learner.email, learner.password);
  await page.goto('/attestati');
  await expect(page.getByText('Non hai ancora attestati.', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Gestione degli attestati (revoca)' })).toHaveCount(0);
  await expectAccessible(page);
});
