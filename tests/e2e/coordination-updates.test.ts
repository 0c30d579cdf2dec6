/**
 * Law-change updates on the coordinators' side, in Chromium: the demo learner reads module 2; the demo
 * lecturer publishes a new version of it as a "modifica normativa"; the demo coordinator opens
 * "Aggiornamenti normativi", sees the learner still to update, and assigns the update with a due day;
 * the learner gets the e-mail and sees "entro il …" on "I miei corsi" and on "cosa è cambiato",
 * reads the new version, and the coordinator sees them up to date. Finally the lecturer restores the
 * previous text (the suite shares the demo data; other tests publish module 5 and 7 as law changes).
 */
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, lastMail, markRead, newClient, publishLawChange, sessionFor, signIn } from './support';

const SENTENCE = 'Dal 1° marzo 2027 il nulla osta al lavoro stagionale si chiede solo online.';
const SUMMARY = 'Dal 1° marzo 2027 il nulla osta stagionale si chiede solo online.';
const MODULE = '/corsi/dream/ingresso-soggiorno-lavoro';

/** A due day a few weeks ahead, as the date field wants it and as the pages show it. */
function dueDay() {
  const d = new Date(Date.now() + 30 * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, shown: iso.split('-').reverse().join('/') };
}

test('a law change: the coordinator sees who must update, assigns the update with a due day, the learner sees it, reads the module and is up to date', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const due = dueDay();
  // The learner reads module 2.
  const learnerContext = await newContext(browser);
  const learner = await learnerContext.newPage();
  await signIn(learner, DEMO.learner);
  await markRead(learner, MODULE);

  // The lecturer publishes a new version of module 2 as a "modifica normativa", through the studio.
  await signIn(page, DEMO.lecturer);
  await publishLawChange(page, { position: 2, sentence: SENTENCE, note: 'Nulla osta stagionale online', summary: SUMMARY });

  // The coordinator: "Aggiornamenti normativi" lists the change with people still to update.
  const coordContext = await newContext(browser);
  const coord = await coordContext.newPage();
  await signIn(coord, DEMO.coordinator);
  await coord.goto('/coordinamento');
  await coord.getByRole('link', { name: 'Aggiornamenti normativi' }).click();
  await expect(coord.getByRole('heading', { level: 1 })).toHaveText('Aggiornamenti normativi');
  const row = coord.getByTestId('law-update').filter({ hasText: SUMMARY });
  await expect(row).toHaveCount(1);
  await expectAccessible(coord);
  await row.getByRole('link').first().click();
  await coord.waitForURL(/\/coordinamento\/aggiornamenti\/[0-9a-f-]{36}$/);
  const updateUrl = coord.url();
  await expect(coord.getByRole('heading', { level: 1 })).toContainText('Aggiornamento: ');
  await expect(coord.getByRole('region', { name: 'Modifica normativa' })).toContainText(SUMMARY);
  const person = coord.getByTestId('update-person').filter({ hasText: DEMO.learner });
  await expect(person).toContainText('da aggiornare');
  await expectAccessible(coord);

  // Bad input first: a past day is refused with an Italian message, nothing assigned.
  await coord.getByRole('checkbox', { name: 'Seleziona Giulia Rossi' }).check();
  await coord.getByLabel('Da completare entro il').fill('2020-01-31');
  await coord.getByRole('button', { name: 'Assegna alle persone selezionate' }).click();
  await expect(coord.getByText('La scadenza non può essere nel passato.')).toBeVisible();
  await expect(person).not.toContainText('/20');
  await expectAccessible(coord);

  // Assign the update to the learner with a due day.
  await coord.getByRole('checkbox', { name: 'Seleziona Giulia Rossi' }).check();
  await coord.getByLabel('Da completare entro il').fill(due.iso);
  await coord.getByRole('button', { name: 'Assegna alle persone selezionate' }).click();
  await expect(coord.getByRole('alert').or(coord.getByRole('status')).filter({ hasText: 'Aggiornamento assegnato a una persona.' })).toBeVisible();
  await expect(person).toContainText(due.shown);
  await expect(person).toContainText('da aggiornare');
  // Assigning again with the same day changes nothing visible (one row per person and change).
  await coord.getByRole('checkbox', { name: 'Seleziona Giulia Rossi' }).check();
  await coord.getByLabel('Da completare entro il').fill(due.iso);
  await coord.getByRole('button', { name: 'Assegna alle persone selezionate' }).click();
  await expect(coord.getByTestId('update-person').filter({ hasText: DEMO.learner })).toHaveCount(1);

  // The person's page: the update with its state and due day.
  await person.getByRole('link', { name: 'Giulia Rossi' }).click();
  await coord.waitForURL(/\/coordinamento\/persone\/[0-9a-f-]{36}$/);
  const personUrl = coord.url();
  const onPerson = coord.getByTestId('person-law-update').filter({ hasText: SUMMARY });
  await expect(onPerson).toContainText('da aggiornare');
  await expect(onPerson).toContainText(due.shown);
  await expectAccessible(coord);

  // The learner: the e-mail, and "entro il …" on "I miei corsi" and on "cosa è cambiato".
  const mail = await lastMail(null, DEMO.learner, 'ti chiede di aggiornarti');
  expect(mail.subject).toContain(`entro il ${due.shown}`);
  expect(mail.text).toContain(SUMMARY);
  await learner.goto('/corsi');
  const notice = learner.getByTestId('update-notice').filter({ hasText: SUMMARY });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(`entro il ${due.shown}`);
  await expectAccessible(learner);
  await learner.goto(`${MODULE}/aggiornamento`);
  await expect(learner.getByRole('region', { name: 'Modifica normativa' })).toContainText(`entro il ${due.shown}`);
  await expectAccessible(learner);

  // The learner reads the new version: up to date.
  await learner.getByRole('link', { name: 'Leggi la nuova versione' }).click();
  await expect(learner).toHaveURL(new RegExp(`${MODULE}$`));
  await expect(learner.locator('article.aula-prose')).toContainText(SENTENCE);
  await learner.getByRole('button', { name: 'Segna come letto' }).click();
  await expect(learner.locator('#stato')).toContainText('Hai letto questo modulo il');
  await learner.goto('/corsi');
  await expect(learner.getByTestId('update-notice').filter({ hasText: SUMMARY })).toHaveCount(0);

  // The coordinator sees them up to date, on the update's page and on the person's page.
  await coord.goto(updateUrl);
  await expect(coord.getByTestId('update-person').filter({ hasText: DEMO.learner })).toContainText('aggiornato');
  await expect(coord.getByTestId('update-person').filter({ hasText: DEMO.learner })).not.toContainText('da aggiornare');
  await expect(coord.getByRole('checkbox', { name: 'Seleziona Giulia Rossi' })).toHaveCount(0);
  await coord.goto(personUrl);
  await expect(coord.getByTestId('person-law-update').filter({ hasText: SUMMARY })).toContainText('aggiornato');
  await expect(coord.getByTestId('person-law-update').filter({ hasText: SUMMARY })).not.toContainText('da aggiornare');
  await coordContext.close();
  await learnerContext.close();

  // Leave the demo text as it was (a restore is a new version, not a law change).
  await page.getByRole('link', { name: 'Cronologia e differenze' }).click();
  await page
    .getByRole('button', { name: /Ripristina la versione/ })
    .first()
    .click();
  await expect(page.getByRole('status')).toContainText(/Ripristinata: ora è in uso la versione \d+/);
});

