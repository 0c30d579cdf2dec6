/**
 * /admin/posta: the admin reads every message Aula sent, with its status, attempts and text; the
 * invitation the admin just sent is there, with its link. Other roles are refused.
 */
import { expect, test } from './fixtures';
import { DEMO, expectAccessible, newClient, sessionFor, signIn, uniqueEmail } from './support';

test('the admin finds an invitation in the outgoing mail, with its status and its link', async ({ page }) => {
  await signIn(page, DEMO.admin);
  const email = uniqueEmail('posta');
  await page.goto('/admin/utenti');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByRole('button', { name: 'Invia l’invito' }).click();
  await expect(page.getByRole('status')).toContainText('Invito inviato');
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Amministrazione' }).click();
  await page.getByRole('link', { name: 'Posta in uscita' }).click();
  await page.getByLabel('Destinatario contiene').fill(email);
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText(/Inviato|In coda|In invio/);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Invito ad Aula' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invito ad Aula');
  await expect(page.locator('pre')).toContainText('/invito/');
  await expectAccessible(page);
});

test('only admins read the outgoing mail; an unknown message is 404', async () => {
  const client = await newClient();
  const learner = await sessionFor(client, DEMO.learner);
  expect((await client.get('/admin/posta', { headers: { Cookie: learner }, maxRedirects: 0 })).status()).toBe(403);
  const admin = await sessionFor(client, DEMO.admin);
  expect((await client.get('/admin/posta/00000000-0000-0000-0000-000000000000', { headers: { Cookie: admin } })).status()).toBe(404);
  expect((await client.post('/admin/posta/00000000-0000-0000-0000-000000000000', { form: { intent: 'retry' }, headers: { Cookie: admin } })).status()).toBe(404);
  await client.dispose();
});
