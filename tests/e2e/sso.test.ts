/**
 * Single sign-on through a real OpenID Connect provider (oidc-provider, started here): a person
 * signs in and lands as a learner; forged and replayed callbacks and an ID token for another
 * audience are refused in Italian, change nothing, and are recorded in the audit log.
 */
import { expect, test, type Page } from '@playwright/test';
import { BASE_URL, DEMO, expectAccessible, signIn, uniqueEmail } from './support';
import { OIDC_ISSUER, startTestProvider, type TestPerson } from './oidc-provider';

const people = new Map<string, TestPerson>();
let provider: Awaited<ReturnType<typeof startTestProvider>>;

test.beforeAll(async () => {
  provider = await startTestProvider({ aulaBaseUrl: BASE_URL, people });
});

test.afterAll(async () => {
  await provider.stop();
});

test.describe.configure({ timeout: 120_000 });

/** Through Aula's sign-in page and the provider's interaction page, as a person would. */
async function signInWithProvider(page: Page, account: string, button = 'Accedi con l’account dell’ente') {
  await page.goto('/login');
  await page.getByRole('link', { name: button }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/interaction/`));
  await page.getByLabel('Identificativo della persona').fill(account);
  await page.getByRole('button', { name: 'Entra' }).click();
}

async function setProvisioning(page: Page, value: 'Crea un account con ruolo discente' | 'Rifiuta: solo account esistenti (e-mail verificata o codice fiscale)') {
  await page.goto('/admin/impostazioni');
  if (new URL(page.url()).pathname === '/login') {
    await signIn(page, DEMO.admin);
    await page.goto('/admin/impostazioni');
  }
  await page.getByLabel('Primo accesso con un fornitore di identità senza account corrispondente').selectOption({ label: value });
  await page.getByRole('button', { name: 'Salva le impostazioni' }).click();
  await expect(page.getByText('Impostazioni salvate.')).toBeVisible();
  // On PostgreSQL every worker process caches the settings for 3 s: let the change reach them all
  // before the callback is handled (in CI a worker still refused the first sign-in as unprovisioned).
  await page.waitForTimeout(3_500);
}

test('a person signs in through the identity provider and lands as a learner; refused and replayed callbacks change nothing', async ({ browser }) => {
  const email = uniqueEmail('sso');
  const sub = `persona-${Date.now().toString(36)}`;
  people.set(sub, { sub, email, email_verified: true, given_name: 'Giulia', family_name: 'Bianchi' });

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await setProvisioning(admin, 'Crea un account con ruolo discente');

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await expectAccessible(page);
  await expect(page.getByRole('link', { name: 'Entra con SPID' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Entra con CIE' })).toBeVisible();

  // The callback URL the provider sends the browser to, kept to replay it later.
  let callback = '';
  page.on('request', (r) => {
    if (r.url().startsWith(`${BASE_URL}/auth/oidc/ente/callback`)) callback = r.url();
  });
  await signInWithProvider(page, sub);
  await expect(page).toHaveURL(/\/corsi$/);
  await page.goto('/profilo');
  await expect(page.getByText('Giulia Bianchi')).toBeVisible();
  await expect(page.getByText(email, { exact: true })).toBeVisible();
  await expect(page.getByText('Discente', { exact: true })).toBeVisible();
  expect(callback).toContain('code=');

  // The same callback again (a replayed code): refused, in Italian.
  const anon = await browser.newContext();
  const other = await anon.newPage();
  const replay = await other.goto(callback);
  expect(replay?.status()).toBe(400);
  await expect(other.getByRole('heading', { name: 'Accesso non riuscito' })).toBeVisible();
  await expect(other.locator('[data-reason="state"]')).toBeVisible();
  await expectAccessible(other);

  // A forged state: refused.
  const forged = await other.goto(`/auth/oidc/ente/callback?code=abc&state=stato-inventato&iss=${encodeURIComponent(OIDC_ISSUER)}`);
  expect(forged?.status()).toBe(400);
  await expect(other.locator('[data-reason="state"]')).toBeVisible();

  // A genuine new state with an old, already used code: the provider refuses the code.
  const code = new URL(callback).searchParams.get('code')!;
  const [request] = await Promise.all([other.waitForRequest((r) => r.url().startsWith(`${OIDC_ISSUER}/auth?`)), other.goto('/auth/oidc/ente')]);
  const authorize = request.url();
  const state = new URL(authorize).searchParams.get('state')!;
  expect(state).toBeTruthy();
  expect(new URL(authorize).searchParams.get('code_challenge_method')).toBe('S256');
  expect(new URL(authorize).searchParams.get('nonce')).toBeTruthy();
  const reused = await other.goto(`/auth/oidc/ente/callback?code=${encodeURIComponent(code)}&state=${state}&iss=${encodeURIComponent(OIDC_ISSUER)}`);
  expect(reused?.status()).toBe(400);
  await expect(other.locator('[data-reason="code"]')).toBeVisible();
  await expect(other.getByText('Il codice di autorizzazione non è valido, è scaduto o è già stato usato.')).toBeVisible();

  // An ID token for another audience, correctly signed by the provider: refused.
  provider.tamper.audience = true;
  try {
    await signInWithProvider(other, sub);
    await expect(other.locator('[data-reason="audience"]')).toBeVisible();
    await expect(other.getByText('L’identità ricevuta non è destinata ad Aula.')).toBeVisible();
  } finally {
    provider.tamper.audience = false;
  }
  await other.goto('/profilo');
  await expect(other).toHaveURL(/\/login/);

  // The refusals are in the audit log.
  await admin.goto('/admin/registro?action=auth.oidc.refused');
  await expect(admin.getByRole('cell', { name: 'auth.oidc.refused' }).first()).toBeVisible();
  for (const reason of ['"reason":"state"', '"reason":"code"', '"reason":"audience"']) await expect(admin.getByText(reason).first()).toBeVisible();
  await expectAccessible(admin);

  // A second sign-in of the same person finds the same account (no duplicate).
  await context.clearCookies();
  await signInWithProvider(page, sub);
  await expect(page).toHaveURL(/\/corsi$/);
  await admin.goto(`/admin/utenti?q=${encodeURIComponent(email)}`);
  await expect(admin.getByText('1 persona')).toBeVisible();

  await setProvisioning(admin, 'Rifiuta: solo account esistenti (e-mail verificata o codice fiscale)');
  await Promise.all([context.close(), anon.close(), adminContext.close()]);
});

test('without provisioning, an unknown identity is refused; the SPID button reaches the broker and a fiscal number links the account', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await setProvisioning(admin, 'Rifiuta: solo account esistenti (e-mail verificata o codice fiscale)');
  const context = await browser.newContext();
  const page = await context.newPage();
  const stranger = `sconosciuto-${Date.now().toString(36)}`;
  people.set(stranger, { sub: stranger, email: uniqueEmail('sconosciuto'), email_verified: true });
  await signInWithProvider(page, stranger);
  await expect(page.locator('[data-reason="noAccount"]')).toBeVisible();
  await expect(page.getByText('Non c’è un account Aula per questa identità.')).toBeVisible();

  // The admin records the demo lecturer's fiscal number; SPID sends it as TINIT-…
  await admin.goto(`/admin/utenti?q=${encodeURIComponent(DEMO.lecturer)}`);
  await admin.getByRole('link', { name: 'Prof. Marco Bianchi' }).click();
  await admin.getByLabel('Codice fiscale', { exact: true }).fill('RSSMRA80A01H501U');
  await admin.getByRole('button', { name: 'Salva il codice fiscale' }).click();
  await expect(admin.getByText('Codice fiscale salvato.')).toBeVisible();
  await expectAccessible(admin);

  const spidSub = `spid-${Date.now().toString(36)}`;
  people.set(spidSub, { sub: spidSub, fiscalNumber: 'TINIT-RSSMRA80A01H501U', email: 'indirizzo-diverso@example.org', email_verified: false });
  await context.clearCookies();
  await signInWithProvider(page, spidSub, 'Entra con SPID');
  await expect(page).toHaveURL(/\/corsi$/);
  await page.goto('/profilo');
  await expect(page.getByText(DEMO.lecturer, { exact: true })).toBeVisible();
  await Promise.all([context.close(), adminContext.close()]);
});
