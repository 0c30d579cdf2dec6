/**
 * When the law changes, in Chromium: the demo learner reads module 7; the demo lecturer publishes a
 * new version in the studio as a "modifica normativa"; the learner sees the "Aggiornamento" notice
 * on "I miei corsi" and on the course page, opens "cosa è cambiato" (the word diff), reads the new
 * version and is up to date again; the coordinator's person page shows the module "da aggiornare",
 * then up to date. Finally the lecturer restores the previous text (the suite shares the demo data).
 */
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, markRead, publishLawChange, signIn } from './support';

const SENTENCE = 'Dal 1° luglio 2026 il certificato di idoneità alloggiativa si chiede anche online.';
const SUMMARY = 'Dal 1° luglio 2026 l’idoneità alloggiativa si chiede anche online.';
const MODULE = '/corsi/dream/servizi-demografici';

test('a law change: the learner who read the module sees the notice and the diff, reads the new version and is up to date; the coordinator sees it', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The learner reads module 7.
  const learnerContext = await newContext(browser);
  const learner = await learnerContext.newPage();
  await signIn(learner, DEMO.learner);
  await markRead(learner, MODULE);
  await learner.goto('/corsi');
  await expect(learner.getByTestId('update-notice').filter({ hasText: SUMMARY })).toHaveCount(0);

  // The lecturer publishes a new version as a "modifica normativa", through the studio.
  await signIn(page, DEMO.lecturer);
  await publishLawChange(page, { position: 7, sentence: SENTENCE, note: 'Idoneità alloggiativa online', summary: SUMMARY });

  // "I miei corsi": the notice with the summary and a link to what changed.
  await learner.goto('/corsi');
  const notice = learner.getByTestId('update-notice').filter({ hasText: SUMMARY });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('heading', { name: 'Aggiornamento' })).toBeVisible();
  await expect(notice).toContainText('Il tuo attestato resta valido');
  await expectAccessible(learner);

  // The course page: the same notice, and the module "Da aggiornare".
  await learner.goto('/corsi/dream');
  await expect(learner.getByTestId('update-notice')).toContainText(SUMMARY);
  const row = learner.getByRole('listitem').filter({ has: learner.getByRole('link', { name: /^7\. / }) });
  await expect(row).toContainText('Da aggiornare');
  await expectAccessible(learner);

  // "Cosa è cambiato": the word diff between the version read and the current one.
  // (Other law changes of the suite may be listed too: the review test publishes module 5 as one.)
  await learner
    .getByTestId('update-notice')
    .getByRole('link', { name: /Cosa è cambiato nel modulo «Servizi demografici/ })
    .click();
  await expect(learner).toHaveURL(/\/corsi\/dream\/servizi-demografici\/aggiornamento$/);
  await expect(learner.getByRole('heading', { level: 1 })).toContainText('Cosa è cambiato');
  await expect(learner.getByRole('region', { name: 'Modifica normativa' })).toContainText(SUMMARY);
  await expect(learner.locator('.aula-diff-words ins')).toHaveCount(1);
  await expect(learner.locator('.aula-diff-words ins')).toContainText('idoneità alloggiativa si chiede anche online');
  await expectAccessible(learner);

  // The coordinator sees the module "da aggiornare" on the person's page.
  const coordContext = await newContext(browser);
  const coord = await coordContext.newPage();
  await signIn(coord, DEMO.coordinator);
  await coord.goto('/coordinamento/persone');
  await coord.getByLabel('Nome o e-mail').fill('discente@aula.test');
  await coord.getByRole('button', { name: 'Filtra' }).click();
  await coord.getByRole('link', { name: 'Giulia Rossi' }).first().click();
  await coord.waitForURL(/\/coordinamento\/persone\/[0-9a-f-]{36}$/);
  const personUrl = coord.url();
  await expect(coord.getByRole('region', { name: 'Corsi assegnati' }).getByRole('row', { name: /Servizi demografici/ })).toContainText('Da aggiornare');
  await expect(coord.getByTestId('update-state').first()).toContainText(/Moduli da aggiornare: \d+/);
  await expect(coord.getByTestId('person-law-update').filter({ hasText: SUMMARY })).toContainText('da aggiornare');
  await expectAccessible(coord);

  // The learner reads the new version: up to date again.
  await learner.getByRole('link', { name: 'Leggi la nuova versione' }).click();
  await expect(learner).toHaveURL(new RegExp(`${MODULE}$`));
  await expect(learner.getByRole('note')).toContainText('Questo modulo è stato aggiornato per una modifica normativa');
  await expect(learner.locator('article.aula-prose')).toContainText(SENTENCE);
  await expectAccessible(learner);
  await learner.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(learner.locator('#stato')).toContainText('Hai letto questo modulo il');
  await expect(learner.getByRole('note')).toHaveCount(0);
  await learner.goto('/corsi/dream');
  await expect(learner.getByTestId('update-notice').filter({ hasText: SUMMARY })).toHaveCount(0);
  await expect(row).not.toContainText('Da aggiornare');
  await learner.goto(`${MODULE}/aggiornamento`);
  await expect(learner.getByRole('status')).toContainText('Sei aggiornato');
  await expectAccessible(learner);

  await coord.goto(personUrl);
  await expect(coord.getByRole('region', { name: 'Corsi assegnati' }).getByRole('row', { name: /Servizi demografici/ })).not.toContainText('Da aggiornare');
  await expect(coord.getByRole('region', { name: 'Corsi assegnati' }).getByRole('row', { name: /Servizi demografici/ })).toContainText('aggiornato');
  await coordContext.close();

  // Leave the demo text as it was (a restore is a new version, not a law change).
  await page.getByRole('link', { name: 'Cronologia e differenze' }).click();
  await page
    .getByRole('button', { name: /Ripristina la versione/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toContainText(/Ripristinata: ora è in uso la versione \d+/);
  await learner.goto('/corsi/dream');
  await expect(learner.getByTestId('update-notice').filter({ hasText: SUMMARY })).toHaveCount(0);
  await learnerContext.close();
});