test('without JavaScript the form assigns the update to everyone who has to update; a malformed day is refused', async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const coord = await context.newPage();
  await signIn(coord, DEMO.coordinator);
  await coord.goto('/coordinamento/aggiornamenti');
  const first = coord.getByTestId('law-update').first();
  await expect(first).toBeVisible();
  await first.getByRole('link').first().click();
  await coord.waitForURL(/\/coordinamento\/aggiornamenti\/[0-9a-f-]{36}$/);
  const url = coord.url();
  await coord.getByLabel('Da completare entro il').fill(dueDay().iso);
  await coord.getByRole('button', { name: 'Assegna a tutte le persone da aggiornare' }).click();
  // Everyone may already be up to date (the suite shares the demo data): either answer is an answer.
  await expect(coord.getByText(/Aggiornamento assegnato a|Nessuna delle persone scelte deve aggiornarsi/)).toBeVisible();
  // (axe needs scripts: this page is checked with JavaScript in the test above.)
  await context.close();

  // A malformed day or a forged person, posted as a browser without JavaScript would: refused in Italian.
  const client = await newClient();
  const cookie = await sessionFor(client, DEMO.coordinator);
  const bad = await client.post(url, { form: { intent: 'assignAll', dueOn: '2031-02-31' }, headers: { Cookie: cookie } });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('Inserisci una data valida (giorno, mese, anno).');
  const forged = await client.post(url, { form: { intent: 'assign', dueOn: '2031-01-31', userId: '00000000-0000-0000-0000-000000000000' }, headers: { Cookie: cookie } });
  expect(forged.status()).toBe(404);
  expect(await forged.text()).toContain('non rientra nel tuo ambito di coordinamento');
  await client.dispose();
});
