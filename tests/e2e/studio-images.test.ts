/**
 * Studio images through the real pages: the lecturer uploads a PNG with its description, gets the
 * snippet, pastes it into a module's draft and sees the image in the preview; the image is served
 * with immutable caching; an SVG and a file without a description are refused in Italian.
 */
import { expect, test } from './fixtures';
import { DEMO, expectAccessible, signIn } from './support';
import { pngImage, SVG_WITH_SCRIPT } from '../fixtures/images';

test('a lecturer uploads an image with its description and gets the snippet to paste; SVG is refused', async ({ page }) => {
  await signIn(page, DEMO.lecturer);
  await page.goto('/studio');
  await page.getByRole('link', { name: 'Immagini' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Immagini');
  await expectAccessible(page);

  // An SVG is refused, whatever it is called.
  await page.getByLabel('File dell’immagine').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: SVG_WITH_SCRIPT });
  await page.getByLabel('Descrizione (testo alternativo)').fill('Logo');
  await page.getByRole('button', { name: 'Carica l’immagine' }).click();
  await expect(page.getByRole('alert')).toContainText('Le immagini SVG non sono ammesse');

  const png = pngImage(24, 16, Date.now() % 997);
  await page.getByLabel('File dell’immagine').setInputFiles({ name: 'schema.png', mimeType: 'image/png', buffer: png });
  await page.getByLabel('Descrizione (testo alternativo)').fill('Schema del rinnovo del permesso');
  await page.getByRole('button', { name: 'Carica l’immagine' }).click();
  await expect(page.getByRole('status')).toContainText('Immagine caricata');
  const snippet = (await page.getByRole('status').locator('code').textContent())!;
  expect(snippet).toMatch(/^!\[Schema del rinnovo del permesso\]\(\/media\/[0-9a-f]{64}\.png\)$/);
  await expect(page.getByRole('img', { name: 'Schema del rinnovo del permesso' })).toBeVisible();
  await expectAccessible(page);

  const url = /\((.+)\)$/.exec(snippet)![1]!;
  const res = await page.request.get(url);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await res.body()).equals(png)).toBe(true);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the upload form works, a missing description is refused next to the field, and the snippet shows the image in a module preview', async ({ page }) => {
    await signIn(page, DEMO.lecturer);
    await page.goto('/studio/immagini');
    await page.getByLabel('File dell’immagine').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: pngImage(6, 6, 501) });
    // The browser's own check is bypassed so the server's answer is what the test sees.
    await page.locator('#alt').evaluate((el) => el.removeAttribute('required'));
    await page.getByRole('button', { name: 'Carica l’immagine' }).click();
    await expect(page.getByRole('alert')).toContainText('Scrivi una descrizione dell’immagine');
    await expect(page.getByLabel('Descrizione (testo alternativo)')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('File dell’immagine').setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: pngImage(6, 6, 501) });
    await page.getByLabel('Descrizione (testo alternativo)').fill('Foto dello sportello');
    await page.getByRole('button', { name: 'Carica l’immagine' }).click();
    await expect(page.getByRole('status')).toContainText(/Immagine caricata|era già stata caricata/);
    const snippet = (await page.getByRole('status').locator('code').textContent())!;

    // The snippet pasted into a module shows the image in the preview, rendered as learners see it (no draft is saved).
    await page.goto('/studio');
    await page.getByRole('link', { name: /^7\. / }).first().click();
    const source = page.getByLabel(/Testo del modulo/);
    await source.fill(`${await source.inputValue()}\n${snippet}\n`);
    await page.getByRole('button', { name: 'Anteprima' }).click();
    const preview = page.getByRole('region', { name: /Anteprima/ });
    await expect(preview.getByRole('img', { name: 'Foto dello sportello' })).toBeVisible();
    expect(await preview.getByRole('img', { name: 'Foto dello sportello' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(6);
  });
});
