/**
 * The learner's calendar feed of due dates through the real pages: the coordinator gives the DREAM
 * course a due date; the learner creates the private URL on "I miei corsi", a calendar client
 * fetches it, the learner replaces it (the old URL answers 404) and revokes it (404 too).
 */
import { expect, newContext, test } from './fixtures';
import { DEMO, expectAccessible, newClient, signIn } from './support';

test('the learner creates, uses and revokes the private calendar URL of their due dates', async ({ page, browser }) => {
  // Same unit and date as the coordinators' test: re-assigning is idempotent.
  const coordinator = await newContext(browser);
  const cp = await coordinator.newPage();
  await signIn(cp, DEMO.coordinator);
  await cp.goto('/coordinamento/assegnazioni');
  await cp.getByLabel('Unità').selectOption({ label: '\u00a0\u00a0Comune di Lucca' });
  await cp.getByLabel('Scadenza', { exact: true }).fill('2031-03-31');
  await cp.getByRole('button', { name: 'Assegna all’unità' }).click();
  await expect(cp.getByRole('status')).toContainText('Corso assegnato all’unità');
  await coordinator.close();

  await signIn(page, DEMO.learner);
  await page.goto('/corsi');
  const section = page.getByRole('region', { name: 'Le scadenze nel tuo calendario' });
  await expect(section).toBeVisible();
  await section.getByRole('button', { name: /Crea l’indirizzo del calendario|Revoca e crea un nuovo indirizzo/ }).click();
  await expect(section.getByRole('status')).toContainText('Copialo ora');
  const field = section.getByLabel('Indirizzo del calendario (iCalendar)');
  const url = await field.inputValue();
  expect(url).toMatch(/\/calendario\/[a-z2-7]{32}\/scadenze\.ics$/);
  await expectAccessible(page);

  // A calendar application fetches it without any session.
  const path = new URL(url).pathname;
  const calendarApp = await newClient();
  const feed = await calendarApp.get(path);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('DTSTART;VALUE=DATE:20310331');
  expect(ics).toContain("SUMMARY:Scadenza: Diritto dell'immigrazione e dell'asilo per gli operatori dei servizi pubblici e del privato sociale");
  expect(ics).toMatch(/URL;VALUE=URI:http:\/\/localhost:\d+\/corsi\/dream/);
  await calendarApp.dispose();

  // Reloaded, the page says a URL exists but cannot show it again.
  await page.goto('/corsi');
  await expect(section).toContainText('Hai un indirizzo del calendario attivo');
  await expect(section.getByLabel('Indirizzo del calendario (iCalendar)')).toHaveCount(0);

  // Replaced: the old URL stops working, the new one works.
  await section.getByRole('button', { name: 'Revoca e crea un nuovo indirizzo' }).click();
  const second = new URL(await section.getByLabel('Indirizzo del calendario (iCalendar)').inputValue()).pathname;
  expect(second).not.toBe(path);
  expect((await page.request.get(path)).status()).toBe(404);
  expect((await page.request.get(second)).status()).toBe(200);

  // Revoked: 404, and the page offers to create one again.
  await section.getByRole('button', { name: 'Revoca l’indirizzo' }).click();
  await expect(section.getByRole('status')).toContainText('L’indirizzo del calendario è stato revocato');
  await expect(section.getByRole('button', { name: 'Crea l’indirizzo del calendario' })).toBeVisible();
  expect((await page.request.get(second)).status()).toBe(404);
  await expectAccessible(page);
});
